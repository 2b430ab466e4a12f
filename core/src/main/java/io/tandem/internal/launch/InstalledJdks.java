package io.tandem.internal.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a newer JDK installed beside the one that runs, for tests and benchmarks that run something on it as well
 * (the JDK 25 path: flags, AOT cache, start-up): the home named by {@value #PROPERTY} or {@value #ENV}, else the
 * newest JDK of at least the asked version among this JDK's siblings (e.g. {@code /usr/lib/jvm/*}), read from each
 * one's {@code release} file.
 *
 * <pre>{@code
 * Optional<Path> home = InstalledJdks.find(24);    // e.g. /usr/lib/jvm/temurin-25-jdk-amd64
 * home.ifPresent(h -> run(InstalledJdks.java(h), ...));
 * }</pre>
 */
public final class InstalledJdks
{
    /** System property: the home of a JDK 24+ to use beside this one ({@code -Dtandem.jdk25=/path/to/jdk}). */
    public static final String PROPERTY = "tandem.jdk25";
    /** Environment variable, read when the property is not set: the same. */
    public static final String ENV = "TANDEM_JDK25";

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private InstalledJdks()
    {
    }

    /**
     * @param minFeature the oldest feature version wanted (24: the first with the AOT cache).
     * @return the home of a JDK of at least that version: the one {@value #PROPERTY} or {@value #ENV} names (if it is
     * one), else the newest beside this JVM's; empty when there is none.
     */
    public static Optional<Path> find(final int minFeature)
    {
        String named = System.getProperty(PROPERTY);
        if (named == null || named.isEmpty())
        {
            named = System.getenv(ENV);
        }
        if (named != null && !named.isEmpty())
        {
            final Path home = Paths.get(named);
            return feature(home) >= minFeature ? Optional.of(home) : Optional.empty();
        }
        final Path self = Paths.get(System.getProperty("java.home")).toAbsolutePath();
        final Path parent = self.getParent();
        if (parent == null)
        {
            return Optional.empty();
        }
        Path best = null;
        int bestFeature = 0;
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(parent))
        {
            for (final Path home : homes)
            {
                final int feature = feature(home);
                if (feature >= minFeature && feature > bestFeature)
                {
                    best = home;
                    bestFeature = feature;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return Optional.empty();
        }
        return Optional.ofNullable(best);
    }

    /** @return the {@code java} launcher of the JDK at {@code home}. */
    public static String java(final Path home)
    {
        return home.resolve("bin").resolve("java").toString();
    }

    /**
     * @return the feature version of the JDK at {@code home} (25 for {@code JAVA_VERSION="25.0.3"}), or 0 when it is
     * not a JDK with a runnable {@code bin/java} and a {@code release} file.
     */
    public static int feature(final Path home)
    {
        try
        {
            if (!Files.isExecutable(home.resolve("bin").resolve("java")))
            {
                return 0;
            }
            final Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release"), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }
}
