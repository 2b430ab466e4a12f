package io.tandem.examples.frames;

import io.tandem.MessageObject;
import io.tandem.ringbuffer.RingPolicy;

import java.util.Locale;

/**
 * The lines the streaming and the remote examples print for a producer's and a consumer's second, in one place so
 * that both examples print them alike:
 *
 * <pre>
 * BLOCK      t=1s  producer  30 frames/s  waited 0 ms for a free slot
 * BLOCK      t=1s  consumer  30 frames/s  dropped 0    corrupt 0  age p50 1.9 ms  max 4.1 ms
 * </pre>
 */
public final class ReportLines
{
    private ReportLines()
    {
    }

    /** @return a producer's line: frames it published in the second, milliseconds it waited for a slot. */
    public static String producer(final RingPolicy policy, final long second, final String who, final long frames,
        final long waitedMillis)
    {
        return String.format(Locale.ROOT, "%-10s t=%ds  %-8s %3d frames/s  waited %d ms for a free slot", policy, second,
            who, frames, waitedMillis);
    }

    /** @return a consumer's line, from its {@link CheckingReader}'s report. */
    public static String consumer(final RingPolicy policy, final long second, final String who, final MessageObject m)
    {
        return String.format(Locale.ROOT, "%-10s t=%ds  %-8s %3d frames/s  dropped %-4d corrupt %d  age p50 %s  max %s",
            policy, second, who, m.get("frames", Long.class), m.get("dropped", Long.class), m.get("corrupt", Long.class),
            age(m.get("p50Micros", Long.class)), age(m.get("maxMicros", Long.class)));
    }

    /** @return a frame's age as read: microseconds below a millisecond, milliseconds above. */
    static String age(final long micros)
    {
        return micros < 1000 ? micros + " us" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
