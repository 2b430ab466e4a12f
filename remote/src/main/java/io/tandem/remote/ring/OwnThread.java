package io.tandem.remote.ring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread a ring bridge ({@link RingSender}, {@link RingReceiver}) runs itself on when no caller's Agrona runner
 * composes it: a daemon thread, named after the bridge, stopped by the bridge's {@code close()} (its loop sees its
 * running flag cleared; woken in case it sleeps; joined, bounded).
 */
final class OwnThread
{
    /** How long a bridge's close waits for its thread to finish its last pass. */
    static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private OwnThread()
    {
    }

    /** @return a started daemon thread named {@code name} running {@code loop}. */
    static Thread start(final String name, final Runnable loop)
    {
        final Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Wakes {@code thread} (its running flag already cleared) and waits up to {@link #JOIN_MILLIS} for it to end.
     *
     * @return true if it ended in time (or there was none).
     */
    static boolean stop(final Thread thread)
    {
        if (thread == null)
        {
            return true;
        }
        LockSupport.unpark(thread); // it may be parked, or asleep on a doorbell it re-checks on waking
        try
        {
            thread.join(JOIN_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
