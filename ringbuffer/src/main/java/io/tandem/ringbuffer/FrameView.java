package io.tandem.ringbuffer;

import io.tandem.ringbuffer.internal.NativeMemory;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.VanillaBytes;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.UnsafeMemory;

import java.lang.invoke.VarHandle;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * The consumer's reusable {@link Frame}: re-pointed at each frame, no allocation. The Chronicle view is set up
 * only when asked for, so handlers that read through {@link #getLong} or {@link #address()} do not pay for it.
 */
final class FrameView implements Frame
{
    private final PointerBytesStore store = new PointerBytesStore();
    private final VanillaBytes<Void> bytes;
    private final FrameArray array = new FrameArray(false);
    private long sequence;
    private long address;
    private int length;
    private int tag;
    private long timestamp;
    private boolean bytesReady;
    private long stampAddress;
    private long stamp;

    FrameView()
    {
        store.singleThreadedCheckDisabled(true);
        bytes = store.bytesForWrite();
        bytes.singleThreadedCheckDisabled(true);
    }

    void wrap(final long sequence, final long address, final int length, final int tag, final long timestamp)
    {
        this.sequence = sequence;
        this.address = address;
        this.length = length;
        this.tag = tag;
        this.timestamp = timestamp;
        this.bytesReady = false;
        this.stampAddress = 0;
    }

    /** Marks the frame as read in place from a slot whose stamp, at {@code stampAddress}, was {@code stamp}. */
    void inPlace(final long stampAddress, final long stamp)
    {
        this.stampAddress = stampAddress;
        this.stamp = stamp;
    }

    @Override
    public long sequence()
    {
        return sequence;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public int tag()
    {
        return tag;
    }

    @Override
    public long timestamp()
    {
        return timestamp;
    }

    @Override
    public BytesIn<?> bytes()
    {
        if (!bytesReady)
        {
            store.set(address, length);
            bytes.clear();
            bytes.writePosition(length);
            bytesReady = true;
        }
        return bytes;
    }

    @Override
    public FrameArray array()
    {
        try
        {
            return array.wrapFrame(sequence, address, length) ? array : null;
        }
        catch (final RingBufferException ex)
        {
            // seqlock reader: the header reads complete before we look at the stamp again
            VarHandle.loadLoadFence();
            if (stampAddress != 0 && UnsafeMemory.MEMORY.readVolatileLong(stampAddress) != stamp)
            {
                throw new RingBufferException("frame " + sequence + " was overwritten while its shape header was read " +
                    "(OVERWRITE, read in place): discard it, release() returns false for it", ex);
            }
            throw ex;
        }
    }

    @Override
    public long address()
    {
        return address;
    }

    @Override
    public byte getByte(final int index)
    {
        check(index, 1);
        return UnsafeMemory.MEMORY.readByte(address + index);
    }

    @Override
    public int getInt(final int index)
    {
        check(index, 4);
        return UnsafeMemory.MEMORY.readInt(address + index);
    }

    @Override
    public long getLong(final int index)
    {
        check(index, 8);
        return UnsafeMemory.MEMORY.readLong(address + index);
    }

    @Override
    public int copyTo(final byte[] dst, final int offset)
    {
        java.util.Objects.checkFromIndexSize(offset, length, dst.length);
        NativeMemory.copy(null, address, dst, NativeMemory.BYTE_ARRAY_BASE + offset, length);
        return length;
    }

    @Override
    public int copyTo(final ByteBuffer dst)
    {
        if (dst.remaining() < length)
        {
            throw new BufferOverflowException();
        }
        final int position = dst.position();
        if (dst.isDirect())
        {
            NativeMemory.copy(address, Jvm.address(dst) + position, length);
        }
        else if (dst.hasArray())
        {
            NativeMemory.copy(null, address, dst.array(), NativeMemory.BYTE_ARRAY_BASE + dst.arrayOffset() + position, length);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                dst.put(position + i, UnsafeMemory.MEMORY.readByte(address + i));
            }
        }
        dst.position(position + length);
        return length;
    }

    void close()
    {
        bytes.releaseLast();
        store.releaseLast();
    }

    private void check(final int index, final int size)
    {
        if (index < 0 || index > length - size)
        {
            throw new IndexOutOfBoundsException("index " + index + " + " + size + " bytes is outside a frame of " + length + " bytes");
        }
    }

    @Override
    public String toString()
    {
        return "Frame{sequence=" + sequence + ", length=" + length + ", tag=" + tag + ", timestamp=" + timestamp + '}';
    }
}
