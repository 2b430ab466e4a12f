package io.tandem.idle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a waiter learns the rhythm of its work, fed arrival times by hand (no clock, no threads). */
class CadenceTest
{
    private static final long MS = 1_000_000;
    private static final long US = 1_000;
    private static final long START = 1_000 * MS;
    /** A deterministic jitter of a few microseconds either side. */
    private static final long[] JITTER = {3 * US, -2 * US, 5 * US, -4 * US, 1 * US, -3 * US, 2 * US, 0};

    @Test
    void predictsWorkThatComesAtASteadyRhythm()
    {
        final Cadence cadence = new Cadence();
        long at = START;
        for (int i = 0; i <= Cadence.STEADY_AFTER; i++)
        {
            assertFalse(cadence.predicts(), "not before " + Cadence.STEADY_AFTER + " agreeing arrivals, at " + i);
            at = START + i * 10 * MS + JITTER[i % JITTER.length];
            cadence.arrived(at, true);
        }
        steady(cadence, 10 * MS, Cadence.STEADY_AFTER + 1, 40);
        assertTrue(cadence.predicts());
        final long due = START + 40 * 10 * MS;
        assertTrue(Math.abs(cadence.expected() - due) <= 10 * US, "due at the next tick: " + cadence);
        assertTrue(Math.abs(cadence.period() - 10 * MS) <= 5 * US, cadence.toString());
        assertTrue(cadence.lead() >= Cadence.MIN_LEAD_NANOS && cadence.lead() <= Cadence.MIN_LEAD_NANOS + 10 * US,
            "the lead covers the jitter, no more: " + cadence);
    }

    @Test
    void irregularWorkIsNotPredicted()
    {
        final Cadence cadence = new Cadence();
        final long[] gaps = {5 * MS, 13 * MS, 7 * MS, 11 * MS, 6 * MS, 15 * MS, 9 * MS};
        long at = START;
        for (int i = 0; i < 200; i++)
        {
            at += gaps[i % gaps.length];
            cadence.arrived(at, true);
            assertFalse(cadence.predicts(), "arrival " + i + ": " + cadence);
        }
    }

    @Test
    void theShortestPeriodPredictedIsTheOneItsLeastWindowFits()
    {
        final long shortest = 2 * Cadence.MIN_LEAD_NANOS * Cadence.DUTY_DIVISOR;
        assertEquals(shortest, Cadence.MIN_PERIOD_NANOS);
        final Cadence justLonger = new Cadence();
        exact(justLonger, shortest + 20 * US); // no jitter: the least lead
        assertTrue(justLonger.predicts(), justLonger.toString());
        final Cadence justShorter = new Cadence();
        exact(justShorter, shortest - 20 * US);
        assertFalse(justShorter.steady(), justShorter.toString());
        assertFalse(justShorter.predicts());
    }

    @Test
    void aWaiterBusyForSeveralPeriodsMissesOneBeatNotSeveral()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, 10 * MS, 0, 30);
        final long due = cadence.expected();
        final long period = cadence.period();
        assertTrue(cadence.missedBy(due + 4 * period)); // it looks again 40 ms later
        assertEquals(due + 4 * period, cadence.expected(), "the first beat not yet overdue: the one due now");
        assertTrue(cadence.predicts(), "one miss, not four: " + cadence);
        assertFalse(cadence.missedBy(due + 4 * period), "and nothing more is overdue");
    }

    @Test
    void aWindowCostlierThanItsShareOfThePeriodIsNotPredicted()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, MS, 0, 100); // 1 ms: the window (2 x 20+ us lead) is more than 1/32 of it
        assertFalse(cadence.predicts(), cadence.toString());
        assertFalse(cadence.steady(), "not even worth a wake-up per period");
        final Cadence slower = new Cadence();
        steady(slower, 10 * MS, 0, 100);
        assertTrue(slower.predicts(), slower.toString());
        for (int i = 0; i < 16; i++)
        {
            slower.sleptPast(Cadence.MAX_LATENESS_NANOS); // timed sleeps that end half a millisecond late
        }
        assertFalse(slower.predicts(), "waking that early costs more than 1/32 of 10 ms: " + slower);
        assertTrue(slower.steady(), "still woken before each arrival, to learn the lateness again");
        for (int i = 0; i < 16; i++)
        {
            slower.sleptPast(100 * US);
        }
        assertTrue(slower.predicts(), "the timer keeps time again: " + slower);
    }

    @Test
    void oneArrivalMillisecondsLateHardlyMovesThePredictionsAfterIt()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, 20 * MS, 0, 50);
        final long due = cadence.expected();
        final long lead = cadence.lead();
        cadence.arrived(due + 2 * MS, true); // its producer was preempted for 2 ms
        final long nextDue = due + 20 * MS;
        assertTrue(Math.abs(cadence.expected() - nextDue) <= 2 * lead, // unclamped, it would move 1.1 ms
            "the next is still due on the beat, within twice the lead " + lead + ": off by " + (cadence.expected() - nextDue));
        assertTrue(cadence.predicts(), cadence.toString());
    }

    @Test
    void workBetweenTheBeatsIsIgnoredAndThreeInARowStartAfresh()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, 10 * MS, 0, 30);
        final long due = cadence.expected();
        cadence.arrived(due - 5 * MS, true); // a command half-way between two frames
        assertEquals(due, cadence.expected(), "an outlier moves nothing");
        assertTrue(cadence.predicts());
        cadence.arrived(due, true); // the frame, on time
        assertTrue(cadence.predicts());
        final long nextDue = cadence.expected();
        cadence.arrived(nextDue - 4 * MS, true);
        cadence.arrived(nextDue - 3 * MS, true);
        cadence.arrived(nextDue - 2 * MS, true); // the rhythm changed
        assertFalse(cadence.predicts(), "learnt afresh: " + cadence);
        assertEquals(MS, cadence.period(), "from the latest gap");
    }

    @Test
    void aMissMovesThePredictionOnByAPeriodAndTooManyStopIt()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, 10 * MS, 0, 30);
        final long due = cadence.expected();
        assertFalse(cadence.missedBy(cadence.overdueAt() - 1), "not yet half a period overdue");
        final long period = cadence.period();
        assertEquals(due + period / 2, cadence.overdueAt());
        for (int miss = 1; miss <= Cadence.MISSES_ALLOWED; miss++)
        {
            assertTrue(cadence.missedBy(cadence.overdueAt()));
            assertEquals(due + miss * period, cadence.expected(), "the skipped frame's successor is due");
            assertTrue(cadence.predicts());
        }
        assertTrue(cadence.missedBy(cadence.overdueAt()));
        assertFalse(cadence.predicts(), "a stream that stopped is no longer predicted: " + cadence);
    }

    @Test
    void aLateArrivalBeforeItIsOverdueTeachesTheLead()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, 20 * MS, 0, 20);
        long due = cadence.expected();
        for (int i = 0; i < 8; i++)
        {
            assertFalse(cadence.missedBy(due + 200 * US));
            cadence.arrived(due + 200 * US, true); // each frame 200 us late: past a 20 us window
            due = cadence.expected();
        }
        assertTrue(cadence.lead() >= Cadence.MIN_LEAD_NANOS + 50 * US, "the window widened: " + cadence);
        assertTrue(cadence.predicts(), cadence.toString());
    }

    @Test
    void anArrivalFoundLateMovesThePredictionOnUncorrected()
    {
        final Cadence cadence = new Cadence();
        steady(cadence, 10 * MS, 0, 30);
        final long due = cadence.expected();
        final long lead = cadence.lead();
        cadence.arrived(due + 900 * US, false); // found after a long yield: when it came is unknown
        assertEquals(due + cadence.period(), cadence.expected());
        assertEquals(lead, cadence.lead(), "it teaches no error");
    }

    @Test
    void learnsHowLateTimedSleepsEnd()
    {
        final Cadence cadence = new Cadence();
        for (int i = 0; i < 16; i++)
        {
            cadence.sleptPast(i < 13 ? 100 * US : 400 * US);
        }
        assertEquals(400 * US, cadence.lateness(), "seven eighths of the samples lie at or below it");
        for (int i = 0; i < 16; i++)
        {
            cadence.sleptPast(i < 15 ? 100 * US : 400 * US);
        }
        assertEquals(100 * US, cadence.lateness(), "one late sleep in sixteen is not covered");
        for (int i = 0; i < 16; i++)
        {
            cadence.sleptPast(i % 4 == 0 ? 50 * MS : 80 * US); // a preemption is not the timer's lateness
        }
        assertEquals(Cadence.MAX_LATENESS_NANOS, cadence.lateness());
        for (int i = 0; i < 16; i++)
        {
            cadence.sleptPast(80 * US);
        }
        assertEquals(80 * US, cadence.lateness());
    }

    /** Feeds 100 arrivals exactly {@code period} apart. */
    private static void exact(final Cadence cadence, final long period)
    {
        for (int i = 0; i < 100; i++)
        {
            cadence.arrived(START + i * period, true);
        }
    }

    /** Feeds {@code count} arrivals {@code period} apart, with a few microseconds of jitter, from tick {@code from}. */
    private static void steady(final Cadence cadence, final long period, final int from, final int count)
    {
        for (int i = from; i < count; i++)
        {
            cadence.arrived(START + i * period + JITTER[i % JITTER.length] * Math.min(1, period / MS), true);
        }
    }
}
