package io.tandem.manager;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When a manager restarts a worker that exited unexpectedly: never, or up to a number of times within a
 * window (so a worker that dies at once on every start is not restarted forever).
 *
 * <pre>{@code
 * @Override protected RestartPolicy restartPolicy() { return RestartPolicy.upTo(3, Duration.ofMinutes(1)); }
 * }</pre>
 */
public final class RestartPolicy
{
    private static final RestartPolicy NEVER = new RestartPolicy(0, Duration.ZERO);

    private final int maxRestarts;
    private final Duration window;

    private RestartPolicy(final int maxRestarts, final Duration window)
    {
        this.maxRestarts = maxRestarts;
        this.window = window;
    }

    /** @return a policy that never restarts. */
    public static RestartPolicy never()
    {
        return NEVER;
    }

    /**
     * @param maxRestarts restarts allowed within {@code window}, at least 1.
     * @param window      the sliding window.
     */
    public static RestartPolicy upTo(final int maxRestarts, final Duration window)
    {
        if (maxRestarts < 1 || window == null || window.isNegative() || window.isZero())
        {
            throw new IllegalArgumentException("need maxRestarts >= 1 and a positive window, got " + maxRestarts + ", " + window);
        }
        return new RestartPolicy(maxRestarts, window);
    }

    public int maxRestarts()
    {
        return maxRestarts;
    }

    /** The restarts of one worker, judged against the policy. Not thread-safe: the manager's loop owns it. */
    public final class Budget
    {
        private final Deque<Long> restarts = new ArrayDeque<>();

        /**
         * @param nowNanos the time of the exit.
         * @return true if one more restart is allowed now (and counts it).
         */
        public boolean tryRestart(final long nowNanos)
        {
            if (maxRestarts == 0)
            {
                return false;
            }
            while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() > window.toNanos())
            {
                restarts.pollFirst();
            }
            if (restarts.size() >= maxRestarts)
            {
                return false;
            }
            restarts.addLast(nowNanos);
            return true;
        }
    }

    /** @return a fresh budget for one worker. */
    public Budget newBudget()
    {
        return new Budget();
    }

    @Override
    public String toString()
    {
        return maxRestarts == 0 ? "never" : "up to " + maxRestarts + " restarts within " + window;
    }
}
