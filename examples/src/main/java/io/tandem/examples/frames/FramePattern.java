package io.tandem.examples.frames;

import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameClaim;
import net.openhft.chronicle.core.OS;

/**
 * The examples' synthetic frames of a given size: a frame counter and a checksum in the first 16 bytes, pixels set
 * from the counter, and a last long derived from it. The checksum samples one long every 4 KiB, so checking a frame
 * costs microseconds, yet a frame torn between two writes (or corrupted) fails it. One class for the streaming
 * example's large frames and the remote example's smaller ones (each crosses the network there), so both check
 * frames alike.
 */
public final class FramePattern
{
    private static final int COUNTER = 0;
    private static final int CHECKSUM = 8;
    private static final int PIXELS = 16;
    private static final int SAMPLE_STRIDE = 4096;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final int bytes;

    /** @param bytes the frame's length: at least 24 (counter, checksum, last long). */
    public FramePattern(final int bytes)
    {
        if (bytes < PIXELS + 8)
        {
            throw new IllegalArgumentException("a frame of the pattern takes at least " + (PIXELS + 8) + " bytes, got " +
                bytes);
        }
        this.bytes = bytes;
    }

    /** @return the frame's length. */
    public int bytes()
    {
        return bytes;
    }

    /** Draws frame {@code counter} straight into the slot (zero copy). */
    public void draw(final FrameClaim claim, final long counter)
    {
        OS.memory().setMemory(claim.address() + PIXELS, bytes - PIXELS, (byte)counter);
        claim.putLong(bytes - 8, counter * MIX); // the last long: tears at either end show
        claim.putLong(COUNTER, counter);
        claim.putLong(CHECKSUM, checksumOf(claim.address(), counter));
    }

    /** @return true if the frame's length, pixels (sampled), checksum and last long agree with its counter. */
    public boolean intact(final Frame frame)
    {
        final long counter = frame.getLong(COUNTER);
        return frame.length() == bytes && frame.getLong(CHECKSUM) == checksumOf(frame.address(), counter) &&
            frame.getLong(bytes - 8) == counter * MIX;
    }

    /** @return the frame's counter. */
    public static long counter(final Frame frame)
    {
        return frame.getLong(COUNTER);
    }

    private long checksumOf(final long address, final long counter)
    {
        long sum = counter;
        for (long at = PIXELS; at + 8 <= bytes - 8; at += SAMPLE_STRIDE)
        {
            sum = sum * 31 + OS.memory().readLong(address + at);
        }
        return sum;
    }
}
