package io.tandem.test;

import io.tandem.jvm.JvmFlags;
import io.tandem.launch.ChildJvmCommand;

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
