package io.tandem.internal.channel;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.RollCycleArithmetic;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Roll cycles for command and reply queues. A reader deletes each queue file once it has moved past it,
 * so the cycle length bounds tmpfs use: about one cycle of traffic per queue. Chronicle's shortest
 * production cycle is a minute; Tandem adds shorter ones.
 */
public enum QueueRollCycles implements RollCycle
{
    /** 10 s per file, up to 2^30 messages in it, every 256th indexed. */
    TEN_SECONDLY("yyyyMMdd-HHmmss'S'", 10_000, 2 << 10, 256),
    /** 1 s per file: for very high, sustained rates (and tests of rolling). */
    ONE_SECONDLY("yyyyMMdd-HHmmss'O'", 1_000, 2 << 10, 256);

    /** The default for Tandem's queues. */
    public static final QueueRollCycles DEFAULT = TEN_SECONDLY;

    /** Beyond an index array: its own header, the next message's header, an end-of-file mark, padding. */
    private static final long INDEX_MARGIN_BYTES = 8 << 10;

    private final String format;
    private final int lengthInMillis;
    private final RollCycleArithmetic arithmetic;

    QueueRollCycles(final String format, final int lengthInMillis, final int indexCount, final int indexSpacing)
    {
        this.format = format;
        this.lengthInMillis = lengthInMillis;
        this.arithmetic = RollCycleArithmetic.of(indexCount, indexSpacing);
    }

    /**
     * @param name one of these, or of Chronicle's {@code RollCycles}, {@code LegacyRollCycles} or
     *             {@code TestRollCycles}.
     * @return the roll cycle of that name.
     * @throws IllegalArgumentException if there is none.
     */
    public static RollCycle forName(final String name)
    {
        for (final QueueRollCycles c : values())
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        for (final RollCycles c : RollCycles.values())
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        for (final LegacyRollCycles c : LegacyRollCycles.values())
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        for (final TestRollCycles c : TestRollCycles.values())
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown roll cycle '" + name + "': use TEN_SECONDLY or one of Chronicle's " +
            "RollCycles, e.g. FIVE_MINUTELY");
    }

    /**
     * @return the room a queue file keeps after each message for Chronicle's index (an index array it may append
     * after it) and the next header: what bounds the largest message below a block's overlap.
     */
    public static long indexReserveBytes(final String rollCycle)
    {
        return forName(rollCycle).defaultIndexCount() * 8L + INDEX_MARGIN_BYTES;
    }

    /**
     * @param queueFileName a queue file's name, e.g. {@code 20261125-185110S.cq4}.
     * @return the roll cycle whose format names it, if one of these or Chronicle's does.
     */
    public static java.util.Optional<RollCycle> forFileName(final String queueFileName)
    {
        final String stem = queueFileName.endsWith(".cq4") ? queueFileName.substring(0, queueFileName.length() - 4) :
            queueFileName;
        final java.util.List<RollCycle> candidates = new java.util.ArrayList<>(java.util.List.of(values()));
        candidates.addAll(java.util.List.of(RollCycles.values()));
        candidates.addAll(java.util.List.of(LegacyRollCycles.values()));
        candidates.addAll(java.util.List.of(TestRollCycles.values()));
        for (final RollCycle c : candidates)
        {
            try
            {
                final java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern(c.format());
                if (f.format(f.parse(stem)).equals(stem))
                {
                    return java.util.Optional.of(c);
                }
            }
            catch (final RuntimeException ignored)
            {
                // not this one
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String format()
    {
        return format;
    }

    @Override
    public int lengthInMillis()
    {
        return lengthInMillis;
    }

    @Override
    public int defaultIndexCount()
    {
        return arithmetic.indexCount();
    }

    @Override
    public int defaultIndexSpacing()
    {
        return arithmetic.indexSpacing();
    }

    @Override
    public long toIndex(final int cycle, final long sequenceNumber)
    {
        return arithmetic.toIndex(cycle, sequenceNumber);
    }

    @Override
    public long toSequenceNumber(final long index)
    {
        return arithmetic.toSequenceNumber(index);
    }

    @Override
    public int toCycle(final long index)
    {
        return arithmetic.toCycle(index);
    }

    @Override
    public long maxMessagesPerCycle()
    {
        return arithmetic.maxMessagesPerCycle();
    }
}
