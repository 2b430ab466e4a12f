package io.tandem.idle;

import net.openhft.chronicle.core.UnsafeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doorbell protocol within one process: sleeps end when rung, never when not, and a ready waiter never sleeps. */
@Timeout(60)
class DoorbellTest
{
    private long memory;

    @BeforeEach
    void allocate()
    {
        memory = UnsafeMemory.UNSAFE.allocateMemory(256);
        UnsafeMemory.UNSAFE.setMemory(memory, 256, (byte)0);
    }

    @AfterEach
    void free()
    {
        UnsafeMemory.UNSAFE.freeMemory(memory);
    }

    @Test
    void futexesAreAvailableOnThisLinuxMachine()
    {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "futexes are Linux's");
        assertTrue(Doorbell.isSupported(), "PARK waits would degrade to polling");
    }

    @Test
    void aRingWithNobodyAsleepIsAFenceAndARead()
    {
        final Doorbell bell = Doorbell.at(memory);
        bell.ring();
        assertEquals(0, UnsafeMemory.UNSAFE.getIntVolatile(null, memory), "the sequence moves only for sleepers");
    }

    @Test
    void aReadyWaiterDoesNotSleep()
    {
        final Doorbell bell = Doorbell.at(memory);
        final long start = System.nanoTime();
        assertTrue(bell.sleep(() -> true, TimeUnit.SECONDS.toNanos(10)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        assertEquals(0, UnsafeMemory.UNSAFE.getIntVolatile(null, memory + 4), "the sleeper withdrew");
    }

    @Test
    void aSleepNobodyRingsLastsItsTimeout()
    {
        final Doorbell bell = Doorbell.at(memory);
        final long start = System.nanoTime();
        assertFalse(bell.sleep(() -> false, TimeUnit.MILLISECONDS.toNanos(200)));
        final long sleptMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(sleptMs >= 150 && sleptMs < 5_000, "slept " + sleptMs + " ms");
    }

    @Test
    void aRingWakesASleeperAtOnceAndOnlyASleeperMovesTheSequence() throws Exception
    {
        final Doorbell bell = Doorbell.at(memory);
        final AtomicLong work = new AtomicLong();
        final CountDownLatch woken = new CountDownLatch(1);
        final Thread sleeper = new Thread(() ->
        {
            while (work.get() == 0)
            {
                bell.sleep(() -> work.get() != 0, TimeUnit.SECONDS.toNanos(30));
            }
            woken.countDown();
        });
        sleeper.start();
        final long announced = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (UnsafeMemory.UNSAFE.getIntVolatile(null, memory + 4) == 0)
        {
            assertTrue(System.nanoTime() - announced < 0, "the sleeper did not announce its sleep within 10 s");
            Thread.onSpinWait(); // until it has announced its sleep
        }
        Thread.sleep(50);
        final long start = System.nanoTime();
        work.set(1);
        bell.ring();
        assertTrue(woken.await(10, TimeUnit.SECONDS), "woken by the ring, long before its 30 s timeout");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertEquals(1, UnsafeMemory.UNSAFE.getIntVolatile(null, memory), "one ring found one sleeper");
        sleeper.join(10_000);
    }

    @Test
    void aSleepOnSeveralBellsEndsWhenAnyRings() throws Exception
    {
        final Doorbell[] bells = {Doorbell.at(memory), Doorbell.at(memory + 64), Doorbell.at(memory + 128)};
        for (int which = 0; which < bells.length; which++)
        {
            final AtomicLong work = new AtomicLong();
            final CountDownLatch woken = new CountDownLatch(1);
            final Thread sleeper = new Thread(() ->
            {
                while (work.get() == 0)
                {
                    Doorbell.sleep(bells, () -> work.get() != 0, TimeUnit.SECONDS.toNanos(30));
                }
                woken.countDown();
            });
            sleeper.start();
            final long announced = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (UnsafeMemory.UNSAFE.getIntVolatile(null, bells[which].address() + 4) == 0)
            {
                assertTrue(System.nanoTime() - announced < 0, "the sleeper did not announce its sleep within 10 s");
                Thread.onSpinWait();
            }
            work.set(1);
            bells[which].ring();
            assertTrue(woken.await(10, TimeUnit.SECONDS), "bell " + which + " woke the sleeper");
            sleeper.join(10_000);
        }
    }

    @Test
    void noWakeUpIsLostBetweenThreadsUnderARandomisedStress() throws Exception
    {
        final WakeStress.Result result = WakeStress.inProcess(memory, 4, 100_000);
        assertEquals(0, result.lost(), result.toString());
        assertTrue(result.cycles() >= 100_000 && result.waiterSleeps() > 1_000, result.toString());
    }
}
