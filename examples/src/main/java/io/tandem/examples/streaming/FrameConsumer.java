package io.tandem.examples.streaming;

import io.tandem.MessageProcess;
import io.tandem.examples.frames.CheckingReader;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.RingConsumer;

/**
 * An analysis worker: reads frames in place, checks each, and reports once a second how many it handled,
 * how many it lost, how many failed their check (never: a torn frame is detected and not handed out) and
 * how old they were ({@link CheckingReader}). A slow one spends {@code workMillis} on each frame. The ring is a field:
 * it travels to the backend by name, attaches there, and closes with the process (its consumer with it).
 */
public final class FrameConsumer extends MessageProcess
{
    private final SharedRing ring;
    private final long workMillis;
    private transient CheckingReader reader;

    public FrameConsumer(final String name, final SharedRing ring, final long workMillis)
    {
        super(name);
        this.ring = ring;
        this.workMillis = workMillis;
    }

    @Override
    protected void preRun()
    {
        final RingConsumer consumer = ring.consumer(name());
        wakeOn(consumer); // asleep until a frame (or a command) comes
        reader = new CheckingReader(consumer, StreamingExample.FRAMES, this::sendOut, this::wakeAt);
    }

    @Override
    protected int betweenCommands() throws InterruptedException
    {
        if (reader.next() == null)
        {
            return 0;
        }
        if (workMillis > 0)
        {
            Thread.sleep(workMillis); // analysis takes time; in BLOCK mode the producer waits for it
        }
        reader.release();
        return 1;
    }
}
