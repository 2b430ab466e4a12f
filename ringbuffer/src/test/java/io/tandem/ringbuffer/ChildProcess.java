package io.tandem.ringbuffer;

import io.tandem.jvm.JvmFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link RingChildMain}: same java, same class path, the Chronicle flags. The parent
 * synchronises on lines the child prints ({@link #awaitLine}), never on sleeps; {@link #close()} kills it if it
 * still runs.
 */
final class ChildProcess implements AutoCloseable
{
    private static final String EOF = new String("<eof>");

    private final String label;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer transcript = new StringBuffer();

    private ChildProcess(final String label, final Process process)
    {
        this.label = label;
        this.process = process;
        final Thread reader = new Thread(this::readLines, "child-" + label + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(final String label, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.all());
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx128m");
        command.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RingChildMain.class.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildProcess(label, builder.start());
    }

    /**
     * @return the first line starting with {@code prefix}.
     * @throws AssertionError if the child exits or the timeout passes first (with what it printed).
     */
    String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            final String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line == null)
            {
                throw new AssertionError("child " + label + " did not print '" + prefix + "' within " + timeout + "; output:\n" + transcript);
            }
            if (line == EOF)
            {
                lines.add(EOF);
                throw new AssertionError("child " + label + " exited (" + exitCode() + ") before printing '" + prefix + "'; output:\n" +
                    transcript);
            }
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** kill -9, then reap it so its pid is really gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    int waitFor(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
        {
            throw new AssertionError("child " + label + " still runs after " + timeout + "; output:\n" + transcript);
        }
        return process.exitValue();
    }

    String transcript()
    {
        return transcript.toString();
    }

    @Override
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    private String exitCode()
    {
        try
        {
            return process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private void readLines()
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                transcript.append(line).append('\n');
                lines.add(line);
            }
        }
        catch (final IOException ex)
        {
            transcript.append("<read failed: ").append(ex).append(">\n");
        }
        finally
        {
            lines.add(EOF);
        }
    }
}
