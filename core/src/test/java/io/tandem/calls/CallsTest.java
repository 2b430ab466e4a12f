package io.tandem.calls;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
        new NoLeftovers().afterEach(null);
    }

    @Test
    void aMethodWithAResultReturnsTheBackendsValue()
    {
        assertEquals(42, calc.add(40, 2));
        assertEquals("hello ada from calculator", calc.greet("ada"));
        assertEquals(List.of("a", "b", "c"), calc.split("a,b,c"));
        assertArrayEquals(new double[] {2, 4}, calc.scale(new double[] {1, 2}, 2), 0);
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
        final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, () -> impatient.sleepThenReturn(500));
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
    void aBackendDyingMidCallFailsTheCallAtOnce()
    {
        try (CalculatorProcess doomed = new CalculatorProcess("doomed", ProcessOptions.defaults()))
        {
            doomed.start();
            final Calculator c = doomed.backend(Calculator.class);
            assertEquals(2, c.add(1, 1));
            final CompletableFuture<Long> pending = c.squareLater(3);
            new Thread(() ->
            {
                TestJvm.sleep(200);
                ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }).start();
            final long start = System.nanoTime();
            final BackendDiedException e = assertThrows(BackendDiedException.class, () -> c.sleepThenReturn(10_000));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000, "noticed within about a second");
            assertEquals(137, e.exitCode());
            assertEquals(9L, pending.join(), "the answer that came before the death is kept");
            final ExecutionException later = assertThrows(ExecutionException.class,
                () -> c.squareLater(4).get(20, TimeUnit.SECONDS));
            assertInstanceOf(BackendDiedException.class, later.getCause());
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
