package io.tandem.idle;

/**
 * What a polling loop does when a pass found nothing to do: the duty-cycle contract shared by Tandem's
 * backends, pollers and ring buffer consumers.
 *
 * <p>Call {@link #idle(int)} once per pass with the amount of work the pass did; a positive count resets
 * the strategy, zero lets it back off further. A strategy may return early, for no reason (a spurious
 * wake-up, a timed park that ran out): every loop re-checks its shared state after it returns. Instances keep
 * per-loop state: one per thread.
 *
 * <pre>{@code
 * IdleStrategy idle = WaitMode.BACKOFF.newIdleStrategy();
 * while (running) {
 *     int work = pollCommands() + pollRing();
 *     idle.idle(work);
 * }
 * }</pre>
 */
public interface IdleStrategy
{
    /**
     * Idles according to the work the last pass did.
     *
     * @param workCount work done by the last pass; {@code > 0} resets the strategy.
     */
    default void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    /** Idles once, backing off further than the previous call if the strategy backs off. */
    void idle();

    /**
     * Forgets the back-off state: the next {@link #idle()} is the cheapest one again. Called when a pass found work
     * after idling, it tells a strategy that learns when work comes ({@link ParkingIdleStrategy}) that it came.
     */
    void reset();

    /**
     * As {@link #reset()}, for an idle spell that ended without its work (a wait that timed out, or a new wait
     * starting): a strategy that learns when work comes learns nothing from it.
     */
    default void abandon()
    {
        reset();
    }
}
