package io.tandem.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what this JVM writes to System.out and System.err, backends' pumped output included, while
 * still showing it. Close to restore the streams.
 */
public final class Output implements AutoCloseable
{
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private Output()
    {
        System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    }

    public static Output capture()
    {
        return new Output();
    }

    /** @return everything written to either stream so far. */
    public String text()
    {
        synchronized (captured)
        {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close()
    {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private final class Tee extends java.io.OutputStream
    {
        private final PrintStream also;

        Tee(final PrintStream also)
        {
            this.also = also;
        }

        @Override
        public void write(final int b)
        {
            synchronized (captured)
            {
                captured.write(b);
            }
            also.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            synchronized (captured)
            {
                captured.write(b, off, len);
            }
            also.write(b, off, len);
        }

        @Override
        public void flush()
        {
            also.flush();
        }
    }
}
