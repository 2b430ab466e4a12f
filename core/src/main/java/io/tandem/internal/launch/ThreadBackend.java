package io.tandem.internal.launch;

import io.tandem.failure.ExitCodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend on a thread of this JVM (in-JVM mode): the same backend runtime a child JVM runs, so
 * the same queues and dispatch, with breakpoints working. "Exiting" is the thread ending; destroying it
 * asks it to stop (a thread cannot be killed).
 */
final class ThreadBackend implements BackendHandle
{
    private final BackendTask runtime;
    private final Thread thread;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final List<Runnable> exitActions = new ArrayList<>();
    private volatile int exitCode = Integer.MIN_VALUE;

    ThreadBackend(final BackendTask runtime, final String processName)
    {
        this.runtime = runtime;
        this.thread = new Thread(this::run, "tandem-backend-" + processName);
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    private void run()
    {
        int code = ExitCodes.BACKEND_FAILED;
        try
        {
            code = runtime.run();
        }
        finally
        {
            exitCode = code;
            exited.countDown();
            final List<Runnable> actions;
            synchronized (exitActions)
            {
                actions = new ArrayList<>(exitActions);
                exitActions.clear();
            }
            for (final Runnable action : actions)
            {
                try
                {
                    action.run();
                }
                catch (final InternalError lateFault)
                {
                    // The late SIGBUS of the backend's read of a queue file cut short under it (see BackendRuntime)
                    // can reach this thread here: it belongs to that read, not to the action, and is delivered once,
                    // so the action runs again and no exit listener is skipped.
                    action.run();
                }
            }
        }
    }

    @Override
    public long pid()
    {
        return ProcessHandle.current().pid();
    }

    @Override
    public boolean isAlive()
    {
        return exited.getCount() > 0;
    }

    @Override
    public OptionalInt exitCode()
    {
        final int code = exitCode;
        return code == Integer.MIN_VALUE ? OptionalInt.empty() : OptionalInt.of(code);
    }

    @Override
    public boolean awaitExit(final Duration timeout) throws InterruptedException
    {
        return exited.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void destroy()
    {
        runtime.requestStop(); // rings its command bell: a sleeping loop wakes
    }

    @Override
    public void destroyForcibly()
    {
        runtime.requestStop();
        thread.interrupt();
    }

    @Override
    public void onExit(final Runnable action)
    {
        synchronized (exitActions)
        {
            if (exited.getCount() > 0)
            {
                exitActions.add(action);
                return;
            }
        }
        action.run();
    }

    @Override
    public String toString()
    {
        return "thread " + thread.getName();
    }
}
