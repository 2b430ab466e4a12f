package io.tandem.ringbuffer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** binary16 conversions: exhaustive over the 65536 halves, rounding at every midpoint, and known values. */
class Float16Test
{
    /** The value of half bits {@code h} computed from the IEEE definition, in double arithmetic (exact). */
    private static double reference(final int h)
    {
        final int sign = (h >>> 15) & 1;
        final int exponent = (h >>> 10) & 0x1F;
        final int mantissa = h & 0x3FF;
        final double magnitude;
        if (exponent == 0x1F)
        {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        else if (exponent == 0)
        {
            magnitude = mantissa * Math.pow(2, -24);
        }
        else
        {
            magnitude = (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    @Test
    void everyHalfConvertsExactlyAndRoundTrips()
    {
        for (int bits = 0; bits < 0x10000; bits++)
        {
            final int h = bits;
            final float f = Float16.toFloat((short)h);
            final double expected = reference(h);
            if (Double.isNaN(expected))
            {
                assertTrue(Float.isNaN(f), () -> Integer.toHexString(h));
                assertEquals((h & 0x8000) != 0, (Float.floatToRawIntBits(f) & 0x8000_0000) != 0, "NaN keeps its sign");
            }
            else
            {
                assertEquals(expected, f, 0.0, () -> Integer.toHexString(h));
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(f),
                    () -> "signed zero kept: " + Integer.toHexString(h));
            }
            assertEquals(h, Float16.toBits(f) & 0xFFFF, () -> "round trip of " + Integer.toHexString(h));
        }
    }

    @Test
    void everyMidpointRoundsToEvenAndItsNeighboursToNearest()
    {
        // consecutive positive finite halves h and h + 1 (from 0 up to 65504), and the step past 65504 to infinity
        for (int bits = 0; bits < 0x7C00; bits++)
        {
            final int h = bits;
            final float low = Float16.toFloat((short)h);
            final float high = h + 1 == 0x7C00 ? 65536f : Float16.toFloat((short)(h + 1));
            final float middle = (low + high) / 2;          // exact: halves have 11 significant bits
            final int even = (h & 1) == 0 ? h : h + 1;
            for (final int sign : new int[] {0, 0x8000})
            {
                final float s = sign == 0 ? 1f : -1f;
                assertEquals(even | sign, Float16.toBits(s * middle) & 0xFFFF, () -> "tie between " + low + " and " + high);
                assertEquals(h | sign, Float16.toBits(s * Math.nextDown(middle)) & 0xFFFF, () -> "just below " + middle);
                assertEquals((h + 1) | sign, Float16.toBits(s * Math.nextUp(middle)) & 0xFFFF, () -> "just above " + middle);
            }
        }
    }

    @Test
    void knownValues()
    {
        assertEquals(0x3C00, Float16.toBits(1f));
        assertEquals(0xC000, Float16.toBits(-2f) & 0xFFFF);
        assertEquals(0x7BFF, Float16.toBits(65504f));
        assertEquals(0x7BFF, Float16.toBits(65519.996f), "below the midpoint to 65536");
        assertEquals(0x7C00, Float16.toBits(65520f), "the midpoint rounds to even: infinity");
        assertEquals(0x7C00, Float16.toBits(1e10f));
        assertEquals(0xFC00, Float16.toBits(Float.NEGATIVE_INFINITY) & 0xFFFF);
        assertEquals(0x0001, Float16.toBits(0x1p-24f), "smallest subnormal");
        assertEquals(0x0000, Float16.toBits(0x1p-25f), "half of it is a tie: to even, zero");
        assertEquals(0x0001, Float16.toBits(Math.nextUp(0x1p-25f)));
        assertEquals(0x8000, Float16.toBits(-0f) & 0xFFFF);
        assertEquals(0x0400, Float16.toBits(0x1p-14f), "smallest normal");
        assertEquals(0x03FF, Float16.toBits(0x1p-14f - 0x1p-24f), "largest subnormal");
        assertEquals(0x3555, Float16.toBits(1f / 3), "NumPy: np.float16(1/3).view(np.uint16) == 0x3555");
        assertEquals(0x2E66, Float16.toBits(0.1f), "NumPy: np.float16(0.1).view(np.uint16) == 0x2E66");
        assertEquals(0x7E00, Float16.toBits(Float.NaN) & 0xFFFF, "the canonical NaN stays quiet");
        assertTrue(Float.isNaN(Float16.toFloat(Float16.toBits(Float.intBitsToFloat(0x7F80_0001)))),
            "a NaN whose payload is only in the dropped low bits is still a NaN");
        assertEquals(65504f, Float16.toFloat(Float16.MAX_VALUE));
        assertEquals(0x1p-24f, Float16.toFloat(Float16.MIN_VALUE));
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(Float16.POSITIVE_INFINITY));
        assertEquals(0.099975586f, Float16.toFloat((short)0x2E66));
    }
}
