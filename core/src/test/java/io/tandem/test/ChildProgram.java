package io.tandem.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program a test runs in a JVM of its own and talks to through its standard streams, every read with a
 * deadline: its output lines are read by a thread of their own, so a child that hangs fails the test instead of
 * hanging it. Closing destroys it if it still runs.
 */
public final class ChildProgram implements AutoCloseable
{
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread outReader;
    private final Thread errReader;
    private final java.util.concurrent.atomic.AtomicInteger openStreams;

    private ChildProgram(final Process process, final boolean separateStreams)
    {
        this.process = process;
        this.openStreams = new java.util.concurrent.atomic.AtomicInteger(separateStreams ? 2 : 1);
        this.outReader = reader(process.getInputStream(), "out");
        this.errReader = separateStreams ? reader(process.getErrorStream(), "err") : null;
    }

    private Thread reader(final java.io.InputStream stream, final String name)
    {
        final Thread t = new Thread(() -> readLines(stream), "child-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Starts {@code command} with its standard error merged into its output: one pipe, so its lines come in the
     * order the child wrote them (what a comparison of a program's whole output needs).
     */
    public static ChildProgram start(final List<String> command)
    {
        return start(command, false);
    }

    /**
     * Starts {@code command} with standard output and standard error as two pipes, both awaited: a long log record
     * on standard error (written in several chunks) can never split a protocol line the child prints on standard
     * output, but the order between the two streams is lost.
     */
    public static ChildProgram startWithSeparateStreams(final List<String> command)
    {
        return start(command, true);
    }

    private static ChildProgram start(final List<String> command, final boolean separateStreams)
    {
        try
        {
            return new ChildProgram(new ProcessBuilder(command).redirectErrorStream(!separateStreams).start(), separateStreams);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private void readLines(final java.io.InputStream stream)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                System.out.println("  [child " + process.pid() + "] " + line);
                all.add(line);
                lines.add(line);
            }
        }
        catch (final IOException ignored)
        {
            // the child went away
        }
        finally
        {
            if (openStreams.decrementAndGet() == 0)
            {
                lines.add(EOF);
            }
        }
    }

    /**
     * @return the first line (from the ones not yet taken) that starts with {@code prefix}, without the prefix
     * and the space after it.
     * @throws AssertionError if the child ends or {@code timeout} passes first, with everything it printed.
     */
    public String awaitLine(final String prefix, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final String line;
            try
            {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for '" + prefix + "'");
            }
            if (line == null || line.equals(EOF))
            {
                if (line != null)
                {
                    lines.add(EOF);
                }
                throw new AssertionError((line == null ? "timed out after " + timeout.toMillis() + " ms" :
                    "the child ended") + " waiting for a line '" + prefix + "'; it printed:\n" + output());
            }
            if (line.startsWith(prefix))
            {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    /** Writes a line to its standard input. */
    public void send(final String line)
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** @return its exit code, waiting at most {@code timeout} (and then for the end of its output). */
    public int awaitExit(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                throw new AssertionError("the child did not exit within " + timeout.toMillis() + " ms; it printed:\n" +
                    output() + "\nits threads:\n" + threadDump());
            }
            outReader.join(TimeUnit.SECONDS.toMillis(10)); // its last lines; a grandchild may still hold the pipes
            if (errReader != null)
            {
                errReader.join(TimeUnit.SECONDS.toMillis(1));
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** @return the child's thread dump ({@code jcmd Thread.print}), or why there is none: what a hang report needs. */
    public String threadDump()
    {
        final String javaHome = System.getProperty("java.home");
        try
        {
            final Tool.Result dump = Tool.run(Duration.ofSeconds(20),
                List.of(javaHome + "/bin/jcmd", Long.toString(process.pid()), "Thread.print"));
            return dump.out() + dump.err();
        }
        catch (final AssertionError ex)
        {
            return "(no thread dump: " + ex.getMessage() + ")";
        }
    }

    /** @return everything it printed so far. */
    public String output()
    {
        synchronized (all)
        {
            return String.join("\n", all);
        }
    }

    public Process process()
    {
        return process;
    }

    @Override
    public void close()
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
