package io.tandem.remote.ring;

import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameClaim;

import java.util.Random;
import java.util.zip.CRC32;

/**
 * Numbered, checksummed frames: bytes 0-7 the frame's number, 8-15 the CRC32 of the rest, then pseudo-random bytes
 * (a slice of one random block, so a 1 MiB frame costs a copy, not a million random draws). Tag = number,
 * timestamp = number * 3: what a receiver must carry over.
 */
final class TestFrames
{
    static final int MIN_LENGTH = 16;
    private static final byte[] NOISE = new byte[4 << 20];

    static
    {
        new Random(16).nextBytes(NOISE);
    }

    private TestFrames()
    {
    }

    /** Writes frame {@code number}, {@code length} bytes, into {@code claim} and publishes it. */
    static void publish(final FrameClaim claim, final long number, final int length)
    {
        final byte[] frame = frame(number, length);
        org.agrona.concurrent.UnsafeBuffer slot = new org.agrona.concurrent.UnsafeBuffer(claim.address(), claim.capacity());
        slot.putBytes(0, frame);
        claim.publish(length, (int)number, number * 3);
    }

    static byte[] frame(final long number, final int length)
    {
        final byte[] frame = new byte[length];
        System.arraycopy(NOISE, (int)((number * 7919) % (NOISE.length - length)), frame, MIN_LENGTH, length - MIN_LENGTH);
        final CRC32 crc = new CRC32();
        crc.update(frame, MIN_LENGTH, length - MIN_LENGTH);
        final org.agrona.concurrent.UnsafeBuffer b = new org.agrona.concurrent.UnsafeBuffer(frame);
        b.putLong(0, number);
        b.putLong(8, crc.getValue());
        return frame;
    }

    /** @return the frame's number if it is intact (checksum, tag and timestamp agree), else -1. */
    static long check(final Frame frame, final byte[] scratch)
    {
        final int length = frame.length();
        if (length < MIN_LENGTH)
        {
            return -1;
        }
        frame.copyTo(scratch, 0);
        final org.agrona.concurrent.UnsafeBuffer b = new org.agrona.concurrent.UnsafeBuffer(scratch);
        final long number = b.getLong(0);
        final CRC32 crc = new CRC32();
        crc.update(scratch, MIN_LENGTH, length - MIN_LENGTH);
        final boolean ok = b.getLong(8) == crc.getValue() && frame.tag() == (int)number && frame.timestamp() == number * 3;
        return ok ? number : -1;
    }
}
