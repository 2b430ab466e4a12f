package io.tandem.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags every JVM that loads Chronicle needs, chosen for the JDK that runs it, and the system properties
 * that keep Chronicle quiet (no analytics, no banner).
 *
 * <p>The list is written once, in the parent {@code pom.xml}, in two parts copied into this jar: {@value #RESOURCE}
 * for every JDK from 17 on ({@code --add-opens}/{@code --add-exports}, {@code --enable-native-access=ALL-UNNAMED}),
 * and {@value #RESOURCE_JDK23}, added on JDK {@value #JDK23} and later ({@code --sun-misc-unsafe-memory-access=allow},
 * an option JDK 17 refuses). Surefire, the {@code ./tandem} launcher (as {@code java @argfile}s) and every child JVM
 * Tandem spawns use that one list; on JDK 17, 21 and 25 alike a JVM started with it prints no warning.
 *
 * <pre>{@code
 * JvmFlags.verifyCurrentJvm();          // fails once, clearly, listing what is missing on this JDK
 * List<String> flags = JvmFlags.all();  // what a child JVM of this JDK is started with
 * List<String> on17 = JvmFlags.forJdk(17);
 * }</pre>
 */
public final class JvmFlags
{
    /** Class-path resource holding the flags of every JDK from 17 on, one per line. */
    public static final String RESOURCE = "/io/tandem/jvm/jvm.args";
    /** Class-path resource holding the flags added on JDK {@value #JDK23} and later, one per line. */
    public static final String RESOURCE_JDK23 = "/io/tandem/jvm/jvm-jdk23.args";
    /** The oldest JDK (feature version) Tandem runs on; {@link #forJdk} of it is the list every JDK takes. */
    public static final int OLDEST_JDK = 17;
    /** The first JDK (feature version) that takes the flags of {@value #RESOURCE_JDK23}. */
    public static final int JDK23 = 23;
    /** JDK 24+ reads it: {@code allow} keeps {@code sun.misc.Unsafe}'s memory access quiet (JEP 471, 498). */
    private static final String UNSAFE_MEMORY_ACCESS_PROPERTY = "sun.misc.unsafe.memory.access";

    private static final List<String> BASE = load(RESOURCE);
    private static final List<String> FLAGS = forJdk(Runtime.version().feature());
    private static volatile boolean verified;

    private JvmFlags()
    {
    }

    /**
     * @return every flag for the running JDK, in the order of the pom, e.g.
     * {@code --add-opens=java.base/java.lang=ALL-UNNAMED} and {@code -Dchronicle.analytics.disable=true}.
     */
    public static List<String> all()
    {
        return FLAGS;
    }

    /**
     * @param feature a JDK's feature version ({@code Runtime.version().feature()}: 17, 21, 25...).
     * @return every flag a JVM of that JDK is started with: the common list, and on {@value #JDK23}+ the newer
     * JDKs' flags after it.
     * @throws IllegalArgumentException for a JDK older than 17, which Tandem does not run on.
     */
    public static List<String> forJdk(final int feature)
    {
        if (feature < OLDEST_JDK)
        {
            throw new IllegalArgumentException("Tandem needs JDK " + OLDEST_JDK + " or later, not JDK " + feature);
        }
        if (feature < JDK23)
        {
            return BASE;
        }
        final List<String> flags = new ArrayList<>(BASE);
        flags.addAll(load(RESOURCE_JDK23));
        return Collections.unmodifiableList(flags);
    }

    /**
     * Checks that this JVM was started with the module flags Chronicle needs, and sets the quiet
     * properties ({@code chronicle.analytics.disable} and friends) where they are not set yet.
     * Call it before the first Chronicle class loads; later calls are free. A JVM that lacks only flags that keep
     * newer JDKs quiet ({@code --enable-native-access}, {@code --sun-misc-unsafe-memory-access}) runs: it prints
     * the JDK's warnings, nothing fails.
     *
     * @throws MissingJvmFlagsException naming every flag of this JDK's list this JVM lacks, and listing the list.
     */
    public static void verifyCurrentJvm()
    {
        if (verified)
        {
            return;
        }
        applyQuietProperties();
        if (!missingModuleFlags().isEmpty())
        {
            throw new MissingJvmFlagsException(Runtime.version().feature(), missingFlags(), FLAGS);
        }
        verified = true;
    }

    /**
     * @return the flags of this JDK's list ({@link #all()}) this JVM was started without, in the list's order:
     * module flags, and on newer JDKs native access and {@code sun.misc.Unsafe} memory access; empty when none is
     * missing. ({@code -D} properties are never missing: {@link #applyQuietProperties()} sets them.)
     */
    public static List<String> missingFlags()
    {
        final List<String> modules = missingModuleFlags();
        final List<String> missing = new ArrayList<>();
        for (final String flag : FLAGS)
        {
            if (modules.contains(flag) ||
                (flag.startsWith("--enable-native-access=") && !nativeAccessEnabled()) ||
                (flag.startsWith("--sun-misc-unsafe-memory-access=") &&
                    !flag.substring(flag.indexOf('=') + 1).equals(System.getProperty(UNSAFE_MEMORY_ACCESS_PROPERTY))))
            {
                missing.add(flag);
            }
        }
        return missing;
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

    /**
     * @return true if code of the class path may call restricted methods without a warning: always before JDK 22
     * (which has no {@code Module.isNativeAccessEnabled}, and does not warn), else as that method says.
     */
    private static boolean nativeAccessEnabled()
    {
        try
        {
            final Method enabled = Module.class.getMethod("isNativeAccessEnabled");
            return (Boolean)enabled.invoke(JvmFlags.class.getModule());
        }
        catch (final NoSuchMethodException ex)
        {
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return false;
        }
    }

    private static List<String> load(final String resource)
    {
        try (InputStream in = JvmFlags.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource " + resource + " is missing from tandem-ringbuffer: " +
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
            throw new UncheckedIOException("cannot read " + resource, ex);
        }
    }
}
