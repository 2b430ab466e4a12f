package io.tandem.idle;

import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A wait with a deadline and a liveness check: the one loop behind every bounded wait of Tandem's core (a reply,
 * a call's result, a backend's start, an event, a poll). It looks (a {@link Step}, which may do the work that
 * brings the end nearer, such as reading a queue), stops when the step is done, when the peer it waits on has died
 * and the step found nothing, or when the deadline passes, and otherwise idles with a strategy it keeps across waits.
 *
 * <p>The liveness check is read <em>before</em> each step: whatever the peer published before it died is then
 * found by that step, and the wait ends with {@link #DIED} only once a step after the death found nothing.
 * Deadlines are instants of the injected {@link NanoClock}, compared as {@code now - deadline >= 0}.
 *
 * <p>Not thread-safe: one wait at a time. It keeps its idle strategy (and, for {@link #parking}, what that
 * strategy sleeps on), so a wait allocates nothing; a site that many threads wait at keeps a spare and makes
 * another only when two wait at once.
 *
 * <pre>{@code
 * Await await = Await.parking(NanoClock.SYSTEM, WaitMode.PARK, new SpinBudget(), replies::waiting, maxSleep, replyBell);
 * int result = await.until(() -> inbox.read() ? Await.Step.DONE : 0, inbox::hasPending, backend::isAlive,
 *     await.deadline(timeoutNanos));
 * if (result == Await.DIED) throw died();
 * if (result == Await.TIMED_OUT) throw timedOut();
 * }</pre>
 */
public final class Await
{
    /** {@link #until} result: the step said it was done. */
    public static final int MET = 1;
    /** {@link #until} result: the deadline passed first. */
    public static final int TIMED_OUT = 0;
    /** {@link #until} result: the liveness check failed, and the step after it found nothing. */
    public static final int DIED = -1;

    private static final BooleanSupplier NEVER = () -> false;
    private static final BooleanSupplier ALWAYS = () -> true;

    /** One look of a wait. */
    @FunctionalInterface
    public interface Step
    {
        /** What {@link #attempt()} returns when the wait is over. */
        int DONE = -1;

        /**
         * Looks once, doing whatever work brings the end nearer.
         *
         * @return {@link #DONE}, or the work done by this look ({@code > 0} resets the idle strategy's back-off;
         * {@code 0} lets it back off, and ends the wait with {@link #DIED} if the peer was found dead before it).
         */
        int attempt();
    }

    private final NanoClock clock;
    private final IdleStrategy idle;
    /** The current wait's cheap "look again" check and liveness check (what a sleeping idle strategy asks). */
    private BooleanSupplier wake = NEVER;
    private BooleanSupplier alive = ALWAYS;
    private long deadlineNanos;
    /** The instant of the last deadline check. */
    private long lastNanos;

    /**
     * @param clock what deadlines are instants of.
     * @param idle  what a look that found the wait not over does; kept and {@link IdleStrategy#reset() reset} per wait.
     */
    public Await(final NanoClock clock, final IdleStrategy idle)
    {
        if (clock == null || idle == null)
        {
            throw new IllegalArgumentException("need a clock and an idle strategy");
        }
        this.clock = clock;
        this.idle = idle;
    }

    private Await(final NanoClock clock, final Function<Await, IdleStrategy> idle)
    {
        this.clock = clock;
        this.idle = idle.apply(this);
    }

    /**
     * A wait that idles as {@code mode} does; in {@link WaitMode#PARK} it spins, yields, then sleeps on
     * {@code bells} (see {@link ParkingIdleStrategy}) until rung, woken by a look at {@code ready}, at the current
     * wait's {@code wake} check, and at its liveness check after announcing the sleep.
     *
     * @param spin          how long to stay awake, learnt across the waits sharing it (the side of a channel).
     * @param ready         what always ends a sleep (a reply waiting, say): cheap, any thread; may be null.
     * @param maxSleepNanos the longest sleep: how late it notices what rings no bell (its own deadline).
     */
    public static Await parking(final NanoClock clock, final WaitMode mode, final SpinBudget spin,
        final BooleanSupplier ready, final long maxSleepNanos, final Doorbell... bells)
    {
        final BooleanSupplier always = ready == null ? NEVER : ready;
        return new Await(clock, await -> mode.newIdleStrategy(spin, () -> always.getAsBoolean() || await.readyToWake(),
            maxSleepNanos, bells));
    }

    /** @return the instant {@code timeoutNanos} from now on this wait's clock. */
    public long deadline(final long timeoutNanos)
    {
        return clock.nanoTime() + timeoutNanos;
    }

    /** @return the clock deadlines are instants of. */
    public NanoClock clock()
    {
        return clock;
    }

    /**
     * Waits until {@code step} is done, the peer dies, or {@code deadlineNanos} passes.
     *
     * @param step          one look; done ends the wait at once.
     * @param wake          cheap check, any thread: true when a look may now find the wait over (ends a sleep); may be null.
     * @param alive         false once the peer died: ends the wait after the next look that finds nothing; null for none.
     * @param deadlineNanos an instant of the clock ({@link #deadline(long)}).
     * @return {@link #MET}, {@link #DIED} or {@link #TIMED_OUT}.
     */
    public int until(final Step step, final BooleanSupplier wake, final BooleanSupplier alive, final long deadlineNanos)
    {
        watch(wake, alive);
        this.deadlineNanos = deadlineNanos;
        idle.abandon(); // a new wait: spin first again
        int outcome = TIMED_OUT;
        try
        {
            final BooleanSupplier liveness = this.alive;
            while (true)
            {
                // read before the look: what the peer published before dying is found by this look
                final boolean wasAlive = liveness.getAsBoolean();
                final int work = step.attempt();
                if (work == Step.DONE)
                {
                    idle.reset(); // its work came: a strategy that learns when work comes learns it
                    outcome = MET;
                    return MET;
                }
                if (!wasAlive && work <= 0)
                {
                    outcome = DIED;
                    return DIED;
                }
                final long now = clock.nanoTime();
                lastNanos = now;
                if (now - deadlineNanos >= 0)
                {
                    return TIMED_OUT;
                }
                idle.idle(work);
            }
        }
        finally
        {
            if (outcome != MET)
            {
                idle.abandon(); // timed out, died or thrown: no work came, and the next user must not learn otherwise
            }
            watch(null, null); // keeps no wait's state (a captured call, say) alive between waits
        }
    }

    /**
     * @return the current wait's time left at its last deadline check, ns (what an idle strategy that sleeps with
     * a deadline of its own may bound its sleep by).
     */
    public long remainingNanos()
    {
        return deadlineNanos - lastNanos;
    }

    /**
     * For a loop with no deadline (a pump that runs until closed): sets what a sleep wakes on, for the
     * {@link #idle(int)} calls that follow.
     */
    public void watch(final BooleanSupplier wake, final BooleanSupplier alive)
    {
        this.wake = wake == null ? NEVER : wake;
        this.alive = alive == null ? ALWAYS : alive;
    }

    /** Idles once with this wait's strategy, for a loop of its own ({@link #watch}). */
    public void idle(final int work)
    {
        idle.idle(work);
    }

    /**
     * For a loop of its own: ends the current idle spell without its work having come (the loop starts, or slept
     * apart from this strategy), so that the next work found does not count as having come at the spell's last look.
     */
    public void abandon()
    {
        idle.abandon();
    }

    private boolean readyToWake()
    {
        return wake.getAsBoolean() || !alive.getAsBoolean();
    }

    @Override
    public String toString()
    {
        return "Await{" + idle + '}';
    }
}
