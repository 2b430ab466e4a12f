package io.tandem;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of calls waiting for answers, and a call's one-time completion. */
class PendingCallsTest
{
    private static PendingCall call(final long id, final boolean async)
    {
        return new PendingCall(id, "c" + id, long.class, 0, Duration.ofSeconds(1), async);
    }

    @Test
    void aCallIsTakenOnceByItsId()
    {
        final PendingCalls calls = new PendingCalls();
        final PendingCall c = call(7, false);
        calls.add(c);
        assertNull(calls.take(8), "another id");
        assertSame(c, calls.take(7));
        assertNull(calls.take(7), "taken already");
        assertFalse(calls.remove(c), "taken already");
    }

    @Test
    void aCallWhoseSlotHoldsAnOlderOneIsFoundBesideIt()
    {
        final PendingCalls calls = new PendingCalls();
        final PendingCall older = call(5, false);
        final PendingCall newer = call(5 + PendingCalls.SLOTS, false); // the same slot
        calls.add(older);
        calls.add(newer);
        assertEquals(Set.of(older, newer), new HashSet<>(calls.snapshot()));
        assertSame(newer, calls.take(newer.id));
        assertSame(older, calls.take(older.id));
        assertTrue(calls.snapshot().isEmpty());
    }

    @Test
    void asyncCallsAreListedForTheirTimeouts()
    {
        final PendingCalls calls = new PendingCalls();
        final PendingCall blocking = call(1, false);
        final PendingCall async = call(2, true);
        calls.add(blocking);
        assertFalse(calls.anyAsync());
        calls.add(async);
        assertTrue(calls.anyAsync());
        final List<PendingCall> listed = new ArrayList<>();
        calls.asyncCalls().forEach(listed::add);
        assertEquals(List.of(async), listed);
        assertTrue(calls.remove(async));
        assertFalse(calls.anyAsync());
        assertSame(blocking, calls.take(1));
    }

    @Test
    void aCallCompletesOnceWhoeverComesFirst() throws Exception
    {
        final PendingCall c = call(3, false);
        assertFalse(c.isDone());
        assertTrue(c.complete(42L));
        assertFalse(c.fail(new IllegalStateException("late")), "complete already");
        assertTrue(c.isDone());
        assertEquals(42L, c.outcome());

        final PendingCall failed = call(4, false);
        final IllegalStateException why = new IllegalStateException("died");
        assertTrue(failed.fail(why));
        assertFalse(failed.complete(1L));
        assertSame(why, assertThrows(IllegalStateException.class, failed::outcome));

        final PendingCall async = call(5, true);
        assertTrue(async.complete(9L));
        assertEquals(9L, async.future.get(1, TimeUnit.SECONDS));
        final PendingCall asyncFailed = call(6, true);
        asyncFailed.fail(why);
        assertSame(why, assertThrows(ExecutionException.class, () -> asyncFailed.future.get(1, TimeUnit.SECONDS)).getCause());
    }

    @Test
    void manyThreadsRacingToCompleteACallLetExactlyOneWin() throws Exception
    {
        for (int round = 0; round < 200; round++)
        {
            final PendingCall c = call(round, false);
            final AtomicInteger wins = new AtomicInteger();
            final CountDownLatch go = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final long value = t;
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        go.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                    if (value % 2 == 0 ? c.complete(value) : c.fail(new IllegalStateException("t" + value)))
                    {
                        wins.incrementAndGet();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            go.countDown();
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertEquals(1, wins.get(), "round " + round);
            assertTrue(c.isDone());
        }
    }
}
