package io.tandem.idle;

import java.util.function.BooleanSupplier;

/**
 * Spins, then yields, then sleeps on doorbells until rung (see {@link Doorbell}): the default. Traffic that
 * keeps coming never sleeps (awake for up to {@value SpinBudget#MAX_NANOS} ns, a waiter outlasts a round trip
 * between processes); a waiter that has been idle longer sleeps in the kernel, costs no CPU, and its next piece of
 * work wakes it with one system call of the side that publishes it. The phases are timed, not counted (a pass of
 * one loop may cost ten times another's), and how long it stays awake is learnt ({@link SpinBudget}): a waiter
 * whose work keeps coming late stops spinning and sleeps at once.
 *
 * <p>It sleeps on its doorbells only after announcing the sleep and finding {@code ready} still false (see
 * the doorbell protocol), for at most {@code maxSleepNanos}: the bound on how late it notices what rings no bell
 * (a peer's death, found by its own check on the next pass). One per loop, like every idle strategy.
 *
 * <pre>{@code
 * IdleStrategy idle = new ParkingIdleStrategy(() -> queue.hasWork(), TimeUnit.SECONDS.toNanos(1), queueBell);
 * while (running) {
 *     idle.idle(drain(queue));
 * }
 * }</pre>
 */
public final class ParkingIdleStrategy implements IdleStrategy
{
    private final SpinBudget budget;
    /** This idle spell's spin phase, then yield phase, from the budget. */
    private long spinNanos;
    private long yieldNanos;
    private final BooleanSupplier ready;
    private final long maxSleepNanos;
    private volatile Doorbell[] bells;
    private long capNanos = Long.MAX_VALUE;
    /** When this idle spell began (the first pass after work), or 0 before it. */
    private long idleSince;
    private boolean sleptThisSpell;

    /**
     * @param ready         true when the loop has work (checked after announcing a sleep): cheap, any thread.
     * @param maxSleepNanos the longest sleep, {@code >= 1}.
     * @param bells         what wakes it: 1 to 128 doorbells.
     */
    public ParkingIdleStrategy(final BooleanSupplier ready, final long maxSleepNanos, final Doorbell... bells)
    {
        this(new SpinBudget(), ready, maxSleepNanos, bells);
    }

    /**
     * As {@link #ParkingIdleStrategy(BooleanSupplier, long, Doorbell...)}, learning how long to spin in
     * {@code budget}, which the waits of one side of one channel share (see {@link SpinBudget}).
     */
    public ParkingIdleStrategy(final SpinBudget budget, final BooleanSupplier ready, final long maxSleepNanos,
        final Doorbell... bells)
    {
        if (maxSleepNanos < 1 || ready == null || budget == null)
        {
            throw new IllegalArgumentException("need maxSleepNanos >= 1, a spin budget and a readiness check");
        }
        this.budget = budget;
        this.ready = ready;
        this.maxSleepNanos = maxSleepNanos;
        bells(bells);
    }

    /** Replaces what wakes it (a backend that starts watching a ring, say); the next sleep uses them. */
    public void bells(final Doorbell... newBells)
    {
        if (newBells.length == 0 || newBells.length > Futex.WAITV_MAX)
        {
            throw new IllegalArgumentException("1 to " + Futex.WAITV_MAX + " doorbells, got " + newBells.length);
        }
        this.bells = newBells.clone();
    }

    /**
     * Caps the sleeps from now on at {@code nanos} (the loop has a deadline of its own: a timer, say), until the next
     * call; {@link Long#MAX_VALUE} lifts the cap.
     */
    public void sleepAtMost(final long nanos)
    {
        this.capNanos = Math.max(1, nanos);
    }

    @Override
    public void idle()
    {
        final long now = System.nanoTime();
        if (idleSince == 0)
        {
            idleSince = now;
            sleptThisSpell = false;
            final long awake = budget.begin();
            spinNanos = SpinBudget.spinNanos(awake);
            yieldNanos = awake - spinNanos;
        }
        final long idle = now - idleSince;
        if (idle < spinNanos)
        {
            Thread.onSpinWait();
        }
        else if (idle < spinNanos + yieldNanos)
        {
            Thread.yield(); // lets a peer that shares this core run
        }
        else
        {
            final Doorbell[] sleepOn = bells;
            final boolean foundReady = Doorbell.sleep(sleepOn, ready, Math.min(maxSleepNanos, capNanos));
            if (!sleptThisSpell)
            {
                sleptThisSpell = true;
                budget.slept(idleSince, sleepOn, foundReady);
            }
        }
    }

    @Override
    public void reset()
    {
        idleSince = 0;
    }

    /**
     * @return true if this idle spell has reached its sleep (it may have been woken since); false while it spins or
     * yields, and after work. A loop can then look for work the cheap way a sleeper should (a counter in shared
     * memory) and the direct way while it is awake (the source itself, which a peer writing it keeps hot).
     */
    public boolean hasSlept()
    {
        return idleSince != 0 && sleptThisSpell;
    }

    @Override
    public String toString()
    {
        return "ParkingIdleStrategy{spin budget " + budget.nanos() + " ns, maxSleepNanos=" +
            maxSleepNanos + ", bells=" + bells.length + (Doorbell.isSupported() ? "" : ", no futexes: timed sleeps") + '}';
    }
}
