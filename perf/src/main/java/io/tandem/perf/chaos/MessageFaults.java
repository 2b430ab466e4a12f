package io.tandem.perf.chaos;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.MessageTooLargeException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.failure.TandemException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Faults in what is sent and when: a message over the size limit, malformed messages (unknown command, wrong
 * types, null, deep nesting), {@code close} racing calls in flight, and a {@code preRun} that never returns.
 */
final class MessageFaults
{
    /** README: a too-large message fails "at send time"; the encoding of 4 MiB takes a few ms. */
    static final double TOO_LARGE_BOUND_MS = 500;
    /** How long calls racing a close may take to end (the stop timeout plus slack for 2 loaded cores). */
    static final double CLOSE_RACE_BOUND_MS = 5000;
    static final Duration HUNG_START_WAIT = Duration.ofMillis(1000);
    /** awaitStarted must give up at its timeout, give or take a loaded core's scheduling. */
    static final double HUNG_START_MARGIN_MS = 500;
    private static final int NESTING = 64;

    private MessageFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(
            new Fault.Simple("oversized-message", "MessageTooLargeException in the sender within " + (int)TOO_LARGE_BOUND_MS
                + " ms naming the process, size and limit; the backend keeps serving", MessageFaults::oversized),
            new Fault.Simple("malformed-message", "CommandFailedException naming the command (unknown name, wrong "
                + "type, unknown parameter, deep nesting); missing/null binds as 0; the backend keeps serving", MessageFaults::malformed),
            new Fault.Simple("close-racing-calls", "calls in flight during close() each return their value or throw "
                + "a TandemException/IllegalStateException within " + (int)CLOSE_RACE_BOUND_MS + " ms; the backend's JVM is gone",
                MessageFaults::closeRacingCalls),
            new Fault.Simple("hung-prerun", "awaitStarted(" + HUNG_START_WAIT.toMillis() + " ms) throws "
                + "ReplyTimeoutException naming the process on time; close() ends the hung JVM", MessageFaults::hungPreRun));
    }

    private static Outcome oversized(final ChaosContext ctx)
    {
        final EchoWorker target = ctx.traffic.worker(ctx.random.nextInt(4));
        final long limit = target.options().maxMessageBytes();
        final EchoCommands commands = target.backend(EchoCommands.class);
        final byte[] payload = new byte[(int)limit + 1 + ctx.random.nextInt(1 << 20)];
        final long t0 = System.nanoTime();
        try
        {
            commands.size(payload);
            return Outcome.unexpected(ChaosContext.msSince(t0), "a call of " + payload.length + " bytes to " + target.name()
                + " was accepted (limit " + limit + ")");
        }
        catch (final MessageTooLargeException ex)
        {
            final double ms = ChaosContext.msSince(t0);
            final String m = ex.getMessage();
            if (!m.contains("'" + target.name() + "'") || !m.contains(Long.toString(limit)) || ex.messageBytes() < payload.length)
            {
                return Outcome.unexpected(ms, "the message does not name process, size and limit: " + m);
            }
            if (ms > TOO_LARGE_BOUND_MS)
            {
                return Outcome.unexpected(ms, String.format(Locale.ROOT, "refused after %.0f ms", ms));
            }
            final int small = commands.size(new byte[16]);
            return small == 16 ? Outcome.expected(ms, m)
                : Outcome.unexpected(ms, "after the refusal a 16-byte call answered " + small);
        }
        catch (final RuntimeException ex)
        {
            return Outcome.unexpected(ChaosContext.msSince(t0), "expected MessageTooLargeException, got " + ex);
        }
    }

    private static Outcome malformed(final ChaosContext ctx)
    {
        final EchoWorker target = ctx.traffic.worker(ctx.random.nextInt(4));
        final Duration wait = Duration.ofSeconds(10);
        Object nested = "leaf";
        for (int i = 0; i < NESTING; i++)
        {
            nested = List.of(nested);
        }
        final List<MessageObject> bad = List.of(
            new MessageObject("noSuchCommand", "seq", 1L),
            new MessageObject("square", "seq", "not a number"),
            new MessageObject("square", "seq", 1L, "extra", 2L),
            new MessageObject("size", "payload", nested));
        final List<String> problems = new ArrayList<>();
        final List<Double> times = new ArrayList<>();
        for (final MessageObject m : bad)
        {
            final long t0 = System.nanoTime();
            try
            {
                final Object r = target.call(m, wait);
                problems.add(m.name() + m.parameters().keySet() + " returned " + r);
            }
            catch (final CommandFailedException ex)
            {
                times.add(ChaosContext.msSince(t0));
                if (!ex.getMessage().contains(m.name()))
                {
                    problems.add("the failure of " + m.name() + " does not name it: " + ex.getMessage());
                }
            }
            catch (final RuntimeException | StackOverflowError ex)
            {
                problems.add(m.name() + ": expected CommandFailedException, got " + ex);
            }
        }
        // A missing parameter, or null for a primitive, binds as 0 (io.tandem.Arguments says so; the README's
        // table does not say either way): checked as documented, so a change shows.
        for (final MessageObject m : List.of(new MessageObject("square"), new MessageObject("square", "seq", null)))
        {
            try
            {
                final Object r = target.call(m, wait);
                if (!Long.valueOf(0).equals(r))
                {
                    problems.add(m + " returned " + r + ", not the documented 0");
                }
            }
            catch (final RuntimeException ex)
            {
                problems.add(m + ": documented to bind as 0, threw " + ex);
            }
        }
        final double worst = times.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        final long check = target.backend(EchoCommands.class).square(42);
        if (check != 42)
        {
            problems.add("after the malformed messages square(42) answered " + check);
        }
        return problems.isEmpty() ? Outcome.expected(worst, bad.size() + " malformed messages each refused by name")
            : Outcome.unexpected(worst, String.join("; ", problems));
    }

    private static Outcome closeRacingCalls(final ChaosContext ctx) throws Exception
    {
        final EchoWorker v = ctx.startVictim("victim-close");
        final EchoCommands commands = v.backend(EchoCommands.class, Duration.ofSeconds(30));
        final int threads = 4;
        final CountDownLatch running = new CountDownLatch(threads);
        final CountDownLatch ended = new CountDownLatch(threads);
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final long[] endedAt = new long[threads];
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            final Thread caller = new Thread(() ->
            {
                try
                {
                    for (long i = 0; ; i++)
                    {
                        final long r = commands.square(i);
                        if (r != i)
                        {
                            problems.add("square(" + i + ") answered " + r);
                        }
                        if (i == 10)
                        {
                            running.countDown();
                        }
                    }
                }
                catch (final TandemException | IllegalStateException ex)
                {
                    // the promise: a clear failure, not a hang nor a wrong answer
                }
                catch (final RuntimeException | Error ex)
                {
                    problems.add("a call racing close threw " + ex);
                }
                finally
                {
                    endedAt[id] = System.nanoTime();
                    ended.countDown();
                }
            }, "chaos-close-race-" + t);
            caller.setDaemon(true);
            caller.start();
        }
        if (!running.await(30, TimeUnit.SECONDS))
        {
            v.close();
            return Outcome.unexpected(Double.NaN, "the calls did not get going within 30 s");
        }
        Thread.sleep(ctx.random.nextInt(50));
        final long pid = v.pid();
        final long t0 = System.nanoTime();
        v.close();
        final boolean all = ended.await((long)CLOSE_RACE_BOUND_MS * 2, TimeUnit.MILLISECONDS);
        double ms = 0;
        for (final long at : endedAt)
        {
            ms = Math.max(ms, at == 0 ? Double.NaN : (at - t0) / 1e6);
        }
        if (!all)
        {
            return Outcome.unexpected(ChaosContext.msSince(t0), "calls still wait " + (int)(CLOSE_RACE_BOUND_MS * 2) + " ms after close()");
        }
        if (!ChaosContext.awaitGone(pid, Duration.ofSeconds(5)))
        {
            problems.add("the backend JVM " + pid + " still runs 5 s after close()");
        }
        if (ms > CLOSE_RACE_BOUND_MS)
        {
            problems.add(String.format(Locale.ROOT, "the last call ended %.0f ms after close()", ms));
        }
        return problems.isEmpty() ? Outcome.expected(ms, threads + " callers ended cleanly") : Outcome.unexpected(ms, String.join("; ", problems));
    }

    private static Outcome hungPreRun(final ChaosContext ctx) throws Exception
    {
        final HungStart v = new HungStart(ctx.uniqueName("victim-hung"), ProcessOptions.builder()
            .stopTimeout(Duration.ofSeconds(1)).build());
        try
        {
            v.start();
            ctx.track(v.pid());
            final long t0 = System.nanoTime();
            try
            {
                v.awaitStarted(HUNG_START_WAIT);
                return Outcome.unexpected(ChaosContext.msSince(t0), "awaitStarted returned while preRun hangs");
            }
            catch (final ReplyTimeoutException ex)
            {
                final double ms = ChaosContext.msSince(t0);
                if (!ex.getMessage().contains("'" + v.name() + "'"))
                {
                    return Outcome.unexpected(ms, "the timeout does not name the process: " + ex.getMessage());
                }
                if (ms < HUNG_START_WAIT.toMillis() || ms > HUNG_START_WAIT.toMillis() + HUNG_START_MARGIN_MS)
                {
                    return Outcome.unexpected(ms, String.format(Locale.ROOT, "gave up after %.0f ms for a %d ms timeout", ms,
                        HUNG_START_WAIT.toMillis()));
                }
                final long pid = v.pid();
                v.close();
                if (!ChaosContext.awaitGone(pid, Duration.ofSeconds(5)))
                {
                    return Outcome.unexpected(ms, "the hung backend " + pid + " still runs 5 s after close()");
                }
                return Outcome.expected(ms, ex.getMessage());
            }
            catch (final BackendDiedException ex)
            {
                return Outcome.unexpected(ChaosContext.msSince(t0), "expected ReplyTimeoutException, got " + ex);
            }
        }
        finally
        {
            v.close();
        }
    }
}
