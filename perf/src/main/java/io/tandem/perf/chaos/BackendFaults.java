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
     * README: a waiting {@code receive} fails "within milliseconds"; DESIGN: "within ~1 s". The bound is the
     * second, which holds on 2 loaded cores; the table shows how far under it each detection was.
     */
    static final double DIED_BOUND_MS = 1000;
    /** README: a send or call to a backend known dead fails "at once": within this (a loaded core's scheduling). */
    static final double AT_ONCE_BOUND_MS = 100;
    /** A dead BLOCK consumer is dropped once its heartbeat is older than the ring's timeout; this much slack. */
    static final double EVICT_MARGIN_MS = 1000;
    private static final long HOLD_MILLIS = 30_000;
    private static final int SIGKILL_EXIT = 128 + 9;

    private BackendFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(
            new Simple("kill9-mid-command", "receive throws BackendDiedException naming the process and exit code 137 within "
                + (int)DIED_BOUND_MS + " ms; a send after it fails at once", BackendFaults::midCommand),
            new Simple("kill9-mid-call", "the waiting call throws BackendDiedException naming the process and 137 within "
                + (int)DIED_BOUND_MS + " ms", BackendFaults::midCall),
            new Simple("kill9-mid-syncindex", "SyncIndex.close throws BackendDiedException naming the process and 137 within "
                + (int)DIED_BOUND_MS + " ms", BackendFaults::midSyncIndex),
            new Simple("kill9-mid-ring-read", "the BLOCK producer is held up no longer than the heartbeat timeout (+"
                + (int)EVICT_MARGIN_MS + " ms); the ring's other reader loses nothing", BackendFaults::midRingRead),
            new Simple("sigstop-consumer", "a stopped BLOCK reader holds the producer back, is not dropped, and after SIGCONT "
                + "reads on with nothing lost or repeated", BackendFaults::stopContinue));
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
            commands.echo(0);
            commands.hold(HOLD_MILLIS);
            ChaosContext.awaitReply(v, "holding", Duration.ofSeconds(10)); // it is inside the command now
            final long t0 = System.nanoTime();
            ChaosContext.signal(v.pid(), "KILL");
            Throwable failure = null;
            try
            {
                while (true)
                {
                    v.receive(Duration.ofSeconds(5)); // replies sent before it died are still delivered
                }
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
            }
            final double ms = ChaosContext.msSince(t0);
            final Outcome receive = judge(failure, v.name(), ms, DIED_BOUND_MS);
            if (!receive.asExpected())
            {
                return receive;
            }
            final long t1 = System.nanoTime();
            try
            {
                commands.echo(1);
                return Outcome.unexpected(ms, "a send to the dead backend returned normally");
            }
            catch (final RuntimeException ex)
            {
                final Outcome send = judge(ex, v.name(), ChaosContext.msSince(t1), AT_ONCE_BOUND_MS);
                return send.asExpected() ? receive : Outcome.unexpected(ms, "send after death: " + send.evidence());
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
                return judge(ex.getCause(), v.name(), (failedAt[0] - t0) / 1e6, DIED_BOUND_MS);
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
            final CompletableFuture<Void> wait = CompletableFuture.runAsync(() ->
            {
                try (SyncIndex i = new SyncIndex(v.events(), Duration.ofSeconds(60)))
                {
                    commands.holdSync(HOLD_MILLIS, i.index());
                }
                finally
                {
                    failedAt[0] = System.nanoTime();
                }
            });
            ChaosContext.awaitReply(v, "holding", Duration.ofSeconds(10));
            Thread.sleep(20); // the waiter is in close() by now (it sent before the backend could answer)
            final long t0 = System.nanoTime();
            ChaosContext.signal(v.pid(), "KILL");
            try
            {
                wait.get(10, TimeUnit.SECONDS);
                return Outcome.unexpected(ChaosContext.msSince(t0), "SyncIndex.close returned normally after the kill");
            }
            catch (final ExecutionException ex)
            {
                return judge(ex.getCause(), v.name(), (failedAt[0] - t0) / 1e6, DIED_BOUND_MS);
            }
            catch (final TimeoutException ex)
            {
                return Outcome.unexpected(ChaosContext.msSince(t0), "SyncIndex.close still waits 10 s after the kill");
            }
        }
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
            return Outcome.expected(ms, "producer moved on " + (traffic.blockPublished() - publishedAtKill) +
                " frames; consumers evicted: " + evicted);
        }
    }

    private static Outcome stopContinue(final ChaosContext ctx) throws Exception
    {
        final Traffic traffic = ctx.traffic;
        final long pid = traffic.reader().pid();
        final long evictedBefore = traffic.blockRing().consumersEvicted();
        final long stopMillis = 200 + ctx.random.nextInt(1300); // up to past the heartbeat timeout
        ChaosContext.signal(pid, "STOP");
        try
        {
            Thread.sleep(stopMillis);
        }
        finally
        {
            ChaosContext.signal(pid, "CONT");
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
        return Outcome.expected(ms, "stopped " + stopMillis + " ms; the ring moved on " + String.format(Locale.ROOT, "%.0f", ms) +
            " ms after SIGCONT; losses are counted at the end");
    }

    /** A fault made of a name, a promise and a body. */
    record Simple(String name, String promise, Body body) implements Fault
    {
        @Override
        public Outcome inject(final ChaosContext ctx) throws Exception
        {
            return body.inject(ctx);
        }
    }

    /** The body of a {@link Simple} fault. */
    interface Body
    {
        Outcome inject(ChaosContext ctx) throws Exception;
    }
}
