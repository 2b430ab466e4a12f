package io.tandem.examples.streaming;

import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameClaim;
import net.openhft.chronicle.core.OS;

/**
 * The synthetic video frames of the streaming example: 1920 x 1080 x 3 bytes, a frame counter and a
 * checksum in the first 16 bytes, pixels set from the counter. The checksum samples one long every 4 KiB,
 * so checking a frame costs microseconds, yet a frame torn between two writes (or corrupted) fails it.
 */
final class Frames
{
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    static final int BYTES = WIDTH * HEIGHT * 3;
    private static final int COUNTER = 0;
    private static final int CHECKSUM = 8;
    private static final int PIXELS = 16;
    private static final int SAMPLE_STRIDE = 4096;

    private Frames()
    {
    }

    /** Draws frame {@code counter} straight into the slot (zero copy). */
    static void draw(final FrameClaim claim, final long counter)
    {
        OS.memory().setMemory(claim.address() + PIXELS, BYTES - PIXELS, (byte)counter);
        claim.putLong(BYTES - 8, counter * 0x9E3779B97F4A7C15L); // the last long: tears at either end show
        claim.putLong(COUNTER, counter);
        claim.putLong(CHECKSUM, checksumOf(claim.address(), counter));
    }

    /** @return true if the frame's pixels and checksum agree with its counter. */
    static boolean intact(final Frame frame)
    {
        final long counter = frame.getLong(COUNTER);
        return frame.length() == BYTES && frame.getLong(CHECKSUM) == checksumOf(frame.address(), counter) &&
            frame.getLong(BYTES - 8) == counter * 0x9E3779B97F4A7C15L;
    }

    /** @return the frame's counter. */
    static long counter(final Frame frame)
    {
        return frame.getLong(COUNTER);
    }

    private static long checksumOf(final long address, final long counter)
    {
        long sum = counter;
        for (long at = PIXELS; at + 8 <= BYTES - 8; at += SAMPLE_STRIDE)
        {
            sum = sum * 31 + OS.memory().readLong(address + at);
        }
        return sum;
    }
}
