package io.tandem.ringbuffer;

/**
 * Conversions between IEEE 754 binary16 ("half", NumPy {@code float16}) bits and Java's {@code float}, for the
 * float16 elements of shaped frames and shared arrays (JDK 17 has no {@code Float.float16ToFloat}; JDK 20 added
 * it, with the same results as this class).
 *
 * <p>Every half value is exactly a float, so {@link #toFloat} is exact, and {@code toBits(toFloat(h)) == h} for all
 * 65536 bit patterns (NaN payloads included). {@link #toBits} rounds to the nearest half, ties to even (NumPy's
 * rounding): magnitudes from 65520 up become infinity, below 2^-25 (and 2^-25 itself) a signed zero, and between
 * 2^-25 and 2^-14 a subnormal. A NaN stays a NaN with its sign and the top 10 bits of its payload (as NumPy does).
 *
 * <pre>{@code
 * short bits = Float16.toBits(0.1f);        // 0x2E66, the half nearest 0.1
 * float back = Float16.toFloat(bits);       // 0.099975586f
 * }</pre>
 */
public final class Float16
{
    /** Bits of +infinity. */
    public static final short POSITIVE_INFINITY = 0x7C00;
    /** Bits of the largest finite half, 65504. */
    public static final short MAX_VALUE = 0x7BFF;
    /** Bits of the smallest positive (subnormal) half, 2^-24. */
    public static final short MIN_VALUE = 0x0001;

    private static final int FLOAT_EXPONENT_MASK = 0x7F80_0000;
    /** The float 65520: halfway between 65504 and 65536 (2^16, one past the largest exponent); ties to even go up. */
    private static final int FLOAT_ROUNDS_TO_INFINITY = 0x477F_F000;
    /** The float 2^-14, the smallest normal half. */
    private static final int FLOAT_MIN_NORMAL_HALF = 0x3880_0000;
    /** The float 2^-25, half the smallest subnormal: it and anything smaller round to zero. */
    private static final int FLOAT_HALF_MIN_SUBNORMAL = 0x3300_0000;
    /** Float exponent bias minus half exponent bias (127 - 15), in place in the exponent field. */
    private static final int REBIAS = 112 << 23;

    private Float16()
    {
    }

    /**
     * @param bits a binary16 value's bits (the low 16 bits of the argument).
     * @return the same value as a float: exact, including signed zeros, subnormals, infinities and NaN payloads.
     */
    public static float toFloat(final short bits)
    {
        final int h = bits & 0xFFFF;
        final int sign = (h & 0x8000) << 16;
        final int exponent = (h >>> 10) & 0x1F;
        final int mantissa = h & 0x3FF;
        if (exponent == 0x1F)
        {
            return Float.intBitsToFloat(sign | FLOAT_EXPONENT_MASK | (mantissa << 13));
        }
        if (exponent == 0)
        {
            // zero or subnormal: mantissa * 2^-24, exact in a float
            final float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent << 23) + REBIAS) | (mantissa << 13));
    }

    /**
     * @param value any float.
     * @return the bits of the nearest binary16 value, ties to even; overflow gives a signed infinity.
     */
    public static short toBits(final float value)
    {
        final int f = Float.floatToRawIntBits(value);
        final int sign = (f >>> 16) & 0x8000;
        final int abs = f & 0x7FFF_FFFF;
        if (abs >= FLOAT_EXPONENT_MASK)
        {
            if (abs == FLOAT_EXPONENT_MASK)
            {
                return (short)(sign | POSITIVE_INFINITY);
            }
            // NaN: keep the payload's top bits, but never let it become infinity
            final int payload = (abs & 0x7F_FFFF) >>> 13;
            return (short)(sign | POSITIVE_INFINITY | (payload == 0 ? 1 : payload));
        }
        if (abs >= FLOAT_ROUNDS_TO_INFINITY)
        {
            return (short)(sign | POSITIVE_INFINITY);
        }
        if (abs >= FLOAT_MIN_NORMAL_HALF)
        {
            // rebias the exponent, keep the top 10 mantissa bits, round on the 13 dropped ones (a carry into the
            // exponent is right: it is the next binade)
            final int half = (abs - REBIAS) >>> 13;
            return (short)(sign | roundHalfEven(half, abs & 0x1FFF, 0x1000));
        }
        if (abs <= FLOAT_HALF_MIN_SUBNORMAL)
        {
            return (short)sign;
        }
        // subnormal half: value / 2^-24 = significand * 2^(exponent - 126), exponent 102..112, so a shift of 14..24
        final int exponent = abs >>> 23;
        final int significand = (abs & 0x7F_FFFF) | 0x80_0000;
        final int shift = 126 - exponent;
        return (short)(sign | roundHalfEven(significand >>> shift, significand & ((1 << shift) - 1), 1 << (shift - 1)));
    }

    private static int roundHalfEven(final int truncated, final int remainder, final int halfway)
    {
        return remainder > halfway || (remainder == halfway && (truncated & 1) != 0) ? truncated + 1 : truncated;
    }
}
