package io.tandem.perf.python;

/**
 * Frames whose every byte derives from their sequence, so a reader can tell a torn frame from a good one; the same
 * rule as {@code tandem.peer.Pattern} in Python. Frame {@code s} of a ring with slot size {@code S}:
 * <pre>
 *   length    1 + (s * 37) % S
 *   tag       (s * 3) &amp; 0x7fffffff
 *   timestamp s * 1000 + 7
 *   byte i    (s * 31 + i * 7) &amp; 0xFF
 * </pre>
 *
 * <pre>{@code
 * int n = FramePattern.fill(sequence, buffer, slotSize);
 * producer.publish(buffer, 0, n, FramePattern.tag(sequence), FramePattern.timestamp(sequence));
 * }</pre>
 */
public final class FramePattern
{
    private FramePattern()
    {
    }

    /** @return the payload length of frame {@code sequence}. */
    public static int length(final long sequence, final int slotSize)
    {
        return (int)(1 + (sequence * 37) % slotSize);
    }

    /** @return the tag of frame {@code sequence}. */
    public static int tag(final long sequence)
    {
        return (int)((sequence * 3) & 0x7fff_ffffL);
    }

    /** @return the timestamp of frame {@code sequence}. */
    public static long timestamp(final long sequence)
    {
        return sequence * 1000 + 7;
    }

    /** @return byte {@code index} of frame {@code sequence}. */
    public static byte at(final long sequence, final int index)
    {
        return (byte)(sequence * 31 + index * 7L);
    }

    /** Writes frame {@code sequence}'s payload into {@code buffer}; @return its length. */
    public static int fill(final long sequence, final byte[] buffer, final int slotSize)
    {
        final int length = length(sequence, slotSize);
        for (int i = 0; i < length; i++)
        {
            buffer[i] = at(sequence, i);
        }
        return length;
    }
}
