package io.tandem.remote.ring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread a ring bridge ({@link RingSender}, {@link RingReceiver}) runs itself on when no caller's Agrona runner
 * composes it: a daemon thread, named after the bridge, stopped by the bridge's {@code close()} (its loop sees its
 * running flag cleared; woken in case it sleeps; joined, bounded). One per bridge, so that both start and stop their
 * thread the same way instead of each keeping its own thread and running flag.
 */
final class OwnThread
{
    /** How long a bridge's close waits for its thread to finish its last pass. */
    static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private Thread thread;
    private volatile boolean running;

    /**
     * Starts a daemon thread named {@code name} running {@code loop}, which runs while {@link #running()}.
     *
     * @param closed whether the bridge is closed already (the bridge holds its own lock while it calls this).
     * @param what   the bridge, for the message ({@code "sender x"}).
     * @throws IllegalStateException if it was started already or the bridge is closed.
     */
    synchronized void start(final String name, final Runnable loop, final boolean closed, final String what)
    {
        if (thread != null || closed)
        {
            throw new IllegalStateException(what + " is " + (closed ? "closed" : "started already"));
        }
        running = true;
        thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return true until {@link #stop()} (or {@link #halt()}): the loop's condition. */
    boolean running()
    {
        return running;
    }

    /** The loop ends of itself (it failed): {@link #running()} is false from now on. */
    void halt()
    {
        running = false;
    }

    /**
     * Clears the running flag, wakes the thread (if one was started) and waits up to {@link #JOIN_MILLIS} for it to
     * end.
     *
     * @return true if it ended in time (or there was none).
     */
    boolean stop()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
        }
        if (t == null)
        {
            return true;
        }
        LockSupport.unpark(t); // it may be parked, or asleep on a doorbell it re-checks on waking
        try
        {
            t.join(JOIN_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
