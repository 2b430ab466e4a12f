package io.tandem.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coordinated omission is accounted for: one 10 ms stall in a run at 10 kHz (a 100 µs interval) delays the
 * hundred operations due during it, and measuring from intended send times charges each of them, while the
 * naive measure (from the actual send) sees a single slow sample.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class FixedRateSamplerTest
{
    private static final int RATE = 10_000;
    private static final long STALL_NS = 10_000_000;
    private static final long SERVICE_NS = 1_000;
    private static final int SAMPLES = 5_000;
    private static final int STALL_AT = 2_000;

    /** A clock that moves only when read (a spin costs 50 ns) or when an operation does work: fully deterministic. */
    private static final class FakeClock
    {
        long now = 1_000_000_000L;

        long read()
        {
            now += 50;
            return now;
        }
    }

    @Test
    void stallIsChargedToTheSamplesQueuedBehindIt() throws Exception
    {
        final FakeClock clock = new FakeClock();
        final FixedRateSampler sampler = new FixedRateSampler(RATE, clock::read, false);
        final FixedRateSampler.Samples s = sampler.run(100, SAMPLES, i ->
        {
            clock.now += i == STALL_AT ? STALL_NS : SERVICE_NS;
        });

        final Result intended = s.result("op@10k");
        final Result naive = s.serviceTime("op-naive");
        // 10 ms of stall at 100 µs per send: about 100 sends are late, each charged what it waited, from ~10 ms down.
        final long queuedBehind = STALL_NS / sampler.intervalNs();
        assertTrue(s.lateSends() >= queuedBehind - 2 && s.lateSends() <= queuedBehind + 2, "late sends " + s.lateSends());
        // p99 of 5000 samples is the 50th worst: about half the stall, since samples queued behind it wait 10, 9.9, ... ms.
        assertTrue(intended.get("p99") > STALL_NS / 4, "p99 from intended times " + intended.get("p99"));
        assertTrue(intended.get("max") >= STALL_NS, "max " + intended.get("max"));
        // The naive measure only sees the one stalled sample: p99 is the service time.
        assertTrue(naive.get("p99") < 2 * SERVICE_NS, "naive p99 " + naive.get("p99"));
        assertTrue(naive.get("max") >= STALL_NS, "naive max " + naive.get("max"));
        assertEquals(RATE, intended.get("rate"));
        assertTrue(intended.isFixedRate());
        assertEquals(SAMPLES, intended.get("n"));
    }

    @Test
    void withoutAStallNothingIsLate() throws Exception
    {
        final FakeClock clock = new FakeClock();
        final FixedRateSampler.Samples s = new FixedRateSampler(RATE, clock::read, false).run(100, SAMPLES, i -> clock.now += SERVICE_NS);
        assertEquals(0, s.lateSends());
        assertTrue(s.result("op").get("max") < 2 * SERVICE_NS, "max " + s.result("op").get("max"));
    }

    @Test
    void warmUpLagIsNotChargedToTheMeasuredSamples() throws Exception
    {
        final FakeClock clock = new FakeClock();
        // The last warm-up operation stalls: the measured schedule starts after it.
        final FixedRateSampler.Samples s = new FixedRateSampler(RATE, clock::read, false).run(100, SAMPLES, i ->
        {
            clock.now += i == -1 ? STALL_NS : SERVICE_NS;
        });
        assertEquals(0, s.lateSends());
        assertTrue(s.result("op").get("max") < 2 * SERVICE_NS, "max " + s.result("op").get("max"));
    }

    /**
     * The same with the real clock and a real 10 ms sleep. Only lower bounds are asserted (a loaded machine can only
     * make latencies larger), so this cannot flake: the operations due during the sleep are sent after it ends, each
     * at least (10 ms - its offset into the stall) after its intended time.
     */
    @Test
    void realStallShowsInP99FromIntendedTimes() throws Exception
    {
        final FixedRateSampler.Samples s = FixedRateSampler.perSecond(RATE).run(1_000, SAMPLES, i ->
        {
            if (i == STALL_AT)
            {
                Thread.sleep(STALL_NS / 1_000_000);
            }
        });
        final Result intended = s.result("op@10k");
        assertTrue(intended.get("max") >= STALL_NS, "max " + intended.get("max"));
        assertTrue(intended.get("p99") >= STALL_NS / 4, "p99 from intended times " + intended.get("p99"));
        assertTrue(s.lateSends() >= STALL_NS * RATE / 1_000_000_000L / 2, "late sends " + s.lateSends());
    }
}
