package io.tandem.examples.remote;

import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameClaim;
import net.openhft.chronicle.core.OS;

/**
 * The remote example's frames: 640 x 360 x 3 bytes (a smaller picture than the local streaming example's: each frame
 * crosses the network), a counter in the first long, every pixel set from it, and a last long derived from it, so a
 * torn or corrupted frame fails {@link #intact}.
 */
final class RemoteFrames
{
    static final int BYTES = 640 * 360 * 3;
    private static final int PIXELS = 8;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final int SAMPLE_STRIDE = 4093; // prime: the samples fall on every byte position of a row

    private RemoteFrames()
    {
    }

    /** Draws frame {@code counter} straight into the slot. */
    static void draw(final FrameClaim claim, final long counter)
    {
        OS.memory().setMemory(claim.address() + PIXELS, BYTES - PIXELS - 8, (byte)counter);
        claim.putLong(BYTES - 8, counter * MIX);
        claim.putLong(0, counter);
    }

    /** @return true if the frame's length, pixels (sampled) and last long agree with its counter. */
    static boolean intact(final Frame frame)
    {
        if (frame.length() != BYTES)
        {
            return false;
        }
        final long counter = frame.getLong(0);
        if (frame.getLong(BYTES - 8) != counter * MIX)
        {
            return false;
        }
        for (int at = PIXELS; at < BYTES - 8; at += SAMPLE_STRIDE)
        {
            if (frame.getByte(at) != (byte)counter)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the frame's counter. */
    static long counter(final Frame frame)
    {
        return frame.getLong(0);
    }
}
