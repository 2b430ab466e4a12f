package io.tandem.perf;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Latency at a fixed offered rate, free of coordinated omission. A closed loop (send, wait for the answer, send
 * again) stops sending while the system stalls, so a 10 ms stall costs one slow sample and the requests that
 * would have arrived meanwhile are never measured: p99 looks as if the stall never happened. Here operation
 * {@code i} is <em>intended</em> to start at {@code start + i * interval}; its latency is measured from that
 * intended time to its end, so when one operation stalls, every operation scheduled during the stall is charged
 * the time it waited to be sent. The time from the actual send is kept too (the service time, what a closed loop
 * reports), so a run shows both and their difference is the omission.
 *
 * <pre>{@code
 * FixedRateSampler.Samples s = FixedRateSampler.perSecond(10_000).run(20_000, 100_000, i ->
 * {
 *     ping.ping(i);
 *     while (received[0] != i) { p.tryReceive(handler); }
 * });
 * results.add(s.result("rtt.tandem-command@10k"));        // from intended send times, with "rate":10000
 * System.out.println(s.lateSends() + " sends were late");  // > 0: the rate was not sustained all along
 * }</pre>
 * Warm-up runs at the same rate and is not kept; the schedule restarts after it, so warm-up lag is not charged
 * to the first samples. Between sends the sampler parks until {@value #SPIN_NS} ns before the intended time, then
 * spins: a client at a modest rate does not burn a core, which on a small shared machine would itself deschedule
 * the peers being measured; a late wake-up only delays a send, and is charged like any other delay.
 * If the operation cannot keep up with the rate on average, latencies grow with the run: that is the honest
 * answer for an overloaded system, and {@link Samples#lateSends()} says so.
 */
public final class FixedRateSampler
{
    /** One timed operation; {@code i} counts from {@code -warmup} up to {@code samples - 1}. */
    @FunctionalInterface
    public interface Operation
    {
        void run(long i) throws Exception;
    }

    /** How long before an intended send time the sampler stops parking and spins (parking overshoots by ~50 µs). */
    static final long SPIN_NS = 200_000;

    private final double ratePerSecond;
    private final long intervalNs;
    private final LongSupplier clock;
    private final boolean park;

    /** @param park whether to park between sends; false for a clock that is not {@link System#nanoTime()}. */
    FixedRateSampler(final double ratePerSecond, final LongSupplier clock, final boolean park)
    {
        if (!(ratePerSecond > 0) || ratePerSecond > 1e9)
        {
            throw new IllegalArgumentException("rate must be in (0, 1e9] per second: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.intervalNs = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.clock = clock;
        this.park = park;
    }

    /** @return a sampler starting {@code ratePerSecond} operations a second, timed by {@link System#nanoTime()}. */
    public static FixedRateSampler perSecond(final double ratePerSecond)
    {
        return new FixedRateSampler(ratePerSecond, System::nanoTime, true);
    }

    /** @return the operations a second this sampler starts. */
    public double ratePerSecond()
    {
        return ratePerSecond;
    }

    /** @return the interval between intended start times, ns. */
    public long intervalNs()
    {
        return intervalNs;
    }

    /** Runs {@code warmup} then {@code samples} operations at the fixed rate; keeps a latency per sample. */
    public Samples run(final int warmup, final int samples, final Operation op) throws Exception
    {
        if (samples <= 0 || warmup < 0)
        {
            throw new IllegalArgumentException("samples must be positive and warmup not negative: " + samples + ", " + warmup);
        }
        schedule(-warmup, 0, op, null, null);
        final long[] fromIntended = new long[samples];
        final long[] fromActual = new long[samples];
        final int late = schedule(0, samples, op, fromIntended, fromActual);
        return new Samples(ratePerSecond, fromIntended, fromActual, late);
    }

    /** @return how many operations of {@code [from, to)} started more than one interval after their intended time. */
    private int schedule(final long from, final long to, final Operation op, final long[] fromIntended, final long[] fromActual)
        throws Exception
    {
        int late = 0;
        final long start = clock.getAsLong();
        for (long i = from; i < to; i++)
        {
            final long intended = start + (i - from) * intervalNs;
            long now;
            while ((now = clock.getAsLong()) - intended < 0)
            {
                if (park && intended - now > SPIN_NS)
                {
                    LockSupport.parkNanos(intended - now - SPIN_NS);
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
            op.run(i);
            final long end = clock.getAsLong();
            if (now - intended > intervalNs)
            {
                late++;
            }
            if (fromIntended != null)
            {
                fromIntended[(int)i] = end - intended;
                fromActual[(int)i] = end - now;
            }
        }
        return late;
    }

    /** The latencies of one fixed-rate run. */
    public static final class Samples
    {
        private final double ratePerSecond;
        private final long[] fromIntended;
        private final long[] fromActual;
        private final int lateSends;

        Samples(final double ratePerSecond, final long[] fromIntended, final long[] fromActual, final int lateSends)
        {
            this.ratePerSecond = ratePerSecond;
            this.fromIntended = fromIntended;
            this.fromActual = fromActual;
            this.lateSends = lateSends;
        }

        /**
         * @return the samples of several runs at the same rate as one (runs interleaved with other alternatives,
         * say), late sends added up.
         */
        public static Samples merge(final java.util.List<Samples> runs)
        {
            if (runs.isEmpty())
            {
                throw new IllegalArgumentException("no runs to merge");
            }
            int n = 0;
            int late = 0;
            for (final Samples r : runs)
            {
                if (r.ratePerSecond != runs.get(0).ratePerSecond)
                {
                    throw new IllegalArgumentException("runs at different rates: " + r.ratePerSecond + " and " +
                        runs.get(0).ratePerSecond);
                }
                n += r.fromIntended.length;
                late += r.lateSends;
            }
            final long[] intended = new long[n];
            final long[] actual = new long[n];
            int at = 0;
            for (final Samples r : runs)
            {
                System.arraycopy(r.fromIntended, 0, intended, at, r.fromIntended.length);
                System.arraycopy(r.fromActual, 0, actual, at, r.fromActual.length);
                at += r.fromIntended.length;
            }
            return new Samples(runs.get(0).ratePerSecond, intended, actual, late);
        }

        /** @return ns from each operation's intended start to its end: the latency with omission accounted for. */
        public long[] fromIntended()
        {
            return fromIntended;
        }

        /** @return ns from each operation's actual start to its end: the service time a closed loop would report. */
        public long[] fromActual()
        {
            return fromActual;
        }

        /** @return how many operations started more than one interval late (queued behind a slower one). */
        public int lateSends()
        {
            return lateSends;
        }

        public double ratePerSecond()
        {
            return ratePerSecond;
        }

        /** @return the latency from intended start times, with the target {@code rate} (per s) and {@code late} sends. */
        public Result result(final String name)
        {
            return Result.latency(name, fromIntended.clone()).with("rate", ratePerSecond).with("late", lateSends);
        }

        /** @return the service time (from actual starts): what the same run reports if the omission is ignored. */
        public Result serviceTime(final String name)
        {
            return Result.latency(name, fromActual.clone());
        }
    }
}
