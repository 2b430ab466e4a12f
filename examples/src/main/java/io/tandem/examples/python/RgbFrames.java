package io.tandem.examples.python;

import io.tandem.ringbuffer.FrameArray;
import io.tandem.ringbuffer.FrameShapeDescriptor;

/**
 * Synthetic 480 x 640 x 3 uint8 images of different brightness, made once, with their exact means: what the Java
 * producer streams (the Python producer makes the same ones with NumPy). A pattern rather than a flat colour, so a
 * frame torn between two images would show in its mean. Also the consumer's check: the mean of an image read in
 * place, against the value its producer wrote in the shape header.
 */
final class RgbFrames
{
    static final int HEIGHT = 480;
    static final int WIDTH = 640;
    static final int CHANNELS = 3;
    static final int BYTES = HEIGHT * WIDTH * CHANNELS;
    /** A slot: the shape header and the pixels. */
    static final int SLOT_SIZE = FrameShapeDescriptor.HEADER_LENGTH + BYTES;
    /** Tags: an image, and the end of the stream. */
    static final int IMAGE = 1;
    static final int END = 2;
    /** Means computed in two ways (a long sum over N here, NumPy's float64 mean there) agree far closer than this. */
    static final double TOLERANCE = 1e-6;

    private final byte[][] pixels;
    private final double[] means;

    RgbFrames(final int count)
    {
        pixels = new byte[count][BYTES];
        means = new double[count];
        for (int k = 0; k < count; k++)
        {
            long sum = 0;
            for (int i = 0; i < BYTES; i++)
            {
                final int value = (int)(((long)i * 7 % 61 + 12L * k) % 256);   // streaming_python.py's images()
                pixels[k][i] = (byte)value;
                sum += value;
            }
            means[k] = (double)sum / BYTES;
        }
    }

    /** Writes image {@code n % count} into a shaped frame: the pixels, and their mean as the header's user value. */
    void write(final long n, final FrameArray image)
    {
        final int k = (int)(n % pixels.length);
        image.copyFrom(pixels[k], 0);
        image.setUserDouble(means[k]);
    }

    /**
     * @return null if {@code image} is a 480 x 640 x 3 uint8 image whose mean is the one its header states, else
     * what is wrong.
     */
    static String check(final FrameArray image)
    {
        if (image == null)
        {
            return "no shape header";
        }
        if (image.typeCode() != FrameShapeDescriptor.TYPE_UINT8 || image.rank() != 3 || image.dim(0) != HEIGHT ||
            image.dim(1) != WIDTH || image.dim(2) != CHANNELS)
        {
            return "a " + image + ", not uint8[" + HEIGHT + ", " + WIDTH + ", " + CHANNELS + "]";
        }
        long sum = 0;
        final long n = image.length();
        for (long i = 0; i < n; i++)
        {
            sum += image.getUint8(i);
        }
        final double mean = (double)sum / n;
        final double expected = image.userDouble();
        return Math.abs(mean - expected) < TOLERANCE ? null : "mean brightness " + mean + ", but the header says " + expected;
    }
}
