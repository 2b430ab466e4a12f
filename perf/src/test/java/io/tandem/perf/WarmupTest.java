package io.tandem.perf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up runs its minimum, then on while the peer's code generation is not settled, and stops once it is. */
class WarmupTest
{
    @Test
    void runsTheMinimumThenUntilThePeerHasSettled() throws Exception
    {
        final long[] ops = {0};
        final int[] looks = {0};
        final long count = Warmup.untilSettled(() -> ops[0]++, 1_000, () -> ++looks[0] > 3);
        assertEquals(ops[0], count);
        assertTrue(count >= 1_000 + 3 * 5_000L, "three looks found the peer busy, each followed by more warm-up: " + count);
        assertEquals(4, looks[0], "stops at the first look that finds it settled");
    }

    @Test
    void aSettledPeerEndsTheWarmUpAtItsMinimum() throws Exception
    {
        final long[] ops = {0};
        assertEquals(10, Warmup.untilSettled(() -> ops[0]++, 10, () -> true));
    }
}
