package io.tandem.manager;

import io.tandem.Poller;
import io.tandem.ProcessExit;

import io.tandem.MessageProcess;
import io.tandem.failure.ExitCodes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The base of a program that runs many workers and listens to them all: the tutorial's {@code MainContext}.
 * Subclasses create and start their processes in {@link #startProcesses()} (registering each with
 * {@link #manage}), their threads in {@link #startThreads()}, and write the loop in {@link #run()}, waiting
 * on {@link #poller()}. {@link #close()} stops every managed process in parallel.
 *
 * <pre>{@code
 * class Manager extends MainContext {
 *     @Override protected void startProcesses() {
 *         for (int i = 0; i < 5; i++) manage(new WorkerProcess("worker-" + i)).start();
 *     }
 *     @Override public void run() {
 *         while (!isStopRequested()) {
 *             Poller.Ready ready = poll(Duration.ofSeconds(2));
 *             if (ready.isWoken()) {
 *                 if (isStopSignalled()) logger().warn("SIGTERM or CTRL-C: will exit asap");
 *                 break;
 *             }
 *             for (MessageProcess p : ready.processes()) handle(p, p.tryReceive());
 *         }
 *     }
 * }
 *
 * try (Manager manager = new Manager()) {   // main(): Ctrl-C or SIGTERM ends run(), close() stops the workers
 *     manager.start();
 *     manager.run();
 * }
 *
 * Manager manager = new Manager();         // test(): the loop on a thread of its own
 * manager.runAsThread();
 * ...
 * manager.stopThread();
 * }</pre>
 *
 * <p>When a managed backend exits without being asked, the manager gets it in {@link #onExit}; by
 * default it logs it and restarts the worker as {@link #restartPolicy()} allows (by default never). A restart is a
 * {@link MessageProcess#restart()}: with {@code ProcessOptions.builder().spares(1)} in the workers' options it takes
 * a warm spare JVM (tens of milliseconds from the crash to the new backend answering instead of a cold start's
 * hundreds), and the pool boots the next spare in the background.
 */
public abstract class MainContext implements AutoCloseable
{
    /** Python's CRITICAL level, which slf4j lacks: Tandem's log format prints an error with this marker as CRITICAL. */
    private static final org.slf4j.Marker CRITICAL = org.slf4j.MarkerFactory.getMarker("CRITICAL");

    private final Logger logger = LoggerFactory.getLogger(getClass().getSimpleName());

    private final List<MessageProcess> managed = new CopyOnWriteArrayList<>();
    private final Map<MessageProcess, RestartPolicy.Budget> budgets = new IdentityHashMap<>();
    private volatile Poller poller;
    private volatile boolean started;
    private volatile boolean stopRequested;
    private volatile boolean stopSignalled;
    private volatile boolean closed;
    private volatile Thread loopThread;

    /** @return the manager's logger, named after its class (e.g. {@code Manager}), as the tutorial's {@code self.logger}. */
    protected final Logger logger()
    {
        return logger;
    }

    /** Creates the processes and starts them (with {@link MessageProcess#start()}); register each with {@link #manage}. */
    protected abstract void startProcesses() throws Exception;

    /** Starts the program's own threads, after the processes. None by default. */
    protected void startThreads() throws Exception
    {
    }

    /**
     * The loop: wait on {@link #poller()}, handle what comes, until {@link #isStopRequested()} (or the poll
     * reports it woken).
     */
    public abstract void run() throws Exception;

    /**
     * Starts the processes, then the threads; once. Ctrl-C (SIGINT) and SIGTERM then ask the loop to stop
     * (call {@link #close()} after {@link #run()}; try-with-resources does).
     */
    public final synchronized void start() throws Exception
    {
        if (started)
        {
            return;
        }
        started = true;
        startProcesses();
        for (final MessageProcess p : managed)
        {
            watch(p);
        }
        startThreads();
    }

    /** Registers a process (started or about to be) to be watched, restarted and stopped by this manager. */
    protected final <P extends MessageProcess> P manage(final P process)
    {
        managed.add(process);
        return process;
    }

    /** @return the processes this manager manages. */
    public final List<MessageProcess> processes()
    {
        return new ArrayList<>(managed);
    }

    /** @return the poller watching every managed process (and whatever channels the subclass adds). */
    protected final Poller poller()
    {
        Poller p = poller;
        if (p == null)
        {
            synchronized (this)
            {
                p = poller;
                if (p == null)
                {
                    p = new Poller();
                    poller = p;
                    // requestStop() writes stopRequested then reads poller; this writes poller then reads
                    // stopRequested: both volatile, so a stop asked before the poller existed is seen here.
                    if (stopRequested)
                    {
                        p.wakeup();
                    }
                }
            }
        }
        return p;
    }

    /**
     * Waits on the poller and handles backend exits ({@link #onExit}) before returning what else is ready;
     * returns woken when a stop was requested.
     */
    protected final Poller.Ready poll(final Duration timeout)
    {
        final Poller.Ready ready = poller().poll(timeout);
        for (final ProcessExit exit : ready.exits())
        {
            if (!exit.isRequested() && !stopRequested)
            {
                onExit(exit);
            }
        }
        return ready;
    }

    /**
     * A managed backend exited unexpectedly. Logs it, and restarts the worker when the restart policy
     * allows; override to do otherwise (e.g. hand its work to another).
     */
    protected void onExit(final ProcessExit exit)
    {
        final MessageProcess p = exit.process();
        final RestartPolicy.Budget budget;
        synchronized (budgets)
        {
            budget = budgets.computeIfAbsent(p, k -> restartPolicy().newBudget());
        }
        if (budget.tryRestart(System.nanoTime()))
        {
            logger.warn("{} exited with code {} ({}): restarting it", p.name(), exit.exitCode(),
                ExitCodes.describe(exit.exitCode()));
            p.restart();
        }
        else
        {
            logger.error("{} exited with code {} ({}); not restarted ({})", p.name(), exit.exitCode(),
                ExitCodes.describe(exit.exitCode()), restartPolicy());
        }
    }

    /** @return when to restart a worker that exited unexpectedly: never by default. */
    protected RestartPolicy restartPolicy()
    {
        return RestartPolicy.never();
    }

    /** @return true once a stop was asked (Ctrl-C, SIGTERM, {@link #requestStop()}, {@link #stopThread()}). */
    public final boolean isStopRequested()
    {
        return stopRequested;
    }

    /**
     * @return true once Ctrl-C or SIGTERM asked the loop to stop (through {@link #stopOnSignals()}); false when
     * the stop came from {@link #requestStop()} or {@link #stopThread()}. The handler logs nothing, so the
     * loop, woken, says what happened, as the tutorial's loop does when it catches the KeyboardInterrupt.
     */
    public final boolean isStopSignalled()
    {
        return stopSignalled;
    }

    /** Asks the loop to end: the current poll returns woken. Any thread. */
    public final void requestStop()
    {
        stopRequested = true;
        final Poller p = poller;
        if (p != null)
        {
            p.wakeup();
        }
    }

    /**
     * Starts the manager and runs its loop on a thread of its own (for tests, or to drive it from
     * elsewhere); {@link #stopThread()} ends it. Logs {@code starting as thread} (CRITICAL, as the tutorial's).
     */
    public final synchronized void runAsThread() throws Exception
    {
        if (loopThread != null)
        {
            throw new IllegalStateException("already running as a thread");
        }
        start();
        logger.error(CRITICAL, "starting as thread");
        final Thread t = new Thread(() ->
        {
            try
            {
                run();
            }
            catch (final Exception ex)
            {
                logger.error("loop failed: {}", ex.toString(), ex);
            }
            finally
            {
                close();
            }
        }, getClass().getSimpleName() + "-loop");
        loopThread = t;
        t.start();
    }

    /**
     * Stops the loop started by {@link #runAsThread()} and waits for it and every worker to end. Logs
     * {@code requesting thread stop} and {@code thread stopped} (CRITICAL, as the tutorial's).
     */
    public final void stopThread() throws InterruptedException
    {
        logger.error(CRITICAL, "requesting thread stop");
        requestStop();
        final Thread t = loopThread;
        if (t != null)
        {
            t.join();
        }
        logger.error(CRITICAL, "thread stopped");
    }

    /**
     * As {@link #stopThread()}, waiting at most {@code timeout} (a harness that must not hang uses this).
     *
     * @return true if the loop and its closing ended in time; false if the loop thread still runs.
     */
    public final boolean stopThread(final Duration timeout) throws InterruptedException
    {
        logger.error(CRITICAL, "requesting thread stop");
        requestStop();
        final Thread t = loopThread;
        if (t != null)
        {
            t.join(Math.max(1, timeout.toMillis()));
            if (t.isAlive())
            {
                return false;
            }
        }
        logger.error(CRITICAL, "thread stopped");
        return true;
    }

    /**
     * Stops every managed process in parallel (asks all, then waits for all, destroying those that do not
     * stop within their stop timeout) and closes them. Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        stopRequested = true;
        logger.debug("close: stopping processes");
        for (final MessageProcess p : managed)
        {
            p.requestStop();
        }
        for (final MessageProcess p : managed)
        {
            p.waitStop();
        }
        for (final MessageProcess p : managed)
        {
            p.close();
        }
        final Poller p = poller;
        if (p != null)
        {
            p.close();
        }
        logger.debug("close: processes stopped");
    }

    /**
     * Installs Ctrl-C and SIGTERM handlers that ask the loop to stop. Call from a main program. The handlers
     * log nothing: the loop, woken, sees {@link #isStopSignalled()} and says so (one line, not two).
     */
    public final void stopOnSignals()
    {
        for (final String signal : new String[] {"INT", "TERM"})
        {
            try
            {
                Signal.handle(new Signal(signal), s ->
                {
                    stopSignalled = true; // before the wakeup, so the woken loop sees it
                    requestStop();
                });
            }
            catch (final IllegalArgumentException ex)
            {
                logger.debug("cannot handle SIG{}: {}", signal, ex.toString());
            }
        }
    }

    private void watch(final MessageProcess p)
    {
        if (p.pid() != 0)
        {
            poller().add(p);
        }
    }
}
