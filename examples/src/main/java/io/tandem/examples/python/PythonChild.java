package io.tandem.examples.python;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * The Python half of the example as a child process: {@code python3 -} reading {@code streaming_python.py} (a
 * resource of this jar) from its stdin, with {@code PYTHONPATH} at the repository's {@code python/} directory (the
 * {@code tandem} package). Its output lines are printed as they come and queued for {@link #awaitLine}. Closing it
 * ends the process (destroy, then destroy forcibly), so no Python process outlives the example.
 */
final class PythonChild implements AutoCloseable
{
    /** The interpreter: system property {@code tandem.python}, else environment {@code TANDEM_PYTHON}, else python3. */
    static final String PYTHON = System.getProperty("tandem.python", System.getenv().getOrDefault("TANDEM_PYTHON", "python3"));
    private static final String SCRIPT = "streaming_python.py";
    private static final String END_OF_OUTPUT = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private PythonChild(final Process process)
    {
        this.process = process;
        final Thread reader = new Thread(this::copyOutput, "python-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @return the directory holding the {@code tandem} package: system property {@code tandem.pythonpath} or
     * environment {@code TANDEM_PYTHONPATH} if set, else the first
     * {@code python/} with {@code tandem/__init__.py} from the working directory upwards (the launcher runs in the
     * repository, tests in a module of it); null if there is none.
     */
    static Path packageDirectory()
    {
        final String configured = System.getProperty("tandem.pythonpath", System.getenv("TANDEM_PYTHONPATH"));
        if (configured != null && !configured.isEmpty())
        {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("python").resolve("tandem").resolve("__init__.py")))
            {
                return dir.resolve("python");
            }
        }
        return null;
    }

    /**
     * Checks that Python 3.9+, NumPy and the {@code tandem} package are there.
     *
     * @return null if they are, else what is missing and how to install it.
     */
    static String missing()
    {
        final Path packages = packageDirectory();
        final String probe = "import sys\n" +
            "if sys.version_info < (3, 9): print('python ' + sys.version.split()[0] + ' is too old'); sys.exit(3)\n" +
            "try:\n    import numpy\nexcept ImportError:\n    print('numpy'); sys.exit(3)\n" +
            (packages == null ? "" : "import tandem\n") + "print('ok')\n";
        final Process process;
        try
        {
            process = processBuilder(packages, List.of(PYTHON, "-c", probe)).start();
        }
        catch (final IOException ex)
        {
            return PYTHON + " was not found (" + ex.getMessage() + "): install Python 3.9+ and NumPy, e.g. " +
                "apt-get install python3 python3-numpy (or set TANDEM_PYTHON to an interpreter)";
        }
        try
        {
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                return PYTHON + " did not answer within 60 s";
            }
            if (out.endsWith("ok"))
            {
                return packages != null ? null : "the Tandem Python package (python/tandem) is not in " +
                    Paths.get("").toAbsolutePath() + " or above it: run from the repository, or set TANDEM_PYTHONPATH " +
                    "to the directory that holds tandem/";
            }
            if (out.equals("numpy"))
            {
                return "NumPy is missing for " + PYTHON + ": install it with pip install numpy (or apt-get install " +
                    "python3-numpy)";
            }
            return PYTHON + " cannot run the Tandem package in " + packages + ": " + out;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + PYTHON;
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    /** Starts {@code python3 - <args>} with the script on its stdin. */
    static PythonChild start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(PYTHON, "-u", "-"));
        command.addAll(List.of(args));
        final Process process = processBuilder(packageDirectory(), command).start();
        final PythonChild child = new PythonChild(process);
        try (InputStream script = PythonChild.class.getResourceAsStream(SCRIPT);
             OutputStream stdin = process.getOutputStream())
        {
            if (script == null)
            {
                throw new IllegalStateException(SCRIPT + " is not beside " + PythonChild.class.getName() + " on the class path");
            }
            script.transferTo(stdin);   // python reads the whole script, then runs it
        }
        catch (final IOException | RuntimeException ex)
        {
            child.close();
            throw ex;
        }
        return child;
    }

    private static ProcessBuilder processBuilder(final Path packages, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (packages != null)
        {
            final String inherited = System.getenv("PYTHONPATH");
            builder.environment().put("PYTHONPATH", packages + (inherited == null || inherited.isEmpty() ? "" :
                java.io.File.pathSeparator + inherited));
        }
        return builder;
    }

    private void copyOutput()
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (!line.equals("ready") && !line.startsWith("summary "))
                {
                    System.out.println(line);
                }
                lines.add(line);
            }
        }
        catch (final IOException ex)
        {
            lines.add("output unreadable: " + ex);
        }
        finally
        {
            lines.add(END_OF_OUTPUT);
        }
    }

    /**
     * Waits for a line that starts with {@code prefix}.
     *
     * @return the line.
     * @throws IllegalStateException if the process ends first or the timeout passes, with what it printed.
     */
    String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END_OF_OUTPUT))
            {
                throw new IllegalStateException("the Python side " + (line == null ? "did not print '" + prefix +
                    "' within " + timeout.toSeconds() + " s" : "ended without printing '" + prefix + "'") +
                    "; it printed: " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    /** @return true if the process has ended. */
    boolean hasExited()
    {
        return !process.isAlive();
    }

    /** @return the exit code, waiting up to {@code timeout}; -1 if it is still running then. */
    int awaitExit(final Duration timeout) throws InterruptedException
    {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(2, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
