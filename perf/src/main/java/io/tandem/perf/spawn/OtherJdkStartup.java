package io.tandem.perf.spawn;

import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.internal.launch.InstalledJdks;
import io.tandem.jvm.JvmFlags;
import io.tandem.perf.Result;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code spawn.one} and its peers measured on another JDK, in the same run: a child benchmark JVM of that JDK (its
 * flag list, this class path, this JVM's logging and Tandem properties) runs {@link StartupFigures#spawnOne}, so
 * its backends, bare peers and empty JVM all start with that JDK and its own archives, and prints each figure's
 * samples as a line {@code SAMPLES <name> <ms> <ms> ...}, read back here as {@code <name>.jdk<N>}.
 *
 * <pre>{@code
 * List<Result> on25 = OtherJdkStartup.spawnOne(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), 7);
 * }</pre>
 */
public final class OtherJdkStartup
{
    private static final String SAMPLES = "SAMPLES ";
    /** Warm-up (archive training) plus the starts; far more than a quiet machine needs. */
    private static final long TIMEOUT_MINUTES = 10;

    private OtherJdkStartup()
    {
    }

    /**
     * @param jdk   the home of the other JDK.
     * @param count starts of each kind.
     * @return its figures, named {@code spawn.one.jdk<N>} and so on, each the median of {@code count} starts with spread.
     */
    public static List<Result> spawnOne(final Path jdk, final int count) throws IOException, InterruptedException
    {
        final int feature = InstalledJdks.feature(jdk);
        final List<String> cmd = new ArrayList<>();
        cmd.add(InstalledJdks.java(jdk));
        cmd.addAll(JvmFlags.forJdk(feature));
        for (final Map.Entry<Object, Object> e : System.getProperties().entrySet())
        {
            final String key = String.valueOf(e.getKey());
            if (key.startsWith("tandem.") || key.startsWith("slf4j.") || key.startsWith("org.slf4j."))
            {
                cmd.add("-D" + key + "=" + e.getValue());
            }
        }
        cmd.add("-cp");
        cmd.add(ChildJvmCommand.classPath());
        cmd.add(OtherJdkStartup.class.getName());
        cmd.add(Integer.toString(count));
        System.out.println("spawn.one on JDK " + feature + " (" + jdk + "), in a child benchmark JVM of that JDK:");
        final Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final List<Result> results = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                if (line.startsWith(SAMPLES))
                {
                    final String[] parts = line.substring(SAMPLES.length()).trim().split(" ");
                    final double[] millis = new double[parts.length - 1];
                    for (int i = 1; i < parts.length; i++)
                    {
                        millis[i - 1] = Double.parseDouble(parts[i]);
                    }
                    results.add(Result.rate(parts[0] + ".jdk" + feature, "ms", millis));
                }
                else
                {
                    System.out.println("  [jdk" + feature + "] " + line);
                }
            }
        }
        finally
        {
            if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES))
            {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (child.exitValue() != 0 || results.isEmpty())
        {
            throw new IllegalStateException("the JDK " + feature + " benchmark JVM exited with code " + child.exitValue() +
                " and " + results.size() + " figures");
        }
        return results;
    }

    /** The child: {@code OtherJdkStartup <count>}, run by {@link #spawnOne}. */
    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        final int count = Integer.parseInt(args[0]);
        for (final Map.Entry<String, double[]> e : StartupFigures.spawnOneSamples(count).entrySet())
        {
            final StringBuilder line = new StringBuilder(SAMPLES).append(e.getKey());
            for (final double ms : e.getValue())
            {
                line.append(' ').append(String.format(Locale.ROOT, "%.3f", ms));
            }
            System.out.println(line);
        }
        System.out.flush();
        System.exit(0);
    }
}
