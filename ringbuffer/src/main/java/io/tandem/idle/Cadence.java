package io.tandem.idle;

/**
 * The rhythm of a waiter's work, learnt from when it came, so that a waiter whose work comes at a steady rate (a
 * camera's frames, a command sent every 10 ms) is awake when the next piece comes instead of asleep on its doorbell.
 *
 * <p>Why: on a virtual machine a sleeping core halts, and waking it (the ringer's futex wake, an interrupt to the
 * other core, the hypervisor scheduling it again) takes 50 to 300 µs once the core has been idle a few milliseconds;
 * a look by an awake waiter takes well under a microsecond. The {@link SpinBudget} cannot help there: work that comes
 * milliseconds apart is far past any spin. What can help is the period: a waiter that knows the next piece is due at
 * {@code t} sleeps until shortly before {@code t - lead}, then stays awake (yielding) until it comes or until
 * {@code t + lead}, and sleeps on its doorbells as before.
 *
 * <p>What it learns, from the time each piece of work came (the ringer's stamp when it woke the waiter, else when
 * the waiter found it, if it was looking then):
 * <ul>
 *   <li>when the next piece is due and the period, by a phase-locked loop over the arrivals that agree with the
 *       prediction (within an eighth of the period); one that does not (a command between frames) is ignored, and
 *       three in a row start the learning afresh;</li>
 *   <li>the lead: what three quarters of the recent errors do not exceed, plus {@value #MIN_LEAD_NANOS} ns;</li>
 *   <li>how late a timed sleep ends past its deadline (timer slack, the hypervisor): what seven eighths of the
 *       recent ones do not exceed, so that the early wake-up is early by that much more.</li>
 * </ul>
 * It predicts only after {@value #STEADY_AFTER} agreeing arrivals, and only while the time it would spend awake
 * (twice the lead, plus the sleep's lateness) is at most 1/{@value #DUTY_DIVISOR} of the period (so for periods of
 * 1.28 ms and more): a waiter whose work is irregular gets no prediction and costs nothing more. While the rhythm
 * holds but the lateness alone makes the window too costly, the waiter still wakes once before each arrival, to learn
 * the lateness again. An arrival overdue by half a period is a miss: the prediction moves on to the next beat (a
 * frame the producer skipped), and the third miss in a row stops it until the rhythm is learnt again. So a stream
 * that stops costs at most three windows, and an idle waiter sleeps as before.
 *
 * <p>Not thread-safe: one per waiting loop (its {@link ParkingIdleStrategy}).
 */
final class Cadence
{
    /** Arrivals that agree with the prediction before the first window. */
    static final int STEADY_AFTER = 4;
    /** The time awake around each predicted arrival is at most the period divided by this. */
    static final long DUTY_DIVISOR = 32;
    /** Predicted arrivals in a row that may not come (by half a period after) before the prediction stops. */
    static final int MISSES_ALLOWED = 2;
    /** Added to the lead: what a thread needs to look again, whatever the measured errors. */
    static final long MIN_LEAD_NANOS = 20_000;
    /**
     * The shortest period predicted: its window (twice the least lead) is 1/{@value #DUTY_DIVISOR} of it. Shorter
     * rhythms are left to the spin budget.
     */
    static final long MIN_PERIOD_NANOS = 2 * MIN_LEAD_NANOS * DUTY_DIVISOR;
    /** A sleep's lateness counts up to this (a preemption of milliseconds is not the timer's lateness). */
    static final long MAX_LATENESS_NANOS = 500_000;
    /** Arrivals that disagree with the prediction, in a row, before the rhythm is learnt afresh. */
    private static final int OUTLIERS_ALLOWED = 3;

    /** When work last came; 0 before the first. */
    private long lastArrival;
    /** When the next piece is due; meaningful once a period is known. */
    private long next;
    private long period;
    private int agreeing;
    private int outliers;
    private int misses;
    /** How far arrivals fell from their prediction, recently. */
    private final RecentSpread errors = new RecentSpread(3, 4);
    /** How late timed sleeps ended past their deadline, recently. */
    private final RecentSpread lateness = new RecentSpread(7, 8);

    /**
     * Work came at {@code at} ({@link System#nanoTime()}), or ({@code exact} false) was found then, having come some
     * time before: such an arrival only moves the prediction on by a period. An exact arrival near the prediction
     * (within an eighth of the period, late ones included) corrects it, a phase-locked loop: the next is due a period
     * later, moved half of the way toward this arrival, and the period by an eighth of the error. The correction is
     * clamped to twice the lead, so one arrival milliseconds late (its producer preempted) hardly moves the arrivals
     * predicted after it.
     */
    void arrived(final long at, final boolean exact)
    {
        final long previous = lastArrival;
        lastArrival = at;
        misses = 0;
        if (previous == 0)
        {
            return;
        }
        if (period == 0)
        {
            relearn(at - previous, at);
            return;
        }
        final long error = at - next;
        if (!exact)
        {
            if (error + lead() >= 0)
            {
                next += period; // it came in (or after) its window: the next is due a period on, uncorrected
            }
            return;
        }
        if (Math.abs(error) <= period >> 3)
        {
            final long correction = Math.max(-2 * lead(), Math.min(2 * lead(), error));
            // gains 1/2 (phase) and 1/8 (period): the error of a step decays by about 0.7 an arrival; with 1/16 for the
            // period it decayed by 0.85, and a producer's phase shift took 20 frames to learn
            period += correction >> 3;
            next += period + (correction >> 1);
            errors.add(Math.abs(error), period >= MIN_PERIOD_NANOS);
            if (agreeing < Integer.MAX_VALUE)
            {
                agreeing++; // saturates: wrapped negative, a steady rhythm would stop being predicted
            }
            outliers = 0;
        }
        else if (++outliers >= OUTLIERS_ALLOWED)
        {
            relearn(at - previous, at);
        }
    }

    /**
     * @return true if the predicted arrival is overdue by half a period, and the prediction has moved on by a
     * period (a frame the producer skipped), or stopped after {@value #MISSES_ALLOWED} such misses in a row. Until
     * then a late arrival is still this one, and teaches the lead how late they come.
     */
    boolean missedBy(final long now)
    {
        if (now - overdueAt() < 0)
        {
            return false;
        }
        if (++misses > MISSES_ALLOWED)
        {
            relearn(0, 0);
            lastArrival = 0;
        }
        else
        {
            // to the first arrival not yet overdue: a waiter busy elsewhere for several periods missed one beat,
            // not several (and would otherwise make a sleep of nothing for each)
            next += period * ((now - overdueAt()) / period + 1);
        }
        return true;
    }

    /** @return when the predicted arrival counts as missed ({@link #missedBy}): half a period after it was due. */
    long overdueAt()
    {
        return next + (period >> 1);
    }

    /** A timed sleep meant to end at a deadline ended {@code lateNanos} after it. */
    void sleptPast(final long lateNanos)
    {
        lateness.add(Math.max(0, Math.min(lateNanos, MAX_LATENESS_NANOS)), true);
    }

    /**
     * @return true if the work keeps a rhythm worth predicting: {@value #STEADY_AFTER} arrivals agreed with it, its
     * period is at least {@value #MIN_PERIOD_NANOS} ns, and twice the lead fits in 1/{@value #DUTY_DIVISOR} of it. The
     * waiter then wakes before each arrival even while the lateness of its timed sleeps makes the window too costly
     * to stay awake in ({@link #predicts()} false): a wake-up per period, which keeps that lateness learnt (a stale
     * one would keep the prediction off for good), and lets the prediction start once it is low enough.
     */
    boolean steady()
    {
        return agreeing >= STEADY_AFTER && period >= MIN_PERIOD_NANOS && 2 * lead() <= period / DUTY_DIVISOR;
    }

    /** @return true if the waiter stays awake around the next arrival ({@link #expected()}, {@link #lead()}). */
    boolean predicts()
    {
        return steady() && 2 * lead() + lateness() <= period / DUTY_DIVISOR;
    }

    /** @return when the next piece of work is due ({@link System#nanoTime()}); meaningful while {@link #predicts()}. */
    long expected()
    {
        return next;
    }

    /**
     * @return how long before (and after) {@link #expected()} the waiter stays awake: what covers three quarters of
     * the recent errors, plus {@link #MIN_LEAD_NANOS}. A quantile, not a mean: a rare arrival milliseconds late
     * (a preempted producer) would otherwise widen every window.
     */
    long lead()
    {
        return MIN_LEAD_NANOS + errors.quantile();
    }

    /**
     * @return how much earlier than {@code expected() - lead()} a sleep should end: what seven eighths of the recent
     * timed sleeps' lateness do not exceed (a sleep that ends later than the work comes pays a whole wake-up).
     */
    long lateness()
    {
        return lateness.quantile();
    }

    /** @return the learnt period, ns (0 while none). */
    long period()
    {
        return period;
    }

    private void relearn(final long gap, final long at)
    {
        period = gap;
        next = at + gap;
        agreeing = 0;
        outliers = 0;
        errors.clear();
    }

    @Override
    public String toString()
    {
        return "Cadence{period " + period + " ns, lead " + lead() + " ns, agreeing " + agreeing + ", lateness " +
            lateness() + " ns" + (predicts() ? ", predicting" : "") + '}';
    }

    /** The last 16 samples of a non-negative quantity, and the value a given share of them do not exceed. */
    static final class RecentSpread
    {
        private static final int SAMPLES = 16;
        private final long[] samples = new long[SAMPLES];
        private final long[] sorted = new long[SAMPLES];
        private final int numerator;
        private final int denominator;
        /** Where the next sample goes: it wraps, so that no count of samples (billions, at a high rate) overflows. */
        private int next;
        private int filled;
        private long quantile;

        /** Tracks the {@code numerator/denominator} quantile (less than 1). */
        RecentSpread(final int numerator, final int denominator)
        {
            this.numerator = numerator;
            this.denominator = denominator;
        }

        /** Adds a sample; {@code update} false skips recomputing the quartile (no one will read it). */
        void add(final long sample, final boolean update)
        {
            samples[next] = sample;
            next = (next + 1) % SAMPLES;
            filled = Math.min(filled + 1, SAMPLES);
            if (update)
            {
                System.arraycopy(samples, 0, sorted, 0, filled);
                java.util.Arrays.sort(sorted, 0, filled);
                quantile = sorted[filled * numerator / denominator];
            }
        }

        long quantile()
        {
            return quantile;
        }

        void clear()
        {
            next = 0;
            filled = 0;
            quantile = 0;
        }
    }
}
