package io.tandem.memory;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

/**
 * The raw memory loops behind a {@link SharedArray}'s bulk operations: copies and fills by address, for every
 * element type at once (the caller has checked the range and the type and passes addresses and byte counts).
 * Not API.
 *
 * <p>Unsafe's bulk operations do not reach a safepoint, so large ones go in pieces of {@link #COPY_CHUNK}: a
 * garbage collection never waits long for a copy of a gigabyte.
 */
final class ArrayMemory
{
    /** The most bytes one Unsafe bulk call moves. */
    static final long COPY_CHUNK = 1L << 20;

    /** The block a non-uniform fill writes value by value before doubling it: a multiple of every element size. */
    private static final long FILL_BLOCK = 4096;

    private ArrayMemory()
    {
    }

    /** Copies {@code bytes} in pieces of {@link #COPY_CHUNK}; a null base makes its offset an absolute address. */
    static void copy(final Object srcBase, final long srcOffset, final Object dstBase, final long dstOffset, final long bytes)
    {
        for (long done = 0; done < bytes; done += COPY_CHUNK)
        {
            UNSAFE.copyMemory(srcBase, srcOffset + done, dstBase, dstOffset + done, Math.min(COPY_CHUNK, bytes - done));
        }
    }

    /** Sets {@code bytes} bytes from {@code address} to {@code value}, in pieces of {@link #COPY_CHUNK}. */
    static void setMemory(final long address, final long bytes, final byte value)
    {
        for (long done = 0; done < bytes; done += COPY_CHUNK)
        {
            UNSAFE.setMemory(address + done, Math.min(COPY_CHUNK, bytes - done), value);
        }
    }

    /**
     * Stores {@code bits} (an element's bits in the low {@code size} bytes) into every element of the {@code bytes}
     * bytes from {@code start}: byte-uniform values (0, -1, ...) with memset; others by writing one block and
     * copying it forward, doubling up to a chunk.
     */
    static void fill(final long start, final long bytes, final long bits, final int size)
    {
        final long mask = size == Long.BYTES ? -1L : (1L << (size * 8)) - 1;
        if (((bits & 0xFF) * 0x0101_0101_0101_0101L & mask) == (bits & mask))
        {
            setMemory(start, bytes, (byte)bits);
            return;
        }
        final long block = Math.min(bytes, FILL_BLOCK);
        for (long offset = 0; offset < block; offset += size)
        {
            putBits(start + offset, bits, size);
        }
        long filled = block;
        while (filled < bytes)
        {
            final long n = Math.min(Math.min(filled, COPY_CHUNK), bytes - filled);
            UNSAFE.copyMemory(start, start + filled, n);
            filled += n;
        }
    }

    private static void putBits(final long address, final long bits, final int size)
    {
        switch (size)
        {
            case 1:
                UNSAFE.putByte(address, (byte)bits);
                break;
            case 2:
                UNSAFE.putShort(address, (short)bits);
                break;
            case 4:
                UNSAFE.putInt(address, (int)bits);
                break;
            default:
                UNSAFE.putLong(address, bits);
                break;
        }
    }
}
