package io.tandem.examples.streaming;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingConsumer;

import java.util.Arrays;

/**
 * An analysis worker: reads frames in place, checks each, and reports once a second how many it handled,
 * how many it lost, how many failed their check (never: a torn frame is detected and not handed out) and
 * how old they were. A slow one spends {@code workMillis} on each frame. The ring is a field: it travels to the
 * backend by name, attaches there, and closes with the process (its consumer with it).
 */
public final class FrameConsumer extends MessageProcess
{
    private final SharedRing ring;
    private final long workMillis;
    private transient RingConsumer consumer;
    private transient long reportAt;
    private transient long frames;
    private transient long corrupt;
    private transient long droppedBefore;
    private transient long[] latencies;
    private transient boolean streaming;

    public FrameConsumer(final String name, final SharedRing ring, final long workMillis)
    {
        super(name);
        this.ring = ring;
        this.workMillis = workMillis;
    }

    @Override
    protected void preRun()
    {
        consumer = ring.consumer(name());
        wakeOn(consumer); // asleep until a frame (or a command) comes
        latencies = new long[1024];
        reportAt = System.nanoTime() + 1_000_000_000L;
    }

    @Override
    protected int betweenCommands() throws InterruptedException
    {
        report();
        final Frame frame = consumer.tryReceive();
        if (frame == null)
        {
            if (streaming)
            {
                wakeAt(reportAt); // the next report is due even if no frame comes
            }
            return 0;
        }
        if (!streaming)
        {
            streaming = true; // report from the first frame on
            reportAt = System.nanoTime() + 1_000_000_000L;
        }
        final long ageNanos = System.nanoTime() - frame.timestamp();
        final boolean checked = Frames.intact(frame);
        if (workMillis > 0)
        {
            Thread.sleep(workMillis); // analysis takes time; in BLOCK mode the producer waits for it
        }
        if (consumer.release()) // false: overwritten while read (OVERWRITE only): not a frame, not counted
        {
            if (!checked)
            {
                corrupt++;
            }
            if (frames < latencies.length)
            {
                latencies[(int)frames] = ageNanos;
            }
            frames++;
        }
        return 1;
    }

    private void report()
    {
        final long now = System.nanoTime();
        if (!streaming || now - reportAt < 0)
        {
            return;
        }
        final long dropped = consumer.dropped();
        final int n = (int)Math.min(frames, latencies.length);
        final long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        sendOut(new MessageObject("consumer", "frames", frames, "dropped", dropped - droppedBefore, "corrupt", corrupt,
            "p50Micros", n == 0 ? 0 : sorted[n / 2] / 1000, "maxMicros", n == 0 ? 0 : sorted[n - 1] / 1000));
        frames = 0;
        corrupt = 0;
        droppedBefore = dropped;
        reportAt += 1_000_000_000L;
    }
}
