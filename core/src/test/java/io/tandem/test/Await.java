package io.tandem.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, never for a fixed sleep. */
public final class Await
{
    private Await()
    {
    }

    /**
     * @return true while {@code thread} runs inside {@code type}'s method {@code method} (it is on its stack): a
     * fault injected then certainly lands while that method runs.
     */
    public static boolean inside(final Thread thread, final Class<?> type, final String method)
    {
        for (final StackTraceElement frame : thread.getStackTrace())
        {
            if (frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method))
            {
                return true;
            }
        }
        return false;
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void until(final Duration timeout, final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
