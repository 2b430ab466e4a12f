package io.tandem.idle;

import net.openhft.chronicle.core.UnsafeMemory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one wait loop: done at once, deadline by a settable clock, liveness, reuse without allocation, doorbell wake-up. */
@Timeout(60)
class AwaitTest
{
    /** A clock that moves only when told to. */
    private static final class SettableClock implements NanoClock
    {
        volatile long now = 5_000_000_000L;

        @Override
        public long nanoTime()
        {
            return now;
        }
    }

    /** Counts its idles and moves the clock by a fixed step on each: time passes only through the wait's own idling. */
    private static final class CountingIdle implements IdleStrategy
    {
        final SettableClock clock;
        final long stepNanos;
        int idles;
        int resets;
        int abandons;
        int lastWork = -1;

        CountingIdle(final SettableClock clock, final long stepNanos)
        {
            this.clock = clock;
            this.stepNanos = stepNanos;
        }

        @Override
        public void idle(final int workCount)
        {
            lastWork = workCount;
            IdleStrategy.super.idle(workCount);
        }

        @Override
        public void idle()
        {
            idles++;
            clock.now += stepNanos;
        }

        @Override
        public void reset()
        {
            resets++;
        }

        @Override
        public void abandon()
        {
            abandons++;
        }
    }

    @Test
    void aConditionMetAtOnceEndsTheWaitWithoutIdling()
    {
        final SettableClock clock = new SettableClock();
        final CountingIdle idle = new CountingIdle(clock, 1);
        final Await await = new Await(clock, idle);
        final AtomicInteger looks = new AtomicInteger();
        assertEquals(Await.MET, await.until(() -> looks.incrementAndGet() > 0 ? Await.Step.DONE : 0, null, () -> true,
            await.deadline(TimeUnit.SECONDS.toNanos(1))));
        assertEquals(1, looks.get());
        assertEquals(0, idle.idles, "no idling when the first look ends it");
        assertEquals(1, idle.abandons, "each wait starts its strategy afresh, teaching it nothing");
        assertEquals(1, idle.resets, "the wait met: its work came");
    }

    @Test
    void theDeadlinePassesOnTheInjectedClockNotTheWallClock()
    {
        final SettableClock clock = new SettableClock();
        final CountingIdle idle = new CountingIdle(clock, TimeUnit.MILLISECONDS.toNanos(10));
        final Await await = new Await(clock, idle);
        final long start = System.nanoTime();
        // an hour's timeout, in 10 ms steps of the settable clock: over at once on the wall clock
        final long deadline = await.deadline(TimeUnit.HOURS.toNanos(1));
        assertEquals(Await.TIMED_OUT, await.until(() -> 0, null, null, deadline));
        assertEquals(360_000, idle.idles, "one idle per 10 ms step until the hour is up, and no more");
        assertTrue(clock.now - deadline >= 0 && clock.now - deadline < TimeUnit.MILLISECONDS.toNanos(10));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "no real sleeping");
        assertTrue(await.remainingNanos() <= 0, "no time left at the end");
    }

    @Test
    void aDeadlineAlreadyPastStillLooksOnce()
    {
        final SettableClock clock = new SettableClock();
        final Await await = new Await(clock, new CountingIdle(clock, 1));
        final AtomicInteger looks = new AtomicInteger();
        assertEquals(Await.TIMED_OUT, await.until(() -> looks.incrementAndGet() < 0 ? Await.Step.DONE : 0, null, null,
            clock.nanoTime() - 1));
        assertEquals(1, looks.get());
    }

    @Test
    void aLivenessFailureEndsTheWaitAtOnceButNotBeforeALookAfterIt()
    {
        final SettableClock clock = new SettableClock();
        final CountingIdle idle = new CountingIdle(clock, 1);
        final Await await = new Await(clock, idle);
        final AtomicBoolean alive = new AtomicBoolean(true);
        final AtomicInteger looks = new AtomicInteger();
        final int result = await.until(() ->
        {
            if (looks.incrementAndGet() == 3)
            {
                alive.set(false); // dies during the third look: that look may have missed its last words
            }
            return 0;
        }, null, alive::get, await.deadline(TimeUnit.HOURS.toNanos(1)));
        assertEquals(Await.DIED, result);
        assertEquals(4, looks.get(), "the look after the death is the last");
        assertEquals(3, idle.idles);
    }

    @Test
    void aDeadPeersLastWordsAreFoundBeforeTheWaitFails()
    {
        final SettableClock clock = new SettableClock();
        final Await await = new Await(clock, new CountingIdle(clock, 1));
        final AtomicInteger left = new AtomicInteger(3); // three replies sent before it died, then nothing
        assertEquals(Await.DIED, await.until(() -> left.getAndDecrement() > 0 ? 1 : 0, null, () -> false,
            await.deadline(TimeUnit.HOURS.toNanos(1))));
        assertEquals(-1, left.get(), "read all three, then one look that found nothing");
        final AtomicBoolean answered = new AtomicBoolean();
        assertEquals(Await.MET, await.until(() -> answered.getAndSet(true) ? Await.Step.DONE : 1, null, () -> false,
            await.deadline(TimeUnit.HOURS.toNanos(1))), "work found after the death keeps the wait going");
    }

    @Test
    void aWaitThatTimesOutTeachesItsStrategyNothing()
    {
        final SettableClock clock = new SettableClock();
        final CountingIdle idle = new CountingIdle(clock, 1_000);
        final Await await = new Await(clock, idle);
        assertEquals(Await.TIMED_OUT, await.until(() -> 0, null, null, await.deadline(10_000)));
        assertEquals(0, idle.resets, "no work came");
        assertEquals(2, idle.abandons, "at the start, and as it timed out: the next wait finds no spell open");
    }

    @Test
    void workResetsTheIdleStrategy()
    {
        final SettableClock clock = new SettableClock();
        final CountingIdle idle = new CountingIdle(clock, 1);
        final Await await = new Await(clock, idle);
        final AtomicInteger looks = new AtomicInteger();
        await.until(() -> looks.incrementAndGet() == 2 ? Await.Step.DONE : 7, null, null, await.deadline(1_000));
        assertEquals(7, idle.lastWork, "the look's work count reaches the strategy");
        assertEquals(0, idle.idles);
        assertEquals(1, idle.abandons, "once at the start");
        assertEquals(2, idle.resets, "once by the work, once as the wait is met");
    }

    @Test
    void manyWaitsMetAtOnceAllocateNothing()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        final long memory = UnsafeMemory.UNSAFE.allocateMemory(Doorbell.LENGTH);
        try
        {
            UnsafeMemory.UNSAFE.setMemory(memory, Doorbell.LENGTH, (byte)0);
            final AtomicLong sequence = new AtomicLong(1);
            final Await.Step moved = () -> sequence.get() != 0 ? Await.Step.DONE : 0;
            final BooleanSupplier wake = () -> sequence.get() != 0;
            final BooleanSupplier alive = () -> true;
            final Await await = Await.parking(NanoClock.SYSTEM, WaitMode.PARK, new SpinBudget(), null,
                TimeUnit.MILLISECONDS.toNanos(100), Doorbell.at(memory));
            final long tid = Thread.currentThread().getId();
            long total = 0;
            for (int i = 0; i < 200_000; i++) // warm up: the counter is read once compiled
            {
                total += await.until(moved, wake, alive, await.deadline(1_000_000_000L));
            }
            final long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1_000_000; i++)
            {
                total += await.until(moved, wake, alive, await.deadline(1_000_000_000L));
            }
            final long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertEquals(1_200_000, total);
            // a million waits: an idle strategy per wait would be tens of MB; allow the counter's own noise
            assertTrue(allocated < 64 * 1024, "a million waits allocated " + allocated + " bytes");
        }
        finally
        {
            UnsafeMemory.UNSAFE.freeMemory(memory);
        }
    }

    @Test
    void aDoorbellRingWakesASleepingWaitPromptly() throws Exception
    {
        Assumptions.assumeTrue(Doorbell.isSupported(), "futexes are Linux's");
        final long memory = UnsafeMemory.UNSAFE.allocateMemory(Doorbell.LENGTH);
        try
        {
            UnsafeMemory.UNSAFE.setMemory(memory, Doorbell.LENGTH, (byte)0);
            final Doorbell bell = Doorbell.at(memory);
            final AtomicBoolean set = new AtomicBoolean();
            // sleeps are bounded at a minute: only the ring can end this wait quickly
            final Await await = Await.parking(NanoClock.SYSTEM, WaitMode.PARK, new SpinBudget(), null,
                TimeUnit.MINUTES.toNanos(1), bell);
            final AtomicLong wokeAt = new AtomicLong();
            final AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
            final CountDownLatch done = new CountDownLatch(1);
            final Thread waiter = new Thread(() ->
            {
                result.set(await.until(() -> set.get() ? Await.Step.DONE : 0, set::get, () -> true,
                    await.deadline(TimeUnit.MINUTES.toNanos(2))));
                wokeAt.set(System.nanoTime());
                done.countDown();
            });
            waiter.start();
            // wait until it sleeps in the kernel (past its spin and yield phases: 50 µs at most)
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (waiter.getState() != Thread.State.RUNNABLE || !sleeping(memory))
            {
                assertTrue(System.nanoTime() - until < 0, "the wait never went to sleep");
                Thread.sleep(1);
            }
            Thread.sleep(50);
            assertFalse(done.await(0, TimeUnit.MILLISECONDS), "asleep until rung");
            set.set(true);
            final long rungAt = System.nanoTime();
            bell.ring();
            assertTrue(done.await(10, TimeUnit.SECONDS), "the ring woke it");
            assertEquals(Await.MET, result.get());
            final long wakeMs = (wokeAt.get() - rungAt) / 1_000_000;
            assertTrue(wakeMs < 1_000, "woke " + wakeMs + " ms after the ring (its sleep was a minute)");
        }
        finally
        {
            UnsafeMemory.UNSAFE.freeMemory(memory);
        }
    }

    /** @return true while a sleeper has announced itself on the bell at {@code memory}. */
    private static boolean sleeping(final long memory)
    {
        return UnsafeMemory.UNSAFE.getIntVolatile(null, memory + 4) != 0;
    }
}
