package io.tandem.failure;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code close()}, {@code stop()} and {@code restart()} racing calls in flight from several threads, and many
 * threads in {@code receive} at once: every call completes with its own answer or fails with a clear exception
 * (a Tandem exception, or "closed" naming the process) within a bound; no call hangs, no answer reaches the
 * wrong caller, no reply is lost or delivered twice.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class RacingCloseTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CALLERS = 4;
    /** Once the race is over every caller has its answer or its exception within this (2 loaded cores). */
    private static final long SETTLE_MS = 10_000;

    @Test
    void closeRacingCallsInFlight() throws Exception
    {
        final FaultyProcess p = new FaultyProcess("closed-under-calls", quickStop());
        race(p, "closed-under-calls", FaultyProcess::close, false);
        assertFalse(p.isAlive());
    }

    @Test
    void stopRacingCallsInFlight() throws Exception
    {
        try (FaultyProcess p = new FaultyProcess("stopped-under-calls", quickStop()))
        {
            race(p, "stopped-under-calls", FaultyProcess::stop, false);
            assertFalse(p.isAlive());
        }
    }

    @Test
    void restartRacingCallsInFlightAndCallsWorkAfterIt() throws Exception
    {
        try (FaultyProcess p = new FaultyProcess("restarted-under-calls", quickStop()))
        {
            race(p, "restarted-under-calls", FaultyProcess::restart, true);
            assertTrue(p.isAlive());
            assertEquals(99L, p.backend(FaultyCommands.class, WAIT).next(99));
        }
    }

    @Test
    void manyThreadsReceivingAtOnceGetEveryReplyExactlyOnce() throws Exception
    {
        final int replies = 4000;
        final int receivers = 8;
        try (FaultyProcess p = new FaultyProcess("many-receivers", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final ConcurrentHashMap<Long, Integer> seen = new ConcurrentHashMap<>();
            final AtomicInteger received = new AtomicInteger();
            final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < receivers; t++)
            {
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        while (received.get() < replies)
                        {
                            final MessageObject m;
                            try
                            {
                                m = p.receive(Duration.ofMillis(200));
                            }
                            catch (final ReplyTimeoutException quiet)
                            {
                                continue; // another receiver took the last ones
                            }
                            seen.merge(m.get("seq", Long.class), 1, Integer::sum);
                            received.incrementAndGet();
                        }
                    }
                    catch (final Throwable e)
                    {
                        failures.add(e);
                    }
                }, "receiver-" + t);
                thread.start();
                threads.add(thread);
            }
            final FaultyCommands commands = p.backend(FaultyCommands.class);
            for (long seq = 0; seq < replies; seq++)
            {
                commands.record(seq);
            }
            joinAll(threads, WAIT.toMillis());
            assertTrue(failures.isEmpty(), "receivers failed: " + failures);
            assertEquals(replies, received.get());
            assertEquals(replies, seen.size(), "every reply received");
            seen.forEach((seq, count) -> assertEquals(1, count, "reply " + seq + " received " + count + " times"));
            assertEquals(null, p.tryReceive(), "nothing left over");
        }
    }

    private static ProcessOptions quickStop()
    {
        return ProcessOptions.builder().stopTimeout(Duration.ofSeconds(2)).replyTimeout(WAIT).build();
    }

    /**
     * Callers call {@code next(unique)} in a loop; once each has had some answers, {@code action} runs. A caller
     * stops at its first exception (or, with {@code callsResume}, after 20 answers past the action).
     */
    private static void race(final FaultyProcess p, final String name, final Consumer<FaultyProcess> action,
        final boolean callsResume) throws Exception
    {
        p.start();
        p.awaitStarted(WAIT);
        final FaultyCommands commands = p.backend(FaultyCommands.class);
        final AtomicInteger answered = new AtomicInteger();
        final AtomicReference<String> wrongAnswer = new AtomicReference<>();
        final ConcurrentLinkedQueue<Throwable> unclear = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> clear = new ConcurrentLinkedQueue<>();
        final AtomicInteger afterAction = new AtomicInteger();
        final long[] actionDone = {0};
        final List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++)
        {
            final long base = (t + 1) * 1_000_000_000L;
            final Thread caller = new Thread(() ->
            {
                int resumed = 0;
                for (long i = 0; ; i++)
                {
                    try
                    {
                        final long answer = commands.next(base + i);
                        if (answer != base + i)
                        {
                            wrongAnswer.compareAndSet(null, "sent " + (base + i) + ", got " + answer);
                            return;
                        }
                        answered.incrementAndGet();
                        if (actionDone[0] != 0 && ++resumed >= 20)
                        {
                            afterAction.incrementAndGet();
                            return;
                        }
                    }
                    catch (final Throwable e)
                    {
                        if (isClear(e, name))
                        {
                            clear.add(e);
                            if (!callsResume)
                            {
                                return;
                            }
                        }
                        else
                        {
                            unclear.add(e);
                            return;
                        }
                    }
                }
            }, "caller-" + t);
            caller.start();
            callers.add(caller);
        }
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (answered.get() < 200 * CALLERS && System.nanoTime() - deadline < 0 && unclear.isEmpty())
        {
            Thread.sleep(1);
        }
        action.accept(p);
        actionDone[0] = System.nanoTime();
        joinAll(callers, SETTLE_MS + (callsResume ? WAIT.toMillis() : 0));
        assertEquals(null, wrongAnswer.get(), "an answer reached the wrong caller");
        assertTrue(unclear.isEmpty(), "unclear failures: " + describe(unclear));
        if (!callsResume)
        {
            assertEquals(CALLERS, clear.size(), "every caller ended on a clear exception: " + describe(clear));
        }
        if (callsResume)
        {
            assertEquals(CALLERS, afterAction.get(), "every caller got answers again after the restart; failures on the " +
                "way: " + describe(clear));
        }
    }

    private static boolean isClear(final Throwable e, final String name)
    {
        final String message = String.valueOf(e.getMessage());
        return (e instanceof TandemException || e instanceof IllegalStateException) && message.contains("'" + name + "'");
    }

    private static String describe(final Iterable<Throwable> failures)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Throwable t : failures)
        {
            sb.append("\n  ").append(t);
            for (final StackTraceElement el : t.getStackTrace())
            {
                sb.append("\n      at ").append(el);
            }
        }
        return sb.toString();
    }

    private static void joinAll(final List<Thread> threads, final long millis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (final Thread t : threads)
        {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive())
            {
                final StringBuilder stack = new StringBuilder();
                for (final StackTraceElement el : t.getStackTrace())
                {
                    stack.append("\n    at ").append(el);
                }
                fail(t.getName() + " still waiting " + millis + " ms after the race:" + stack);
            }
        }
    }
}
