package io.tandem.idle;

import net.openhft.chronicle.core.UnsafeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a waiter learns how long to stay awake: from when its work came, as the ringer stamped it in the doorbell. */
class SpinBudgetTest
{
    /** Long before now: a wait that began there and saw no ring since had its work come late. */
    private static final long LONG_AGO_NANOS = SpinBudget.MAX_NANOS * 4;

    private long memory;
    private Doorbell[] bells;

    @BeforeEach
    void allocate()
    {
        memory = UnsafeMemory.UNSAFE.allocateMemory(64);
        UnsafeMemory.UNSAFE.setMemory(memory, 64, (byte)0);
        bells = new Doorbell[] {Doorbell.at(memory)};
    }

    @AfterEach
    void free()
    {
        UnsafeMemory.UNSAFE.freeMemory(memory);
    }

    @Test
    void startsAtItsMaximumAndSpinsOnlyPartOfIt()
    {
        final SpinBudget budget = new SpinBudget();
        assertEquals(SpinBudget.MAX_NANOS, budget.begin());
        assertEquals(SpinBudget.SPIN_NANOS, SpinBudget.spinNanos(SpinBudget.MAX_NANOS));
        assertEquals(700, SpinBudget.spinNanos(700));
    }

    @Test
    void workThatComesLateHalvesItDownToNothing()
    {
        final SpinBudget budget = new SpinBudget();
        long expected = SpinBudget.MAX_NANOS;
        while (expected > 0)
        {
            budget.begin();
            budget.slept(System.nanoTime() - LONG_AGO_NANOS, bells, false);
            expected = expected / 2 < 1_000 ? 0 : expected / 2;
            assertEquals(expected, budget.nanos());
        }
        assertEquals(0, budget.begin(), "a waiter whose work always comes late sleeps at once");
    }

    @Test
    void workThatCameSoonGrowsItBackThoughTheWakeUpCameLate() throws Exception
    {
        final SpinBudget budget = drained();
        final long beforeRing = System.nanoTime();
        assertTrue(ringWithASleeper(), "the ring finds the announced sleeper, and stamps its time");
        final long rungAt = Doorbell.rungSince(bells, beforeRing);
        assertTrue(rungAt - beforeRing >= 0 && System.nanoTime() - rungAt >= 0, "stamped with the ring's time");
        final long waitStart = rungAt - 10_000; // the work came 10 µs into the wait
        Thread.sleep(2); // and the kernel let the waiter run 2 ms later: no reason to stay awake less
        budget.begin();
        budget.slept(waitStart, bells, false);
        assertEquals(20_000, budget.nanos(), "grown to twice the delay the work came after");
    }

    @Test
    void aRingBeforeTheWaitBeganTeachesNothingAboutIt()
    {
        final SpinBudget budget = new SpinBudget();
        assertTrue(ringWithASleeper());
        budget.begin();
        budget.slept(System.nanoTime() + 1, bells, false); // the only stamp is older than the wait
        assertEquals(SpinBudget.MAX_NANOS, budget.nanos(), "woken for nothing right away: work came 'soon'");
        assertEquals(Long.MIN_VALUE, Doorbell.rungSince(bells, System.nanoTime() + 1));
    }

    @Test
    void workFoundWhileAnnouncingTheSleepGrowsIt()
    {
        final SpinBudget budget = drained();
        budget.begin();
        budget.slept(System.nanoTime(), bells, true);
        assertEquals(1_000, budget.nanos());
        budget.begin();
        budget.slept(System.nanoTime(), bells, true);
        assertEquals(3_000, budget.nanos());
    }

    @Test
    void onlyTheFirstSleepOfAWaitTeaches()
    {
        final SpinBudget budget = new SpinBudget();
        budget.begin();
        budget.slept(System.nanoTime() - LONG_AGO_NANOS, bells, false);
        budget.slept(System.nanoTime() - LONG_AGO_NANOS, bells, false);
        assertEquals(SpinBudget.MAX_NANOS / 2, budget.nanos());
    }

    /** @return a budget taught to sleep at once. */
    private SpinBudget drained()
    {
        final SpinBudget budget = new SpinBudget();
        for (int i = 0; i < 10; i++)
        {
            budget.begin();
            budget.slept(System.nanoTime() - LONG_AGO_NANOS, bells, false);
        }
        assertEquals(0, budget.nanos());
        return budget;
    }

    /** Rings the bell while a sleeper is announced (the sleepers count raised by hand, as a waiter does). */
    private boolean ringWithASleeper()
    {
        UnsafeMemory.UNSAFE.getAndAddInt(null, memory + 4, 1);
        try
        {
            return bells[0].ring();
        }
        finally
        {
            UnsafeMemory.UNSAFE.getAndAddInt(null, memory + 4, -1);
        }
    }
}
