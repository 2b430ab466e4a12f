package io.tandem.ringbuffer;

import io.tandem.ringbuffer.internal.NativeMemory;

import java.util.SplittableRandom;

import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * Deterministic frame contents for end-to-end checks. Frame {@code s} has a length drawn from {@code s}, its
 * first 8 bytes are {@code s}, the rest are bytes of a fixed random pool from an offset drawn from {@code s};
 * the producer publishes it with tag = checksum of the payload and timestamp = {@code s}. A consumer can thus
 * check sequence, length, content and checksum of every frame without any shared state.
 */
final class TestFrames
{
    static final int POOL_LENGTH = 1 << 16;
    private static final byte[] POOL = pool();

    private final int minLength;
    private final int maxLength;
    private final byte[] buffer;

    TestFrames(final int minLength, final int maxLength)
    {
        if (minLength < 8 || maxLength < minLength || maxLength > POOL_LENGTH / 2)
        {
            throw new IllegalArgumentException(minLength + ".." + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.buffer = new byte[maxLength];
    }

    int lengthOf(final long sequence)
    {
        return minLength + (int)(mix(sequence) >>> 33) % (maxLength - minLength + 1);
    }

    /** Publishes frame {@code sequence} through {@code producer}; returns the new position (the ring's sequence for it + 1). */
    long publish(final RingProducer producer, final long sequence)
    {
        final int length = fill(sequence);
        return producer.publish(buffer, 0, length, checksum(buffer, length), sequence);
    }

    /** @return the payload length of frame {@code sequence}, its bytes in the internal buffer. */
    int fill(final long sequence)
    {
        final int length = lengthOf(sequence);
        final int from = poolOffset(sequence);
        System.arraycopy(POOL, from, buffer, 8, length - 8);
        MEMORY.writeLong(buffer, NativeMemory.BYTE_ARRAY_BASE, sequence);
        return length;
    }

    byte[] buffer()
    {
        return buffer;
    }

    /**
     * @return null if {@code frame} is exactly frame {@code frame.sequence()}, else what is wrong with it.
     */
    String check(final Frame frame)
    {
        final long sequence = frame.sequence();
        if (frame.timestamp() != sequence)
        {
            return "timestamp " + frame.timestamp() + " != sequence " + sequence;
        }
        final int length = lengthOf(sequence);
        if (frame.length() != length)
        {
            return "frame " + sequence + ": length " + frame.length() + " != " + length;
        }
        if (frame.getLong(0) != sequence)
        {
            return "frame " + sequence + ": first long " + frame.getLong(0);
        }
        final long address = frame.address();
        if (checksum(address, length) != frame.tag())
        {
            return "frame " + sequence + ": checksum " + checksum(address, length) + " != tag " + frame.tag();
        }
        final int from = poolOffset(sequence);
        for (int i = 8; i < length; i++)
        {
            if (MEMORY.readByte(address + i) != POOL[from + i - 8])
            {
                return "frame " + sequence + ": byte " + i + " differs";
            }
        }
        return null;
    }

    static int checksum(final byte[] bytes, final int length)
    {
        long h = 0x9E3779B97F4A7C15L;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = (h ^ MEMORY.readLong(bytes, NativeMemory.BYTE_ARRAY_BASE + i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        for (; i < length; i++)
        {
            h = (h ^ bytes[i]) * 0x94D049BB133111EBL;
        }
        return (int)(h ^ (h >>> 32));
    }

    static int checksum(final long address, final int length)
    {
        long h = 0x9E3779B97F4A7C15L;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = (h ^ MEMORY.readLong(address + i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        for (; i < length; i++)
        {
            h = (h ^ MEMORY.readByte(address + i)) * 0x94D049BB133111EBL;
        }
        return (int)(h ^ (h >>> 32));
    }

    private int poolOffset(final long sequence)
    {
        return (int)((mix(sequence) & 0xFFFF_FFFFL) % (POOL_LENGTH - maxLength));
    }

    private static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte[] pool()
    {
        final byte[] pool = new byte[POOL_LENGTH];
        new SplittableRandom(42).nextBytes(pool);
        return pool;
    }
}
