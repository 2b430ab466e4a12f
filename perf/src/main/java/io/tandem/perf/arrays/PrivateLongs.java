package io.tandem.perf.arrays;

import io.tandem.memory.SharedArray;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

/**
 * LONG elements in a process's own off-heap memory (anonymous, not shared, no file): the private peer of a shared
 * array in the read benchmark. {@link #getLong} checks its index and reads as {@link SharedArray#getLong(long)}
 * does, so the same sum loop runs over both and only where the pages come from differs.
 *
 * <pre>{@code
 * try (PrivateLongs copy = PrivateLongs.copyOf(array)) {
 *     for (long i = 0; i < copy.length(); i++) sum += copy.getLong(i);
 * }
 * }</pre>
 */
final class PrivateLongs implements AutoCloseable
{
    private long address;
    private long length;

    private PrivateLongs(final long length)
    {
        this.address = UNSAFE.allocateMemory(length << 3);
        this.length = length;
    }

    /** @return a private copy of the elements of LONG {@code array}; every page is written, so no later read faults. */
    static PrivateLongs copyOf(final SharedArray array)
    {
        final PrivateLongs copy = new PrivateLongs(array.length());
        for (long i = 0; i < copy.length; i++)
        {
            UNSAFE.putLong(copy.address + (i << 3), array.getLong(i));
        }
        return copy;
    }

    long length()
    {
        return length;
    }

    long getLong(final long index)
    {
        if (Long.compareUnsigned(index, length) >= 0)
        {
            throw new IndexOutOfBoundsException("index " + index + " of " + length + " private longs" + (address == 0 ? " (freed)" : ""));
        }
        return UNSAFE.getLong(address + (index << 3));
    }

    @Override
    public void close()
    {
        if (address != 0)
        {
            UNSAFE.freeMemory(address);
            address = 0;
            length = 0;
        }
    }
}
