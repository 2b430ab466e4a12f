package io.tandem.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived command-line tool a test runs ({@code du}, {@code stat}, {@code kill}, {@code script}) with a
 * deadline: its output goes to files, read once it has exited, so no pipe read can block a test.
 */
public final class Tool
{
    private Tool()
    {
    }

    /** What a tool printed and how it ended. */
    public record Result(int exitCode, String out, String err)
    {
    }

    /** @return the exit code and output of {@code command}; throws if it cannot run or outlives {@code timeout}. */
    public static Result run(final Duration timeout, final List<String> command)
    {
        File out = null;
        File err = null;
        try
        {
            out = File.createTempFile("tandem-tool", ".out");
            err = File.createTempFile("tandem-tool", ".err");
            final Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), ex);
        }
        finally
        {
            delete(out);
            delete(err);
        }
    }

    /** As {@link #run(Duration, List)}, with a ten-second deadline. */
    public static Result run(final String... command)
    {
        return run(Duration.ofSeconds(10), List.of(command));
    }

    private static void delete(final File file)
    {
        if (file != null && !file.delete() && file.exists())
        {
            file.deleteOnExit();
        }
    }
}
