package io.tandem.perf.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of the chaos and soak runs: the seeded schedule, percentiles, slopes, the ledger, the verdict. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ChaosArithmeticTest
{
    private static final List<String> KINDS = List.of("a", "b", "c", "d", "e");

    @Test
    void theSameSeedGivesTheSameSchedule()
    {
        assertEquals(Schedule.of(42, KINDS, 2, 17, 60_000), Schedule.of(42, KINDS, 2, 17, 60_000));
        assertNotEquals(Schedule.of(42, KINDS, 2, 17, 60_000), Schedule.of(43, KINDS, 2, 17, 60_000));
    }

    @Test
    void aScheduleHasEveryKindAtLeastMinEachTimesInOrderWithinItsSpan()
    {
        final List<Schedule.Injection> plan = Schedule.of(7, KINDS, 2, 17, 60_000);
        assertEquals(17, plan.size());
        final Map<String, Integer> counts = new HashMap<>();
        long last = -1;
        for (final Schedule.Injection i : plan)
        {
            counts.merge(i.fault(), 1, Integer::sum);
            assertTrue(i.atMillis() >= last && i.atMillis() < 60_000, "at " + i.atMillis() + " after " + last);
            last = i.atMillis();
        }
        for (final String k : KINDS)
        {
            assertTrue(counts.getOrDefault(k, 0) >= 2, k + " came " + counts.get(k) + " times");
        }
        assertEquals(KINDS.size(), Schedule.of(7, KINDS, 1, 0, 1000).size(), "never fewer than every kind minEach times");
    }

    @Test
    void percentileIsNearestRank()
    {
        final double[] v = new double[100];
        for (int i = 0; i < 100; i++)
        {
            v[99 - i] = i + 1; // reversed: the input's order must not matter
        }
        assertEquals(50, Stats.percentile(v, 50));
        assertEquals(99, Stats.percentile(v, 99));
        assertEquals(100, Stats.percentile(v, 100));
        assertEquals(1, Stats.percentile(v, 0));
        assertEquals(7, Stats.percentile(new double[] {7}, 99));
        assertTrue(Double.isNaN(Stats.percentile(new double[0], 50)));
        assertEquals(100, v[0], "the input is not sorted in place");
    }

    @Test
    void slopeIsTheLeastSquaresLine()
    {
        assertEquals(3.0, Stats.slope(new double[] {0, 1, 2, 3}, new double[] {2, 5, 8, 11}), 1e-12);
        assertEquals(0.0, Stats.slope(new double[] {0, 1, 2}, new double[] {4, 4, 4}), 1e-12);
        // Noise around a line of slope -2: least squares of (0,1),(1,-2),(2,-3),(3,-5) is -1.9.
        assertEquals(-1.9, Stats.slope(new double[] {0, 1, 2, 3}, new double[] {1, -2, -3, -5}), 1e-12);
        assertEquals(0.0, Stats.slope(new double[] {5}, new double[] {9}));
        assertEquals(0.0, Stats.slope(new double[] {2, 2}, new double[] {1, 9}), "one distinct x: no slope");
        assertThrows(IllegalArgumentException.class, () -> Stats.slope(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void theLedgerCountsLostAndDuplicated()
    {
        final Ledger ledger = new Ledger();
        for (int i = 0; i < 5; i++)
        {
            assertEquals(i, ledger.send("s"));
        }
        ledger.receive("s", 0);
        ledger.receive("s", 1);
        ledger.receive("s", 1);
        ledger.receive("s", 3);
        ledger.unsend("s", 4); // a send that failed as the contract allows: not due
        ledger.count("ring", 10, 9, 2);
        assertEquals(4 + 10, ledger.sent());
        assertEquals(3 + 9, ledger.received());
        assertEquals(1 + 1, ledger.lost(), "2 of s, 1 of ring");
        assertEquals(1 + 2, ledger.duplicated());
    }

    @Test
    void theSoakVerdictIsFlatOnlyUnderTheLimits()
    {
        final List<Map<String, Object>> flat = new ArrayList<>();
        final List<Map<String, Object>> growing = new ArrayList<>();
        for (int m = 1; m <= 10; m++)
        {
            flat.add(sample(m, 500 + (m % 2), 4096));
            growing.add(sample(m, 500 + 5 * m, 4096));
        }
        assertEquals(Boolean.TRUE, SoakRun.slopes(flat).get("flat"), String.valueOf(SoakRun.slopes(flat)));
        final Map<String, Object> g = SoakRun.slopes(growing);
        assertEquals(Boolean.FALSE, g.get("flat"));
        assertEquals(5.0, ((Number)g.get("rss_mib_per_min")).doubleValue(), 1e-9);
        assertFalse(Boolean.TRUE.equals(SoakRun.slopes(flat.subList(0, 2)).get("flat")), "two samples are too few to judge");
    }

    @Test
    void theSoakJudgesRssOnlyAfterEveryJvmHasCollectedOnce()
    {
        // RSS climbs for six minutes while a worker first touches its young generation, then holds: its first
        // collection (in the sample at minute 6) ends the warm-up, and what follows is flat.
        final List<Map<String, Object>> samples = new ArrayList<>();
        for (int m = 1; m <= 12; m++)
        {
            final Map<String, Object> s = sample(m, m <= 6 ? 500 + 15 * m : 590 + (m % 2), 4096);
            s.put("gc_count", Map.of("frontend", 3L, "worker", m >= 6 ? 1L : 0L));
            samples.add(s);
        }
        assertEquals(6, SoakRun.warmUp(samples));
        assertEquals(Boolean.TRUE, SoakRun.slopes(samples).get("flat"), String.valueOf(SoakRun.slopes(samples)));
        assertEquals(6.0, ((Number)SoakRun.slopes(samples).get("warm_up_min")).doubleValue(), 1e-9);

        // Growth after every JVM has collected is a trend, not warm-up.
        final List<Map<String, Object>> leaking = new ArrayList<>();
        for (int m = 1; m <= 12; m++)
        {
            final Map<String, Object> s = sample(m, 500 + 15 * m, 4096);
            s.put("gc_count", Map.of("frontend", 3L, "worker", 2L));
            leaking.add(s);
        }
        assertEquals(1, SoakRun.warmUp(leaking), "the first tenth, at least one");
        assertEquals(Boolean.FALSE, SoakRun.slopes(leaking).get("flat"));

        // A JVM that never collected leaves nothing to judge.
        samples.forEach(s -> s.put("gc_count", Map.of("frontend", 3L, "worker", 0L)));
        assertEquals(samples.size(), SoakRun.warmUp(samples));
        assertFalse(Boolean.TRUE.equals(SoakRun.slopes(samples).get("flat")));
    }

    private static Map<String, Object> sample(final double minute, final double rss, final long session)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("t_min", minute);
        s.put("rss_total_mib", rss);
        s.put("session_bytes", session);
        s.put("shm_used_bytes", 1L << 30);
        s.put("p50_us", 20.0);
        s.put("p99_us", 90.0);
        return s;
    }

    @Test
    void theCommandLineIsCheckedInOnePlace()
    {
        final ChaosOptions quick = ChaosOptions.parse("--quick", "--seed", "5");
        assertTrue(quick.quick);
        assertEquals(5, quick.seed);
        assertEquals(ChaosOptions.QUICK_SECONDS, quick.seconds);
        assertEquals(ChaosOptions.SOAK_SECONDS, ChaosOptions.parse("--soak").seconds);
        assertEquals(12, ChaosOptions.parse("--soak", "--seconds", "12", "--period", "4").seconds);
        assertThrows(IllegalArgumentException.class, () -> ChaosOptions.parse("--seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> ChaosOptions.parse("--bogus"));
        assertThrows(IllegalArgumentException.class, () -> ChaosOptions.parse("--seed"));
    }
}
