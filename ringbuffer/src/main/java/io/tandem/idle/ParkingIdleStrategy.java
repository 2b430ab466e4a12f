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
 * <p>Work that comes at a steady rhythm (a camera's frames, a timer's ticks) is predicted ({@link Cadence}): the
 * waiter then sleeps only until shortly before the next piece is due and yields until it comes, so it is awake
 * when it comes instead of paying a wake-up, which on a virtual machine whose cores have halted costs 50 to 300 µs.
 * That costs at most 1/32 of a core's time while the rhythm lasts, and nothing once it stops.
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
    /** The rhythm of the work, for waking before it is due. */
    private final Cadence cadence = new Cadence();
    /** When the latest pass looked (after its sleep, if it slept): when work found after it came, at the latest. */
    private long lastLookAt;
    /** When the latest pass went to sleep, or 0 if it did not sleep. */
    private long lastSleptFrom;
    /** The latest pass yielded its core for long: work found after it may have come long before. */
    private boolean lookWasLate;
    /** When the ring that came during the latest pass's sleep rang, or {@code Long.MIN_VALUE} if none did. */
    private long lastRungAt = Long.MIN_VALUE;

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
        lastLookAt = now;
        lastSleptFrom = 0;
        lastRungAt = Long.MIN_VALUE;
        lookWasLate = false;
        final long idle = now - idleSince;
        if (idle < spinNanos)
        {
            Thread.onSpinWait();
        }
        else if (idle < spinNanos + yieldNanos)
        {
            yieldOnce(now); // lets a peer that shares this core run
        }
        else
        {
            sleepUnlessDue(now);
        }
    }

    /**
     * The sleep phase: sleeps on the doorbells, but only until shortly before work of a steady rhythm is due
     * ({@link Cadence}), and not at all while it is due: the waiter then yields, awake when it comes.
     */
    private void sleepUnlessDue(final long now)
    {
        long sleepNanos = Math.min(maxSleepNanos, capNanos);
        long wakeEarlyAt = 0;
        boolean shortened = false;
        if (cadence.steady())
        {
            cadence.missedBy(now); // half a period overdue: the next is due a period on (or its rhythm is lost)
        }
        if (cadence.steady())
        {
            final long wakeAt = cadence.expected() - cadence.lead() - cadence.lateness();
            final long windowEnd = cadence.expected() + cadence.lead();
            if (now - wakeAt >= 0 && now - windowEnd < 0 && cadence.predicts())
            {
                yieldOnce(now); // the work is due: stay awake
                return;
            }
            // asleep until the window opens (or, not predicting, until it would: to learn the timer's lateness);
            // in or after it, until rung or the miss is due
            final long until = now - wakeAt < 0 ? wakeAt : cadence.overdueAt();
            if (until - now < sleepNanos)
            {
                sleepNanos = Math.max(1, until - now);
                wakeEarlyAt = now - wakeAt < 0 ? wakeAt : 0;
                shortened = true;
            }
        }
        final Doorbell[] sleepOn = bells;
        final boolean foundReady = sleep(sleepOn, sleepNanos, wakeEarlyAt != 0);
        final long woke = System.nanoTime();
        final long rungAt = Doorbell.rungSince(sleepOn, now);
        final boolean rung = rungAt != Long.MIN_VALUE;
        lastSleptFrom = now;
        lastRungAt = rungAt;
        lastLookAt = woke;
        if (wakeEarlyAt != 0 && !foundReady && woke - wakeEarlyAt >= 0 && (!rung || rungAt - wakeEarlyAt >= 0))
        {
            // how late the timer was: to the ring that ended the sleep if one came after the deadline (the timer had
            // not fired by then), else to the wake-up; a ring before the deadline says nothing of the timer
            cadence.sleptPast((rung ? rungAt : woke) - wakeEarlyAt);
        }
        if (!sleptThisSpell)
        {
            sleptThisSpell = true;
            if (!shortened)
            {
                budget.slept(idleSince, sleepOn, foundReady); // a sleep the cadence cut short says nothing of the spin
            }
        }
    }

    /**
     * Sleeps on {@code sleepOn}; a sleep to a deadline of the cadence's ({@code toDeadline}) runs with a timer slack of
     * 1 ns, restored after it: Linux's default 50 us would add to the hypervisor's lateness, and the thread is the
     * caller's (a user's thread waiting for a frame, say), whose other sleeps keep their slack.
     */
    private boolean sleep(final Doorbell[] sleepOn, final long sleepNanos, final boolean toDeadline)
    {
        if (!toDeadline)
        {
            return Doorbell.sleep(sleepOn, ready, sleepNanos);
        }
        final long slack = Futex.timerSlackNanos();
        if (slack > 1)
        {
            Futex.setTimerSlack(1);
        }
        try
        {
            return Doorbell.sleep(sleepOn, ready, sleepNanos);
        }
        finally
        {
            if (slack > 1)
            {
                Futex.setTimerSlack(slack);
            }
        }
    }

    /** Yields once; a yield that let a peer run for long marks the work found next as of unknown arrival. */
    private void yieldOnce(final long now)
    {
        Thread.yield();
        lastLookAt = System.nanoTime();
        lookWasLate = lastLookAt - now > Cadence.MIN_LEAD_NANOS;
    }

    /** Ends the idle spell: its work came (the loop's pass found it), which teaches the {@link Cadence}. */
    @Override
    public void reset()
    {
        if (idleSince != 0)
        {
            // when it came is known if a ring stamped it, or the waiter was looking (awake, not held off by a peer);
            // work found after a sleep no ring ended (a source that rings no bell) may have come at any time in it
            final boolean known = lastSleptFrom != 0 ? lastRungAt != Long.MIN_VALUE : !lookWasLate;
            cadence.arrived(arrivalOfWork(), known);
        }
        idleSince = 0;
    }

    /** Ends the idle spell without its work having come (a wait that timed out): teaches nothing. */
    @Override
    public void abandon()
    {
        idleSince = 0;
    }

    /**
     * @return when the work that ended the spell came: the ring that woke the waiter, if it slept last and was
     * rung (the ringer's clock: when it published; read as the sleep ended), else when the waiter last looked before
     * finding it.
     */
    private long arrivalOfWork()
    {
        return lastRungAt != Long.MIN_VALUE ? lastRungAt : lastLookAt;
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
        return "ParkingIdleStrategy{spin budget " + budget.nanos() + " ns, " + cadence + ", maxSleepNanos=" +
            maxSleepNanos + ", bells=" + bells.length + (Doorbell.isSupported() ? "" : ", no futexes: timed sleeps") + '}';
    }
}
