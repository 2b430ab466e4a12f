package io.tandem.test;

import io.tandem.jvm.JvmFlags;
import io.tandem.internal.launch.ChildJvmCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a program a test runs in a JVM of its own (a frontend to kill, a manager to signal,
 * an example to read): this JVM's java and class path, Chronicle's flags, the tutorial's log format.
 */
public final class TestJvm
{
    private TestJvm()
    {
    }

    /** @return {@code java <flags> -cp <this class path> <main> <args>}. */
    public static List<String> command(final Class<?> main, final String... args)
    {
        return command(List.of(), main, args);
    }

    /** @return {@code java <flags> <jvmArgs> -cp <this class path> <main> <args>}. */
    public static List<String> command(final List<String> jvmArgs, final Class<?> main, final String... args)
    {
        return command(jvmArgs, main.getName(), args);
    }

    /** As {@link #command(List, Class, String...)}, for a main class named (one in the unnamed package, say). */
    public static List<String> command(final List<String> jvmArgs, final String main, final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmCommand.javaExecutable());
        cmd.addAll(JvmFlags.all());
        cmd.addAll(jvmArgs);
        cmd.add("-Dslf4j.provider=io.tandem.logging.TutorialLogProvider");
        cmd.add("-Dslf4j.internal.verbosity=WARN");
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * @return true once the process has ended: gone, or a zombie. An orphan's zombie stays until the machine's
     * init reaps it, which some inits do only every second or two, and {@link ProcessHandle#isAlive()} counts
     * zombies as alive.
     */
    public static boolean hasExited(final long pid)
    {
        try
        {
            final String stat = java.nio.file.Files.readString(java.nio.file.Paths.get("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        }
        catch (final java.io.IOException ex)
        {
            return true; // gone
        }
    }

    /**
     * Watches {@code pids} until each has ended ({@link #hasExited}) or {@code timeout} has passed since
     * {@code sinceNanos}.
     *
     * @return for each pid that ended, the milliseconds from {@code sinceNanos} (a kill, say) to its end, as
     * seen by polling every 2 ms.
     */
    public static java.util.Map<Long, Long> msUntilExited(final java.util.Collection<Long> pids, final long sinceNanos,
        final java.time.Duration timeout)
    {
        final java.util.Map<Long, Long> exitedMs = new java.util.LinkedHashMap<>();
        while (exitedMs.size() < pids.size() && System.nanoTime() - sinceNanos < timeout.toNanos())
        {
            for (final long pid : pids)
            {
                if (!exitedMs.containsKey(pid) && hasExited(pid))
                {
                    exitedMs.put(pid, (System.nanoTime() - sinceNanos) / 1_000_000);
                }
            }
            sleep(2);
        }
        return exitedMs;
    }

    /** Sleeps, keeping the interrupt for the caller to see. */
    public static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
