package io.tandem.perf.python;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code python3} child process running the {@code tandem} package of this checkout ({@code python/}, put on its
 * {@code PYTHONPATH}): {@code python3 -m tandem.peer ...}. Its stdout is read line by line on a daemon thread so every
 * wait has a deadline; its stderr is kept for the failure message. Closing kills it (SIGKILL) if it is still running.
 *
 * <pre>{@code
 * String why = PythonProcess.unavailableReason();          // null if python3 and numpy are there
 * try (PythonProcess py = PythonProcess.start("check", "--path", ring.toString(), "--name", "py")) {
 *     py.awaitLine("READY", Duration.ofSeconds(30));
 *     String json = py.awaitLine("{", Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class PythonProcess implements AutoCloseable
{
    /** System property naming the directory holding the {@code tandem} package (default: {@code python/} of the checkout). */
    public static final String DIR_PROPERTY = "tandem.python.dir";
    private static final String EOF = new String("EOF");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;

    private PythonProcess(final Process process)
    {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)), true), "python-" + process.pid() + "-stdout");
        final Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
            StandardCharsets.UTF_8)), false), "python-" + process.pid() + "-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    private void pump(final BufferedReader reader, final boolean stdout)
    {
        try
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (stdout)
                {
                    lines.add(line);
                }
                else
                {
                    stderr.append(line).append('\n');
                }
            }
        }
        catch (final IOException ex)
        {
            // closed under us: the end
        }
        finally
        {
            if (stdout)
            {
                lines.add(EOF);
            }
        }
    }

    /** @return the directory holding the {@code tandem} package: {@value #DIR_PROPERTY}, or {@code python/} above the working directory. */
    public static Path packageDirectory()
    {
        final String property = System.getProperty(DIR_PROPERTY);
        if (property != null)
        {
            return Paths.get(property).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("python/tandem/__init__.py")))
            {
                return dir.resolve("python");
            }
        }
        throw new IllegalStateException("cannot find python/tandem/__init__.py above " + Paths.get("").toAbsolutePath() +
            "; set -D" + DIR_PROPERTY + "=<checkout>/python");
    }

    /** @return null if {@code python3 -c "import numpy"} works, else why not (for a test's skip message). */
    public static String unavailableReason()
    {
        try
        {
            final Process p = new ProcessBuilder("python3", "-c", "import numpy, sys; assert sys.version_info >= (3, 9)")
                .redirectErrorStream(true).start();
            final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return "python3 did not answer within 30 s";
            }
            return p.exitValue() == 0 ? null : "python3 3.9+ with numpy is not available: " + output.trim();
        }
        catch (final IOException ex)
        {
            return "python3 is not installed: " + ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts {@code python3 -m tandem.peer <args>}. */
    public static PythonProcess start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("python3", "-u", "-m", "tandem.peer"));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        final String dir = packageDirectory().toString();
        final String existing = System.getenv("PYTHONPATH");
        builder.environment().put("PYTHONPATH", existing == null || existing.isEmpty() ? dir : dir + ":" + existing);
        return new PythonProcess(builder.start());
    }

    /** @return the process, e.g. for its pid. */
    public Process process()
    {
        return process;
    }

    /**
     * Waits for a stdout line starting with {@code prefix}; earlier lines are skipped.
     *
     * @throws IOException if the process ends first or the timeout passes (with its stderr).
     */
    public String awaitLine(final String prefix, final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            final String line;
            try
            {
                line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for python's '" + prefix + "'", ex);
            }
            if (line == null)
            {
                throw new IOException("python (pid " + process.pid() + ") printed no line starting with '" + prefix +
                    "' within " + timeout.toMillis() + " ms; its stderr:\n" + stderr);
            }
            if (line == EOF)
            {
                lines.add(EOF);
                waitQuietly();
                throw new IOException("python (pid " + process.pid() + ") ended (exit " + exitText() +
                    ") before printing '" + prefix + "'; its stderr:\n" + stderr);
            }
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    /** Sends one line to its stdin. */
    public void writeLine(final String line) throws IOException
    {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** Kills it with SIGKILL (no clean-up of any kind in the process) and waits for it to be gone. */
    public void killHard() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** @return its stderr so far. */
    public String stderr()
    {
        return stderr.toString();
    }

    /** Waits for it to exit; @return the exit code, or -1 after the timeout (then it is killed). */
    public int awaitExit(final Duration timeout) throws InterruptedException
    {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            return process.exitValue();
        }
        killHard();
        return -1;
    }

    private void waitQuietly()
    {
        try
        {
            process.waitFor(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private String exitText()
    {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    @Override
    public void close()
    {
        try
        {
            stdin.close();
        }
        catch (final IOException ex)
        {
            // it may be gone already
        }
        try
        {
            if (!process.waitFor(2, TimeUnit.SECONDS))
            {
                killHard();
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
