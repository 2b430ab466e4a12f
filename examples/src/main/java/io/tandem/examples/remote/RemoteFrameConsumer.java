package io.tandem.examples.remote;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingConsumer;

import java.util.Arrays;

/**
 * The remote example's consumer: the local streaming example's analysis worker, run on a tandem node. Its ring field
 * arrives there as the node's mirror of this host's ring; it reads frames in place, checks each, and reports once a
 * second how many it handled, lost and found corrupt, and how old they were (the producer's {@code System.nanoTime()}:
 * comparable here because the node runs on this host; across hosts the clocks differ).
 */
public final class RemoteFrameConsumer extends MessageProcess implements ConsumerCommands
{
    private final SharedRing ring;
    private transient RingConsumer consumer;
    private transient long reportAt;
    private transient long frames;
    private transient long corrupt;
    private transient long droppedBefore;
    private transient long[] latencies;
    private transient boolean streaming;
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
        latencies = new long[1024];
        reportAt = System.nanoTime() + 1_000_000_000L;
    }

    @Override
    protected int betweenCommands()
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
        final boolean checked = RemoteFrames.intact(frame);
        final long counter = RemoteFrames.counter(frame);
        if (consumer.release()) // false: overwritten while read (OVERWRITE only): not a frame, not counted
        {
            if (!checked)
            {
                corrupt++;
                totalCorrupt++;
            }
            if (frames < latencies.length)
            {
                latencies[(int)frames] = ageNanos;
            }
            frames++;
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
