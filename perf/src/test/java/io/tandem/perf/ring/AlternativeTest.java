package io.tandem.perf.ring;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window harness's order and command-line tokens, which the benchmark and both peers must agree on. */
final class AlternativeTest
{
    @Test
    void everyAlternativeTakesEveryPlaceOnceInAsManyPairs()
    {
        final int count = 4;
        for (int position = 0; position < count; position++)
        {
            final Set<Integer> seen = new HashSet<>();
            for (int pair = 7; pair < 7 + count; pair++) // any run of `count` pairs, warm-up or not
            {
                seen.add(Alternative.turn(pair, position, count));
            }
            assertEquals(count, seen.size(), "place " + position);
        }
        for (int pair = 0; pair < count; pair++)
        {
            final Set<Integer> inPair = new HashSet<>();
            for (int position = 0; position < count; position++)
            {
                inPair.add(Alternative.turn(pair, position, count));
            }
            assertEquals(count, inPair.size(), "each alternative once in pair " + pair);
        }
        assertEquals(0, Alternative.turn(0, 0, count), "the first pair runs in the given order");
        assertEquals(1, Alternative.turn(1, 0, count), "the next starts one further");
    }

    @Test
    void tokensRoundTrip()
    {
        final List<Alternative> alternatives = List.of(Alternative.tandem(Paths.get("/dev/shm/a")),
            Alternative.agrona(256, Paths.get("/dev/shm/b")), Alternative.fanout(Paths.get("/dev/shm/c")), Alternative.memcpy());
        assertEquals(List.of("tandem=/dev/shm/a", "agrona-limit256=/dev/shm/b", "fanout-3=/dev/shm/c", "memcpy"),
            Alternative.tokens(alternatives));
        final Alternative agrona = Alternative.parse("agrona-limit256=/dev/shm/b");
        assertTrue(agrona.isAgrona());
        assertFalse(agrona.isTandem());
        assertEquals(256, agrona.readLimit());
        assertEquals("/dev/shm/b", agrona.path);
        assertTrue(Alternative.parse("fanout-3=/dev/shm/c").isTandem());
        assertNull(Alternative.parse("memcpy").path);
        assertEquals("agrona-limit1", Alternative.agronaName(1));
    }
}
