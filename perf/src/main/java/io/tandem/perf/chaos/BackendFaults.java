package io.tandem.perf.chaos;

import io.tandem.failure.BackendDiedException;
import io.tandem.sync.SyncIndex;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Faults of a backend process: {@code kill -9} while it is inside a command, a call, a SyncIndex wait or a ring
 * read, and SIGSTOP/SIGCONT of a ring consumer. Each victim is a process of its own, so the main traffic's paths
 * survive and are checked at the end.
 */
final class BackendFaults
{
    /**
     * README: a waiting {@code receive} or call fails "within milliseconds": the same bound core's tests hold it to
     * ({@code FailureBounds.DEATH_NOTICE_MS}: the child's exit is seen at once and the waiter woken).
     */
    static final double DIED_BOUND_MS = 100;
    /** What a loaded 2-core machine may add to a bound, as core's tests allow ({@code FailureBounds.LOADED_MARGIN_MS}). */
    static final double LOADED_MARGIN_MS = 500;
    /** README: a send or call to a backend known dead fails "at once": within this (a loaded core's scheduling). */
    static final double AT_ONCE_BOUND_MS = 100;
    /** A dead BLOCK consumer is dropped once its heartbeat is older than the ring's timeout; this much slack. */
    static final double EVICT_MARGIN_MS = 1000;
    private static final long HOLD_MILLIS = 30_000;
    /** Numbered echoes a victim answers before it is killed: each must still be delivered before the exception. */
    private static final int ECHOES_BEFORE_KILL = 20;
    private static final int SIGKILL_EXIT = 128 + 9;
    /** A SIGSTOP lasts 1.2 to 1.5 s: past the ring's 1 s heartbeat timeout each time. */
    private static final long STOP_MIN_MILLIS = 1200;
    private static final int STOP_SPREAD_MILLIS = 300;

    private BackendFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(
            new Fault.Simple("kill9-mid-command", "receive throws BackendDiedException naming the process and exit code 137 within "
                + (int)DIED_BOUND_MS + " ms (+" + (int)LOADED_MARGIN_MS + " ms margin); a send after it fails at once", BackendFaults::midCommand),
            new Fault.Simple("kill9-mid-call", "the waiting call throws BackendDiedException naming the process and 137 within "
                + (int)DIED_BOUND_MS + " ms (+" + (int)LOADED_MARGIN_MS + " ms margin)", BackendFaults::midCall),
            new Fault.Simple("kill9-mid-syncindex", "SyncIndex.close throws BackendDiedException naming the process and 137 within "
                + (int)DIED_BOUND_MS + " ms (+" + (int)LOADED_MARGIN_MS + " ms margin)", BackendFaults::midSyncIndex),
            new Fault.Simple("kill9-mid-ring-read", "the BLOCK producer is held up no longer than the heartbeat timeout (+"
                + (int)EVICT_MARGIN_MS + " ms) and exactly the killed reader is evicted; the ring's other reader loses nothing", BackendFaults::midRingRead),
            new Fault.Simple("sigstop-consumer", "a BLOCK reader stopped 1.2-1.5 s (past its heartbeat timeout) holds the "
                + "producer back (at most the ring's slots published meanwhile), is not dropped, and after SIGCONT reads on with "
                + "nothing lost or repeated", BackendFaults::stopContinue));
    }

    /** Checks an exception is the promised BackendDiedException for {@code name} killed by SIGKILL. */
    static String diedProblem(final Throwable ex, final String name)
    {
        if (!(ex instanceof BackendDiedException died))
        {
            return "expected BackendDiedException, got " + ex;
        }
        if (!name.equals(died.processName()) || died.exitCode() != SIGKILL_EXIT || !ex.getMessage().contains("'" + name + "'")
            || !ex.getMessage().contains(Integer.toString(SIGKILL_EXIT)))
        {
            return "BackendDiedException does not name '" + name + "' and exit code " + SIGKILL_EXIT + ": " + ex.getMessage();
        }
        return null;
    }

    private static Outcome judge(final Throwable ex, final String name, final double ms, final double bound)
    {
        final String problem = diedProblem(ex, name);
        if (problem != null)
        {
            return Outcome.unexpected(ms, problem);
        }
        if (ms > bound)
        {
            return Outcome.unexpected(ms, String.format(Locale.ROOT, "took %.0f ms, over the %.0f ms bound: %s", ms, bound,
                ex.getMessage()));
        }
        return Outcome.expected(ms, ex.getMessage());
    }

    private static Outcome midCommand(final ChaosContext ctx) throws Exception
    {
        try (EchoWorker v = ctx.startVictim("victim-command"))
        {
            final EchoCommands commands = v.backend(EchoCommands.class);
            for (long i = 0; i < ECHOES_BEFORE_KILL; i++)
            {
                commands.echo(i);
            }
            commands.hold(HOLD_MILLIS);
            // Inside the command now, its earlier replies written and none of them read: the kill finds them unread.
            final long until = System.nanoTime() + 10_000_000_000L;
            while (v.values().getLong(EchoWorker.HOLDING_SLOT) != 1)
            {
                if (System.nanoTime() - until > 0)
                {
                    return Outcome.unexpected(Double.NaN, "the victim did not start holding within 10 s");
                }
                Thread.sleep(1);
            }
            final long t0 = System.nanoTime();
            ChaosContext.signal(v.pid(), "KILL");
            Throwable failure = null;
            final java.util.BitSet echoed = new java.util.BitSet();
            try
            {
                while (true)
                {
                    final io.tandem.MessageObject m = v.receive(Duration.ofSeconds(5));
                    if (m != null && "echo".equals(m.name()))
                    {
                        echoed.set(((Number)m.get("seq")).intValue());
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
            }
            final double ms = ChaosContext.msSince(t0);
            final Outcome receive = judge(failure, v.name(), ms, DIED_BOUND_MS + LOADED_MARGIN_MS);
            if (!receive.asExpected())
            {
                return receive;
            }
            if (echoed.cardinality() != ECHOES_BEFORE_KILL || echoed.length() != ECHOES_BEFORE_KILL)
            {
                return Outcome.unexpected(ms, "replies sent before the kill: " + echoed.cardinality() + " of "
                    + ECHOES_BEFORE_KILL + " delivered before the exception (" + echoed + ")");
            }
            final long t1 = System.nanoTime();
            try
            {
                commands.echo(ECHOES_BEFORE_KILL);
                return Outcome.unexpected(ms, "a send to the dead backend returned normally");
            }
            catch (final RuntimeException ex)
            {
                final Outcome send = judge(ex, v.name(), ChaosContext.msSince(t1), AT_ONCE_BOUND_MS);
                return send.asExpected() ? Outcome.expected(ms, ECHOES_BEFORE_KILL + " replies sent before the kill all "
                    + "delivered, then " + receive.evidence()) : Outcome.unexpected(ms, "send after death: " + send.evidence());
            }
        }
    }

    private static Outcome midCall(final ChaosContext ctx) throws Exception
    {
        try (EchoWorker v = ctx.startVictim("victim-call"))
        {
            final EchoCommands commands = v.backend(EchoCommands.class, Duration.ofSeconds(60));
            final long[] failedAt = new long[1];
            final CompletableFuture<Long> call = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return commands.holdCall(HOLD_MILLIS);
                }
                finally
                {
                    failedAt[0] = System.nanoTime();
                }
            });
            ChaosContext.awaitReply(v, "holding", Duration.ofSeconds(10));
            final long t0 = System.nanoTime();
            ChaosContext.signal(v.pid(), "KILL");
            try
            {
                final long r = call.get(10, TimeUnit.SECONDS);
                return Outcome.unexpected(ChaosContext.msSince(t0), "the call returned " + r + " from a killed backend");
            }
            catch (final ExecutionException ex)
            {
                return judge(ex.getCause(), v.name(), (failedAt[0] - t0) / 1e6, DIED_BOUND_MS + LOADED_MARGIN_MS);
            }
            catch (final TimeoutException ex)
            {
                return Outcome.unexpected(ChaosContext.msSince(t0), "the call still waits 10 s after the kill");
            }
        }
    }

    private static Outcome midSyncIndex(final ChaosContext ctx) throws Exception
    {
        try (EchoWorker v = ctx.startVictim("victim-sync"))
        {
            final EchoCommands commands = v.backend(EchoCommands.class);
            final long[] failedAt = new long[1];
            final java.util.concurrent.atomic.AtomicReference<Thread> waiter = new java.util.concurrent.atomic.AtomicReference<>();
            final CompletableFuture<Void> wait = new CompletableFuture<>();
            final Thread t = new Thread(() ->
            {
                try
                {
                    try (SyncIndex i = new SyncIndex(v.events(), Duration.ofSeconds(60)))
                    {
                        commands.holdSync(HOLD_MILLIS, i.index());
                        waiter.set(Thread.currentThread()); // set right before close() begins its wait
                    }
                    finally
                    {
                        failedAt[0] = System.nanoTime();
                    }
                    wait.complete(null);
                }
                catch (final Throwable ex)
                {
                    wait.completeExceptionally(ex);
                }
            }, WAITER_THREAD);
            t.setDaemon(true);
            t.start();
            ChaosContext.awaitReply(v, "holding", Duration.ofSeconds(10));
            // The kill must find the waiter parked in close()'s wait, not on its way there: the flag says it is in
            // close(); the thread's state says the wait has reached its park (the JVM's, or the kernel's when it
            // sleeps on a doorbell in native code, where Java still calls it RUNNABLE).
            final long until = System.nanoTime() + 10_000_000_000L;
            while (waiter.get() == null || !parked(t))
            {
                if (System.nanoTime() - until > 0 || wait.isDone())
                {
                    return Outcome.unexpected(Double.NaN, "the SyncIndex waiter was not parked in close() within 10 s (state "
                        + t.getState() + ", kernel " + kernelState(t.getName()) + ", done " + wait.isDone() + ")");
                }
                Thread.sleep(1);
            }
            final long t0 = System.nanoTime();
            ChaosContext.signal(v.pid(), "KILL");
            try
            {
                wait.get(10, TimeUnit.SECONDS);
                return Outcome.unexpected(ChaosContext.msSince(t0), "SyncIndex.close returned normally after the kill");
            }
            catch (final ExecutionException ex)
            {
                return judge(ex.getCause(), v.name(), (failedAt[0] - t0) / 1e6, DIED_BOUND_MS + LOADED_MARGIN_MS);
            }
            catch (final TimeoutException ex)
            {
                return Outcome.unexpected(ChaosContext.msSince(t0), "SyncIndex.close still waits 10 s after the kill");
            }
        }
    }

    /** The SyncIndex waiter's name: under 16 characters, so the kernel's copy of it (comm) is the whole name. */
    private static final String WAITER_THREAD = "chaos-syncwait";

    /** @return true if {@code t} is parked: WAITING to the JVM, or sleeping (S) in the kernel. */
    private static boolean parked(final Thread t)
    {
        final Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || "S".equals(kernelState(t.getName()));
    }

    /** @return the kernel's state letter of this JVM's thread named {@code name} (from /proc/self/task), or "?". */
    private static String kernelState(final String name)
    {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task")))
        {
            for (final java.nio.file.Path task : (Iterable<java.nio.file.Path>)tasks::iterator)
            {
                try
                {
                    if (name.equals(java.nio.file.Files.readString(task.resolve("comm")).trim()))
                    {
                        final String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                    }
                }
                catch (final java.io.IOException | RuntimeException ex)
                {
                    // that thread ended meanwhile
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            // no /proc
        }
        return "?";
    }

    private static Outcome midRingRead(final ChaosContext ctx) throws Exception
    {
        final Traffic traffic = ctx.traffic;
        try (RingReader v = ctx.started(new RingReader(ctx.uniqueName("victim-reader"),
            io.tandem.ProcessOptions.defaults(), traffic.blockRing().path())))
        {
            final RingReaderCommands commands = v.backend(RingReaderCommands.class);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (Long.parseLong(commands.report().split("=")[1].split(",")[0]) == 0)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    return Outcome.unexpected(Double.NaN, "the victim reader got no frame within 10 s");
                }
                Thread.sleep(10);
            }
            final long evictedBefore = traffic.blockRing().consumersEvicted();
            final long t0 = System.nanoTime();
            ChaosContext.signal(v.pid(), "KILL");
            // The victim held its slot; the producer goes on once the dead reader is dropped, and not later.
            final long publishedAtKill = traffic.blockPublished();
            final double bound = Traffic.RING_HEARTBEAT.toMillis() + EVICT_MARGIN_MS;
            final long until = t0 + (long)(bound * 3e6);
            while (traffic.blockPublished() < publishedAtKill + Traffic.RING_SLOTS + 1)
            {
                if (System.nanoTime() - until > 0)
                {
                    return Outcome.unexpected(ChaosContext.msSince(t0), "the BLOCK producer published " +
                        (traffic.blockPublished() - publishedAtKill) + " frames in " + (int)(bound * 3) + " ms after the kill");
                }
                Thread.sleep(2);
            }
            final double ms = ChaosContext.msSince(t0);
            final long evicted = traffic.blockRing().consumersEvicted() - evictedBefore;
            if (ms > bound)
            {
                return Outcome.unexpected(ms, String.format(Locale.ROOT, "the producer was held %.0f ms (bound %.0f ms)", ms, bound));
            }
            if (evicted != 1)
            {
                return Outcome.unexpected(ms, "consumers evicted after the kill: " + evicted + ", not the 1 killed");
            }
            return Outcome.expected(ms, "producer moved on " + (traffic.blockPublished() - publishedAtKill) +
                " frames; consumers evicted: " + evicted);
        }
    }

    private static Outcome stopContinue(final ChaosContext ctx) throws Exception
    {
        final Traffic traffic = ctx.traffic;
        final long pid = traffic.reader().pid();
        final long evictedBefore = traffic.blockRing().consumersEvicted();
        // Always past the ring's 1 s heartbeat timeout: a stopped (not dead) reader must still not be dropped.
        final long stopMillis = STOP_MIN_MILLIS + ctx.random.nextInt(STOP_SPREAD_MILLIS + 1);
        ChaosContext.signal(pid, "STOP");
        final long atStop = traffic.blockPublished();
        final long beforeCont;
        try
        {
            Thread.sleep(stopMillis);
        }
        finally
        {
            beforeCont = traffic.blockPublished();
            ChaosContext.signal(pid, "CONT");
        }
        if (beforeCont - atStop > Traffic.RING_SLOTS)
        {
            return Outcome.unexpected(Double.NaN, "the BLOCK producer published " + (beforeCont - atStop) + " frames while its "
                + "reader was stopped, more than the ring's " + Traffic.RING_SLOTS + " slots: it did not wait for the reader");
        }
        final long t0 = System.nanoTime();
        final long published = traffic.blockPublished();
        final long deadline = t0 + 5_000_000_000L;
        while (traffic.blockPublished() <= published + Traffic.RING_SLOTS)
        {
            if (System.nanoTime() - deadline > 0)
            {
                return Outcome.unexpected(ChaosContext.msSince(t0), "the producer did not move on within 5 s of SIGCONT");
            }
            Thread.sleep(1);
        }
        final double ms = ChaosContext.msSince(t0);
        final long evicted = traffic.blockRing().consumersEvicted() - evictedBefore;
        if (evicted != 0 || !traffic.reader().isAlive())
        {
            return Outcome.unexpected(ms, "the stopped reader was dropped (evicted " + evicted + ", alive " +
                traffic.reader().isAlive() + ") after " + stopMillis + " ms stopped");
        }
        return Outcome.expected(ms, "stopped " + stopMillis + " ms (producer +" + (beforeCont - atStop) + " frames meanwhile); the ring moved on " + String.format(Locale.ROOT, "%.0f", ms) +
            " ms after SIGCONT; losses are counted at the end");
    }
}
