package io.tandem.perf;

import io.tandem.jvm.JvmFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer JVM for a two-process baseline: same java, same class path, the Chronicle flags. The child
 * prints {@link #READY} on stdout when it is set up; {@link #awaitReady()} waits for that line, never for
 * a sleep. Closing waits a little for a clean exit, then kills it.
 *
 * <pre>{@code
 * try (ChildJvm peer = ChildJvm.start(RawShmPingPong.class, file.toString())) {
 *     peer.awaitReady();
 *     ... measure ...
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable
{
    /** The line a child prints when it is ready. */
    public static final String READY = "READY";

    /** How long {@link #awaitReady()} waits when no deadline is given. */
    public static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    /** Stands for the end of the child's stdout in {@link #lines}. */
    private static final String EOF = new String("EOF");

    private final Process process;
    /** True when the caller talks bytes over the child's stdout after READY: the line reader stops there. */
    private final boolean rawAfterReady;
    /** The child's stdout lines, read by a daemon thread so a wait for one can have a deadline. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private ChildJvm(final Process process, final boolean rawAfterReady)
    {
        this.process = process;
        this.rawAfterReady = rawAfterReady;
        final Thread reader = new Thread(this::pump, "child-jvm-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump()
    {
        // not closed when handing over: closing the reader would close the child's stdout the caller goes on with
        final BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try
        {
            String line;
            while ((line = stdout.readLine()) != null)
            {
                lines.add(line);
                if (rawAfterReady && READY.equals(line.trim()))
                {
                    return; // the child writes nothing more until spoken to, so nothing past READY was buffered here
                }
            }
        }
        catch (final IOException ex)
        {
            // the stream closed under us: the end
        }
        finally
        {
            lines.add(EOF);
        }
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM; its stderr goes to ours. */
    public static ChildJvm start(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(List.of(), mainClass, args);
    }

    /**
     * As {@link #start(Class, String...)} for a child the caller then talks to in raw bytes over its stdin and
     * stdout (a pipe ping-pong): stdout is read as lines only up to READY, and the child must write nothing more
     * until it is spoken to. Read it through {@code process().getInputStream()} after {@link #awaitReady()}.
     */
    public static ChildJvm startRaw(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(List.of(), mainClass, true, args);
    }

    /** As {@link #start(Class, String...)}, with JVM options of its own ({@code -Dtandem.root=...}, say) first. */
    public static ChildJvm start(final List<String> jvmOptions, final Class<?> mainClass, final String... args) throws IOException
    {
        return start(jvmOptions, mainClass, false, args);
    }

    private static ChildJvm start(final List<String> jvmOptions, final Class<?> mainClass, final boolean rawAfterReady,
        final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.all());
        cmd.addAll(jvmOptions);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildJvm(pb.start(), rawAfterReady);
    }

    /** Blocks until the child prints {@link #READY}, at most {@link #READY_TIMEOUT}; fails if it exits first. */
    public void awaitReady() throws IOException
    {
        awaitReady(READY_TIMEOUT);
    }

    /** As {@link #awaitReady()}, at most {@code timeout}: then the child is killed and this throws. */
    public void awaitReady(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        while ((line = readLine(deadline, READY)) != null)
        {
            if (READY.equals(line.trim()))
            {
                return;
            }
            System.out.println(line);
        }
        throw new IOException("child JVM exited before it was ready, exit code " + awaitExit(Duration.ofSeconds(10)));
    }

    /**
     * @return the words of the first line starting with {@code key} and a space (lines before it are echoed,
     * indented), waiting at most {@code timeout}: then the child is killed and this throws.
     * @throws IOException if the child ends first, or the deadline passes.
     */
    public String[] awaitLine(final String key, final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        while ((line = readLine(deadline, key)) != null)
        {
            if (line.startsWith(key + " "))
            {
                return line.trim().split(" ");
            }
            System.out.println("  | " + line);
        }
        throw new IOException("child JVM ended before printing " + key + " (exit " + awaitExit(Duration.ofSeconds(10)) + ")");
    }

    /** @return the next line the child printed, or null at its end; waits at most {@code timeout}, then kills it and throws. */
    public String readLine(final Duration timeout) throws IOException
    {
        return readLine(System.nanoTime() + timeout.toNanos(), "a line");
    }

    /** @return the next line the child printed, or null at its end; kills the child and throws at {@code deadline}. */
    private String readLine(final long deadline, final String awaited) throws IOException
    {
        if (ended)
        {
            return null;
        }
        final String line;
        try
        {
            line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            kill();
            throw new IOException("interrupted while waiting for " + awaited + " from child JVM " + process.pid() + "; killed it");
        }
        if (line == null)
        {
            kill();
            throw new IOException("child JVM " + process.pid() + " printed no " + awaited + " by its deadline; killed it");
        }
        if (line == EOF)
        {
            ended = true;
            return null;
        }
        return line;
    }

    /**
     * @return the child's exit code, waiting at most {@code timeout}.
     * @throws IOException if it is still running then (it is killed).
     */
    public int awaitExit(final Duration timeout) throws IOException
    {
        try
        {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                return process.exitValue();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        kill();
        throw new IOException("child JVM " + process.pid() + " did not exit within " + timeout + "; killed it");
    }

    private void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    public Process process()
    {
        return process;
    }

    @Override
    public void close()
    {
        try
        {
            process.getOutputStream().close(); // a peer that reads its stdin takes this as the end
        }
        catch (final IOException ignored)
        {
            // already closed
        }
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
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

    /** @return a fresh path under /dev/shm for a benchmark's shared file. */
    public static Path shmFile(final String name)
    {
        return Paths.get("/dev/shm", DeadRunSweeper.PREFIX + ProcessHandle.current().pid() + "-" + name);
    }
}
