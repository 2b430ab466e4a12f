package io.tandem.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags every JVM that loads Chronicle needs on Java 17+, and the system properties that keep
 * Chronicle quiet (no analytics, no banner).
 *
 * <p>The list is written once, in the parent {@code pom.xml} ({@code tandem.jvm.flags}), and copied
 * into this jar as {@value #RESOURCE}. Surefire, the {@code ./tandem} launcher (as a {@code java @argfile})
 * and every child JVM Tandem spawns use that one list.
 *
 * <pre>{@code
 * JvmFlags.verifyCurrentJvm();          // fails once, clearly, listing what is missing
 * List<String> flags = JvmFlags.all();  // what a child JVM is started with
 * }</pre>
 */
public final class JvmFlags
{
    /** Class-path resource holding the flags, one per line. */
    public static final String RESOURCE = "/io/tandem/jvm/jvm.args";

    private static final List<String> FLAGS = load();
    private static volatile boolean verified;

    private JvmFlags()
    {
    }

    /**
     * @return every flag, in the order of the pom, e.g. {@code --add-opens=java.base/java.lang=ALL-UNNAMED}
     * and {@code -Dchronicle.analytics.disable=true}.
     */
    public static List<String> all()
    {
        return FLAGS;
    }

    /**
     * Checks that this JVM was started with the module flags Chronicle needs, and sets the quiet
     * properties ({@code chronicle.analytics.disable} and friends) where they are not set yet.
     * Call it before the first Chronicle class loads; later calls are free.
     *
     * @throws MissingJvmFlagsException naming every missing flag and listing the whole set to add.
     */
    public static void verifyCurrentJvm()
    {
        if (verified)
        {
            return;
        }
        applyQuietProperties();
        final List<String> missing = missingModuleFlags();
        if (!missing.isEmpty())
        {
            throw new MissingJvmFlagsException(missing, FLAGS);
        }
        verified = true;
    }

    /**
     * @return the module flags ({@code --add-opens}/{@code --add-exports}) this JVM lacks, empty when all
     * are present.
     */
    public static List<String> missingModuleFlags()
    {
        final Module self = JvmFlags.class.getModule();
        final List<String> missing = new ArrayList<>();
        for (final String flag : FLAGS)
        {
            final boolean opens = flag.startsWith("--add-opens=");
            final boolean exports = flag.startsWith("--add-exports=");
            if (!opens && !exports)
            {
                continue;
            }
            // --add-opens=java.base/java.lang=ALL-UNNAMED
            final String spec = flag.substring(flag.indexOf('=') + 1);
            final int slash = spec.indexOf('/');
            final int equals = spec.indexOf('=', slash);
            final String moduleName = spec.substring(0, slash);
            final String packageName = spec.substring(slash + 1, equals < 0 ? spec.length() : equals);
            final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
            if (module.isEmpty())
            {
                continue; // e.g. jdk.compiler absent from a jlinked runtime: nothing to open
            }
            final boolean granted = opens ?
                module.get().isOpen(packageName, self) : module.get().isExported(packageName, self);
            if (!granted)
            {
                missing.add(flag);
            }
        }
        return missing;
    }

    /** Sets each {@code -Dkey=value} of the list as a system property unless the user set it already. */
    public static void applyQuietProperties()
    {
        for (final String flag : FLAGS)
        {
            if (flag.startsWith("-D"))
            {
                final int equals = flag.indexOf('=');
                final String key = equals < 0 ? flag.substring(2) : flag.substring(2, equals);
                final String value = equals < 0 ? "true" : flag.substring(equals + 1);
                if (System.getProperty(key) == null)
                {
                    System.setProperty(key, value);
                }
            }
        }
    }

    private static List<String> load()
    {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from tandem-ringbuffer: " +
                    "the jar was not built by Maven (it copies the flag list from the parent pom)");
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final List<String> flags = new ArrayList<>();
            for (final String token : text.trim().split("\\s+"))
            {
                if (!token.isEmpty())
                {
                    flags.add(token);
                }
            }
            return Collections.unmodifiableList(flags);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
    }
}
