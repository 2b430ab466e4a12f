package io.tandem.internal.launch;

import io.tandem.jvm.JvmFlags;
import io.tandem.internal.runtime.Session;

import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * The command line of a backend JVM: this JVM's {@code java}, Chronicle's flags (the one list in
 * {@link JvmFlags}), the lean defaults and the user's JVM arguments, Tandem's and the logging system's
 * properties, this JVM's class path, then the backend's main class (named by the {@link BackendSpec}). The process name is on the command line
 * ({@code -Dtandem.process=<name>}), so {@code ps} and {@code htop} show which worker is which.
 */
public final class ChildJvmCommand
{
    /** System property carrying the process name on a backend's command line. */
    public static final String PROCESS_PROPERTY = "tandem.process";

    /**
     * Flags every backend JVM gets besides Chronicle's: small footprint, fail fast when memory runs out. (No
     * {@code -Xshare:auto}: it is the JVM's default, and JDK 24+ refuses any {@code -Xshare} beside its AOT cache.)
     */
    public static final List<String> DEFAULT_JVM_ARGS = List.of(
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError");

    /** Properties of this JVM a backend inherits, by prefix: logging configuration and Tandem's own. */
    private static final List<String> INHERITED_PREFIXES = List.of(
        "tandem.", "slf4j.", "org.slf4j.", "logback.", "log4j", "java.util.logging.config.");

    private ChildJvmCommand()
    {
    }

    /**
     * @param cdsArgs class-data sharing arguments, see {@link CdsArchive}.
     * @return the full command, ready for a {@link ProcessBuilder}.
     */
    static List<String> build(final BackendSpec spec, final List<String> cdsArgs)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add("-D" + PROCESS_PROPERTY + "=" + spec.processName());
        cmd.addAll(jvmOptions(cdsArgs, spec.jvmArgs()));
        cmd.add("-D" + Session.SESSION_PROPERTY + "=" + spec.sessionDir());
        cmd.addAll(inheritedProperties());
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(spec.mainClass());
        cmd.add(spec.processDir().toString());
        cmd.add(spec.rollCycle());
        cmd.add(Long.toString(spec.queueBlockSize()));
        cmd.add(Integer.toString(spec.slot()));
        return cmd;
    }

    /**
     * The command line of a spare backend JVM (see {@link SparePool}): the same as a backend of {@code fit}'s,
     * with the spare's name where the process name goes and, in place of the process's arguments,
     * {@code --spare <spareDir> <spareSlot>}.
     */
    static List<String> buildSpare(final SpareFit fit, final String spareName, final java.nio.file.Path sessionDir,
        final java.nio.file.Path spareDir, final int spareSlot, final List<String> cdsArgs)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(fit.javaExecutable());
        cmd.add("-D" + PROCESS_PROPERTY + "=" + spareName);
        cmd.addAll(jvmOptions(cdsArgs, fit.jvmArgs()));
        cmd.add("-D" + Session.SESSION_PROPERTY + "=" + sessionDir);
        cmd.addAll(fit.inheritedProperties());
        cmd.add("-cp");
        cmd.add(fit.classPath());
        cmd.add(fit.mainClass());
        cmd.add(SPARE_FLAG);
        cmd.add(spareDir.toString());
        cmd.add(Integer.toString(spareSlot));
        return cmd;
    }

    /** The first argument of a spare backend's main: the arguments that follow are its directory and slot. */
    public static final String SPARE_FLAG = "--spare";

    /**
     * @return the JVM options every backend starts with, in order: Chronicle's flags, the lean defaults, the
     * class-data sharing arguments, then {@code jvmArgs} (the user's, which win). Also for another program that
     * must start exactly as a backend does (the perf module's bare Chronicle baseline).
     */
    public static List<String> jvmOptions(final List<String> cdsArgs, final List<String> jvmArgs)
    {
        final List<String> options = new ArrayList<>(JvmFlags.all());
        options.addAll(DEFAULT_JVM_ARGS);
        options.addAll(cdsArgs);
        options.addAll(jvmArgs);
        return options;
    }

    /** @return the java launcher of this JVM. */
    public static String javaExecutable()
    {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @return this JVM's class path, each entry made absolute (a backend must not depend on the directory it
     * starts in): class directories and jars from an IDE or a plain {@code -cp}; the jar itself under
     * {@code java -jar app.jar} (a fat jar holds the user's classes and Tandem's); surefire's test class path, or
     * its manifest-only booter jar, whose {@code Class-Path} the backend JVM follows as this one did.
     * {@code EmbeddingClassPathTest} starts a backend in each of these ways.
     */
    public static String classPath()
    {
        final String classPath = System.getProperty("java.class.path");
        if (classPath == null || classPath.isEmpty())
        {
            return classPath;
        }
        final StringJoiner absolute = new StringJoiner(File.pathSeparator);
        for (final String entry : classPath.split(File.pathSeparator, -1))
        {
            absolute.add(Paths.get(entry).toAbsolutePath().toString()); // "" is the working directory, as for java
        }
        return absolute.toString();
    }

    /** @return the {@code -Dkey=value} arguments of this JVM's properties a backend inherits, sorted. */
    static List<String> inheritedProperties()
    {
        final List<String> result = new ArrayList<>();
        final Properties props = System.getProperties();
        for (final Map.Entry<Object, Object> e : props.entrySet())
        {
            final String key = String.valueOf(e.getKey());
            if (key.equals(Session.SESSION_PROPERTY) || key.equals(PROCESS_PROPERTY))
            {
                continue;
            }
            for (final String prefix : INHERITED_PREFIXES)
            {
                if (key.startsWith(prefix))
                {
                    result.add("-D" + key + "=" + e.getValue());
                    break;
                }
            }
        }
        result.sort(null);
        return result;
    }
}
