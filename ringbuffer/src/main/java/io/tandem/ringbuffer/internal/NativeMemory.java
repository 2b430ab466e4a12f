package io.tandem.ringbuffer.internal;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.UnsafeMemory;

/**
 * Bulk copies between heap arrays and native addresses. {@code Unsafe.copyMemory} is an intrinsic (the JIT
 * calls the JDK's vectorised array-copy stub) but does not reach a safepoint while it runs, so large copies go
 * in 1 MiB pieces, as the JDK's own {@code Unsafe} callers do.
 */
public final class NativeMemory
{
    /** Base offset of element 0 of a {@code byte[]}. */
    public static final long BYTE_ARRAY_BASE = Jvm.arrayByteBaseOffset();

    private static final long CHUNK = 1L << 20;

    private NativeMemory()
    {
    }

    /**
     * Copies {@code length} bytes. A null base makes its offset an absolute address.
     */
    public static void copy(final Object srcBase, final long srcOffset, final Object dstBase, final long dstOffset, final long length)
    {
        long done = 0;
        while (done < length)
        {
            final long n = Math.min(CHUNK, length - done);
            UnsafeMemory.UNSAFE.copyMemory(srcBase, srcOffset + done, dstBase, dstOffset + done, n);
            done += n;
        }
    }

    /** Copies {@code length} bytes from native {@code srcAddress} to native {@code dstAddress}. */
    public static void copy(final long srcAddress, final long dstAddress, final long length)
    {
        copy(null, srcAddress, null, dstAddress, length);
    }

    /** @return a fresh native block of {@code length} bytes (free it with {@link #free}). */
    public static long allocate(final long length)
    {
        return UnsafeMemory.UNSAFE.allocateMemory(Math.max(1, length));
    }

    /** Frees a block from {@link #allocate}. */
    public static void free(final long address)
    {
        UnsafeMemory.UNSAFE.freeMemory(address);
    }
}
