package io.tandem.idle;

/**
 * How long a waiter stays awake (spinning, then yielding) before it sleeps, learnt from when its work came, shared
 * by the waits of one side of one channel.
 *
 * <p>Staying awake pays only while the other side answers within that time: the answer is then caught without
 * a wake-up, at the cost of the time awake. When traffic is spaced (a request now and then) every such spell
 * ends in a sleep anyway and only burns a core. So a wait whose work came soon (within {@link #MAX_NANOS})
 * grows the budget to twice that delay, and one whose work came later halves it, down to nothing: the waiter
 * then sleeps at once. "Came" is when the peer rang the doorbell ({@link Doorbell#rungSince}), not when the
 * kernel let the waiter run again, which on a virtual machine may be tens of microseconds later and is no
 * reason to stay awake less.
 *
 * <p>Of the awake time, at most {@link #SPIN_NANOS} is spent spinning; the rest yields. A spinning thread holds
 * its core, and a peer woken onto that core (the scheduler's choice when the other cores are busy) waits for
 * it: a yield lets it run at once.
 *
 * <p>Racy by design: a hint, read and written without locks by whichever thread waits.
 *
 * <pre>{@code
 * SpinBudget spin = new SpinBudget();                        // one per side of a channel, kept across waits
 * IdleStrategy idle = new ParkingIdleStrategy(spin, ready, maxSleepNanos, bell);
 * }</pre>
 */
public final class SpinBudget
{
    /** The longest a waiter stays awake before sleeping: well past a round trip between processes. */
    public static final long MAX_NANOS = 50_000;
    /** The longest it spins (the rest of its awake time it yields). */
    public static final long SPIN_NANOS = 5_000;
    private static final long MIN_STEP_NANOS = 1_000;

    private volatile long nanos = MAX_NANOS;
    /** The wait in progress has not taught the budget yet. */
    private volatile boolean teaching;

    /**
     * Starts a wait: it stays awake for the returned time (spinning the first {@link #spinNanos(long)} of it), then
     * sleeps, and reports when its work came ({@link #slept}).
     *
     * @return how long a wait starting now stays awake, ns.
     */
    public long begin()
    {
        teaching = true;
        return nanos;
    }

    /** @return the part of {@code awakeNanos} spent spinning. */
    public static long spinNanos(final long awakeNanos)
    {
        return Math.min(awakeNanos, SPIN_NANOS);
    }

    /**
     * The current wait went to sleep on {@code bells} (or found its work as it announced the sleep): learns when its
     * work came from the time the ring that woke it wrote into the doorbell. Only the first sleep of a wait teaches.
     *
     * @param waitStart  when the wait began ({@link System#nanoTime()}).
     * @param foundReady true if the work was there as the sleep was announced (no sleep).
     */
    public void slept(final long waitStart, final Doorbell[] bells, final boolean foundReady)
    {
        if (!teaching)
        {
            return;
        }
        teaching = false;
        final long now = System.nanoTime();
        final long rungAt = foundReady ? now : Doorbell.rungSince(bells, waitStart);
        final long cameAfter = (rungAt == Long.MIN_VALUE ? now : rungAt) - waitStart;
        if (cameAfter < MAX_NANOS)
        {
            nanos = Math.min(MAX_NANOS, Math.max(nanos * 2 + MIN_STEP_NANOS, cameAfter * 2)); // awake, it would have caught it
        }
        else
        {
            final long half = nanos >> 1;
            nanos = half < MIN_STEP_NANOS ? 0 : half;
        }
    }

    /** @return the current budget, ns. */
    public long nanos()
    {
        return nanos;
    }
}
