package io.tandem.examples.remote;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.examples.frames.CheckingReader;
import io.tandem.examples.frames.FramePattern;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingConsumer;

/**
 * The remote example's consumer: the local streaming example's analysis worker, run on a tandem node. Its ring field
 * arrives there as the node's mirror of this host's ring; it reads frames in place, checks each, and reports once a
 * second how many it handled, lost and found corrupt, and how old they were ({@link CheckingReader}; the age is from
 * the producer's {@code System.nanoTime()}: comparable here because the node runs on this host; across hosts the
 * clocks differ). It also keeps totals since the start, which the frontend asks for at the end.
 */
public final class RemoteFrameConsumer extends MessageProcess implements ConsumerCommands
{
    private final SharedRing ring;
    private transient RingConsumer consumer;
    private transient CheckingReader reader;
    private transient long totalFrames;
    private transient long totalCorrupt;
    private transient long lastCounter;

    public RemoteFrameConsumer(final String name, final SharedRing ring, final ProcessOptions options)
    {
        super(name, options);
        this.ring = ring;
    }

    @Override
    protected void preRun()
    {
        consumer = ring.consumer(name());
        wakeOn(consumer); // asleep until a frame (or a command) comes
        reader = new CheckingReader(consumer, RemoteExample.FRAMES, this::sendOut, this::wakeAt);
    }

    @Override
    protected int betweenCommands()
    {
        final Frame frame = reader.next();
        if (frame == null)
        {
            return 0;
        }
        final long counter = FramePattern.counter(frame);
        if (reader.release())
        {
            if (!reader.intact())
            {
                totalCorrupt++;
            }
            totalFrames++;
            lastCounter = counter;
        }
        return 1;
    }

    @Override
    public long[] totals()
    {
        return new long[] {totalFrames, consumer.dropped(), totalCorrupt, lastCounter};
    }
}
