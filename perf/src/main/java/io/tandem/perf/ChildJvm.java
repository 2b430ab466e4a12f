package io.tandem.perf;

import io.tandem.jvm.JvmFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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

    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM; its stderr goes to ours. */
    public static ChildJvm start(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(List.of(), mainClass, args);
    }

    /** As {@link #start(Class, String...)}, with JVM options of its own ({@code -Dtandem.root=...}, say) first. */
    public static ChildJvm start(final List<String> jvmOptions, final Class<?> mainClass, final String... args) throws IOException
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
        return new ChildJvm(pb.start());
    }

    /** Blocks until the child prints {@link #READY}; fails if it exits first. */
    public void awaitReady() throws IOException
    {
        String line;
        while ((line = stdout.readLine()) != null)
        {
            if (READY.equals(line.trim()))
            {
                return;
            }
            System.out.println(line);
        }
        throw new IOException("child JVM exited before it was ready, exit code " + waitExit());
    }

    /** @return the next line the child printed, or null at its end. */
    public String readLine() throws IOException
    {
        return stdout.readLine();
    }

    public Process process()
    {
        return process;
    }

    private int waitExit()
    {
        try
        {
            return process.waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
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
