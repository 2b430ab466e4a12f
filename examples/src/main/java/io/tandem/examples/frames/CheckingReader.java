package io.tandem.examples.frames;

import io.tandem.MessageObject;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingConsumer;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A frame consumer process's reading: takes its ring consumer's frames, checks each against a {@link FramePattern},
 * and once a second, from the first frame on, sends the report of the second just ended: frames handled, dropped (the
 * ring's count for the consumer), failed their check, and their age (p50 and max, from the producer's timestamp),
 * printed by {@link ReportLines#consumer}. The streaming example's consumers and the remote example's read through
 * it, so that both count and report frames alike. Not thread-safe: the process's own thread uses it.
 */
public final class CheckingReader
{
    private static final long SECOND = 1_000_000_000L;

    private final RingConsumer consumer;
    private final FramePattern pattern;
    private final Consumer<MessageObject> out;
    private final LongConsumer wakeAt;
    private final long[] latencies = new long[1024];
    private long reportAt = System.nanoTime() + SECOND;
    private long frames;
    private long corrupt;
    private long droppedBefore;
    private boolean streaming;
    private long ageNanos;
    private boolean intact;

    /**
     * @param out    where reports go (the process's {@code sendOut}).
     * @param wakeAt how to wake for the next report while no frame comes (the process's {@code wakeAt}).
     */
    public CheckingReader(final RingConsumer consumer, final FramePattern pattern, final Consumer<MessageObject> out,
        final LongConsumer wakeAt)
    {
        this.consumer = consumer;
        this.pattern = pattern;
        this.out = out;
        this.wakeAt = wakeAt;
    }

    /**
     * Sends the report if one is due, then takes the next frame and checks it.
     *
     * @return the frame, or null if there is none (a wake-up then set for the next report).
     */
    public Frame next()
    {
        report();
        final Frame frame = consumer.tryReceive();
        if (frame == null)
        {
            if (streaming)
            {
                wakeAt.accept(reportAt); // the next report is due even if no frame comes
            }
            return null;
        }
        if (!streaming)
        {
            streaming = true; // report from the first frame on
            reportAt = System.nanoTime() + SECOND;
        }
        ageNanos = System.nanoTime() - frame.timestamp();
        intact = pattern.intact(frame);
        return frame;
    }

    /** @return whether the frame {@link #next()} returned passed its check. */
    public boolean intact()
    {
        return intact;
    }

    /**
     * Releases the frame {@link #next()} returned and counts it.
     *
     * @return false if it was overwritten while read (OVERWRITE only): not a frame, not counted.
     */
    public boolean release()
    {
        if (!consumer.release())
        {
            return false;
        }
        if (!intact)
        {
            corrupt++;
        }
        if (frames < latencies.length)
        {
            latencies[(int)frames] = ageNanos;
        }
        frames++;
        return true;
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
        out.accept(new MessageObject("consumer", "frames", frames, "dropped", dropped - droppedBefore, "corrupt", corrupt,
            "p50Micros", n == 0 ? 0 : sorted[n / 2] / 1000, "maxMicros", n == 0 ? 0 : sorted[n - 1] / 1000));
        frames = 0;
        corrupt = 0;
        droppedBefore = dropped;
        reportAt += SECOND;
    }
}
