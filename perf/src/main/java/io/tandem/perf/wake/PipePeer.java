package io.tandem.perf.wake;

import io.tandem.perf.ChildJvm;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The other end of the Java pipe ping-pong: reads a byte from its stdin with a blocking read and writes it back
 * on its stdout, until end-of-file. What a Java program waiting on an OS pipe gets: the yardstick of wake-up.
 */
public final class PipePeer
{
    private PipePeer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final FileInputStream in = new FileInputStream(FileDescriptor.in);
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write((ChildJvm.READY + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final byte[] b = new byte[1];
        while (in.read(b) == 1)
        {
            out.write(b);
        }
    }
}
