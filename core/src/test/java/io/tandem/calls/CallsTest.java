package io.tandem.calls;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.internal.channel.Codegen;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.tandem.test.FailureBounds.DEATH_NOTICE_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls with results through a real child JVM. */
@Timeout(60)
class CallsTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static CalculatorProcess process;
    private static Calculator calc;

    @BeforeAll
    static void start()
    {
        process = new CalculatorProcess("calculator", ProcessOptions.defaults());
        process.start();
        calc = process.backend(Calculator.class);
    }

    @AfterAll
    static void stop()
    {
        process.close();
        NoLeftovers.check(CallsTest.class.getSimpleName());
    }

    @Test
    void aMethodWithAResultReturnsTheBackendsValue()
    {
        assertEquals(42, calc.add(40, 2));
        assertEquals("hello ada from calculator", calc.greet("ada"));
        assertEquals(List.of("a", "b", "c"), calc.split("a,b,c"));
        assertArrayEquals(new double[] {2, 4}, calc.scale(new double[] {1, 2}, 2), 0);
    }

    /**
     * A result is the caller's to keep: a later call's result of the same kind is decoded into a new object, not
     * into one returned before (a Chronicle method reader refills the last decoded list or map), and a result of
     * another kind is not decoded into the last one's class. Called well past the reply reader's code generation,
     * so both the reflective and the generated reader are covered.
     */
    @Test
    void everyResultIsANewObjectOfItsOwnThatLaterResultsLeaveAlone()
    {
        final List<List<String>> lists = new ArrayList<>();
        final List<Map<String, Integer>> maps = new ArrayList<>();
        final List<double[]> arrays = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        int i = 0;
        // at least three times the reader's code-generation threshold, and until it is generated
        while (i < 3 * Codegen.DEFAULT_THRESHOLD || !Codegen.isSettled() && System.nanoTime() < deadline)
        {
            i++;
            lists.add(calc.split("a" + i + ",b" + i));
            maps.add(calc.lengths("w" + i + ",xx" + i));
            arrays.add(calc.scale(new double[] {i, -i}, 2));
        }
        assertTrue(Codegen.isSettled(), "the reply reader was not generated within the test's time");
        for (int k = 1; k <= i; k++)
        {
            assertEquals(List.of("a" + k, "b" + k), lists.get(k - 1), "list result of call " + k);
            final Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("w" + k, ("w" + k).length());
            expected.put("xx" + k, ("xx" + k).length());
            assertEquals(expected, maps.get(k - 1), "map result of call " + k);
            assertArrayEquals(new double[] {2.0 * k, -2.0 * k}, arrays.get(k - 1), "array result of call " + k);
        }
        assertEquals(i, new IdentityHashMap<Object, Object>()
        {
            {
                lists.forEach(l -> put(l, l));
            }
        }.size(), "each list result is an object of its own");
    }

    @Test
    void theBackendsExceptionComesBackWithItsStackTrace()
    {
        final CommandFailedException e = assertThrows(CommandFailedException.class, () -> calc.divide(1, 0));
        assertEquals("divide", e.command());
        assertEquals(ArithmeticException.class.getName(), e.remoteType());
        assertEquals("divide", e.getCause().getStackTrace()[0].getMethodName());
        assertEquals(7, calc.add(3, 4), "the backend keeps serving");
    }

    @Test
    void aFutureResultCompletesLater() throws Exception
    {
        final CompletableFuture<Long> square = calc.squareLater(12);
        assertEquals(144L, square.get(20, TimeUnit.SECONDS));
    }

    @Test
    void callsFromEightThreadsEachGetTheirOwnResult() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try
        {
            final List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++)
            {
                final int thread = t;
                results.add(pool.submit(() ->
                {
                    for (int i = 0; i < 300; i++)
                    {
                        if (calc.add(thread * 1000, i) != thread * 1000 + i)
                        {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (final Future<Boolean> r : results)
            {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallThatTakesTooLongTimesOutAndTheNextCallStillGetsItsOwnAnswer()
    {
        final Calculator impatient = process.backend(Calculator.class, Duration.ofMillis(100));
        final long start = System.nanoTime();
        final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, () -> impatient.sleepThenReturn(500));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 100 && ms <= 100 + LOADED_MARGIN_MS, "timed out after " + ms + " ms, its timeout 100 ms");
        assertTrue(e.getMessage().contains("sleepThenReturn"), e.getMessage());
        assertEquals(11, calc.add(5, 6), "the late answer of the timed-out call is not mistaken for this one");
    }

    @Test
    void callsByName()
    {
        assertEquals(5L, ((Number)process.call(new MessageObject("add", "a", 2, "b", 3))).longValue());
        final CommandFailedException e = assertThrows(CommandFailedException.class,
            () -> process.call(new MessageObject("divide", "a", 1, "b", 0)));
        assertEquals("divide", e.command());
        assertEquals("hello bob from calculator", process.callAsync(new MessageObject("greet", "name", "bob")).join());
    }

    @Test
    void messagesArrivingAmongAnswersAreKeptForReceive()
    {
        calc.note("first");
        assertEquals(3, calc.add(1, 2));
        calc.note("second");
        assertEquals(4, calc.add(2, 2));
        assertEquals("first", process.receive(WAIT).get("text"));
        assertEquals("second", process.receive(WAIT).get("text"));
    }

    @Test
    void aBackendDyingMidCallFailsTheCallAtOnce(@TempDir final Path markers) throws Exception
    {
        try (CalculatorProcess doomed = new CalculatorProcess("doomed", ProcessOptions.defaults()))
        {
            doomed.start();
            final Calculator c = doomed.backend(Calculator.class);
            assertEquals(2, c.add(1, 1));
            final CompletableFuture<Long> pending = c.squareLater(3);
            final Path started = markers.resolve("started");
            final AtomicLong killedAt = new AtomicLong();
            final Thread killer = new Thread(() ->
            {
                // The kill lands while the call is certainly in flight (the backend is in it), and after the
                // earlier call's answer came: neither races the kill.
                Await.until(WAIT, () -> Files.exists(started) && pending.isDone(), "the call to start in the backend");
                killedAt.set(System.nanoTime());
                ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }, "killer");
            killer.start();
            final BackendDiedException e = assertThrows(BackendDiedException.class,
                () -> c.markThenSleep(started.toString(), 10_000));
            final long noticedMs = (System.nanoTime() - killedAt.get()) / 1_000_000;
            killer.join(WAIT.toMillis());
            assertTrue(killedAt.get() != 0, "the killer killed");
            assertTrue(noticedMs <= DEATH_NOTICE_MS + LOADED_MARGIN_MS, "the waiting call failed " + noticedMs +
                " ms after the kill; the README says within milliseconds (" + DEATH_NOTICE_MS + " ms, + " + LOADED_MARGIN_MS +
                " ms for a loaded machine)");
            assertEquals(137, e.exitCode());
            assertEquals("doomed", e.processName());
            assertEquals(9L, pending.join(), "the answer that came before the death is kept");

            // a call to a backend known dead fails at once
            final long sentAt = System.nanoTime();
            final ExecutionException later = assertThrows(ExecutionException.class,
                () -> c.squareLater(4).get(20, TimeUnit.SECONDS));
            final long refusedMs = (System.nanoTime() - sentAt) / 1_000_000;
            assertInstanceOf(BackendDiedException.class, later.getCause());
            final BackendDiedException refused = assertThrows(BackendDiedException.class, () -> c.add(1, 2));
            assertEquals(137, refused.exitCode());
            assertTrue(refusedMs <= DEATH_NOTICE_MS + LOADED_MARGIN_MS, "refused after " + refusedMs + " ms");
        }
    }

    @Test
    void anAsyncBackendRunsHandlersConcurrently() throws Exception
    {
        try (RendezvousProcess p = new RendezvousProcess("rendezvous"))
        {
            p.start();
            final Rendezvous r = p.backend(Rendezvous.class);
            final CompletableFuture<String> alice = CompletableFuture.supplyAsync(() -> r.meet("alice"));
            final CompletableFuture<String> bob = r.meetLater("bob");
            assertEquals("alice met", alice.get(20, TimeUnit.SECONDS));
            assertEquals("bob met", bob.get(20, TimeUnit.SECONDS));

            r.boom();
            final CommandFailedException e = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertEquals("boom", e.remoteMessage());
            assertTrue(p.isAlive(), "a failing handler does not stop an async backend");
        }
    }
}
