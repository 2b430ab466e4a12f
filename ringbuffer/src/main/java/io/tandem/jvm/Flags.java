package io.tandem.jvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Prints the JVM flags Chronicle needs, for launchers that are not Maven: a {@code java @argfile}, or the
 * manifest attributes that let {@code java -jar app.jar} start without them typed.
 *
 * <pre>
 * java -cp tandem-ringbuffer-0.1.0.jar io.tandem.jvm.Flags &gt; jvm.args        # then: java &#64;jvm.args -cp ... Main
 * java -cp tandem-ringbuffer-0.1.0.jar io.tandem.jvm.Flags --jdk 25 &gt; jvm.args   # the list of another JDK
 * java -cp tandem-ringbuffer-0.1.0.jar io.tandem.jvm.Flags --manifest           # Add-Opens / Add-Exports lines
 * </pre>
 *
 * <p>Both come from the one list ({@link JvmFlags#forJdk}), which the build also ships in the jar as
 * {@value JvmFlags#RESOURCE}, {@value JvmFlags#RESOURCE_JDK23} and {@value #MANIFEST_RESOURCE}. The argfile is the
 * list of the JDK that runs {@code Flags} unless {@code --jdk} names another. A manifest can only open and export
 * packages and enable native access (JDK 22+ reads {@code Enable-Native-Access}), not set system properties or
 * {@code --sun-misc-unsafe-memory-access}: Tandem sets its quiet properties itself
 * ({@link JvmFlags#applyQuietProperties()}) and passes the whole list to every backend JVM it starts; a
 * {@code java -jar} frontend on JDK 24+ prints the JDK's {@code sun.misc.Unsafe} warning unless started with that
 * flag.
 */
public final class Flags
{
    /** Class-path resource: a manifest holding {@code Add-Opens}, {@code Add-Exports} and {@code Enable-Native-Access}. */
    public static final String MANIFEST_RESOURCE = "/io/tandem/jvm/tandem.mf";

    private static final String USAGE = "usage: java -cp tandem-ringbuffer.jar io.tandem.jvm.Flags [--jdk N | --manifest [FILE]]";

    private Flags()
    {
    }

    /**
     * {@code Flags} prints the argfile of the running JDK, one flag per line; {@code Flags --jdk N} that of JDK N;
     * {@code Flags --manifest} the manifest; {@code Flags --manifest FILE} writes it to FILE (how the build makes
     * {@value #MANIFEST_RESOURCE}).
     *
     * @param args nothing, {@code --jdk N}, or {@code --manifest [FILE]}.
     * @throws IOException if FILE cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length == 0 || ("--jdk".equals(args[0]) && args.length == 2))
        {
            final List<String> flags;
            try
            {
                flags = args.length == 0 ? JvmFlags.all() : JvmFlags.forJdk(Integer.parseInt(args[1]));
            }
            catch (final IllegalArgumentException ex) // NumberFormatException too
            {
                System.err.println("--jdk takes a JDK feature version of 17 or later (e.g. 17, 21, 25), not '" + args[1] + "'");
                System.err.println(USAGE);
                System.exit(2);
                return;
            }
            final PrintStream out = System.out;
            for (final String flag : flags)
            {
                out.println(flag);
            }
            out.flush();
        }
        else if ("--manifest".equals(args[0]) && args.length <= 2)
        {
            final byte[] manifest = manifestBytes();
            if (args.length == 2)
            {
                final Path file = Paths.get(args[1]);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.write(file, manifest);
            }
            else
            {
                System.out.write(manifest);
                System.out.flush();
            }
        }
        else
        {
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /**
     * @return a manifest with {@code Manifest-Version}, {@code Add-Opens} and {@code Add-Exports} for every
     * module flag of the list every JDK takes (targets must be {@code ALL-UNNAMED}, the only target a manifest can
     * name), and {@code Enable-Native-Access: ALL-UNNAMED} for its {@code --enable-native-access=ALL-UNNAMED}.
     */
    public static Manifest manifest()
    {
        final List<String> opens = new ArrayList<>();
        final List<String> exports = new ArrayList<>();
        boolean nativeAccess = false;
        for (final String flag : JvmFlags.forJdk(JvmFlags.OLDEST_JDK))
        {
            if (flag.startsWith("--add-opens="))
            {
                opens.add(modulePackage(flag));
            }
            else if (flag.startsWith("--add-exports="))
            {
                exports.add(modulePackage(flag));
            }
            else if (flag.startsWith("--enable-native-access="))
            {
                if (!"--enable-native-access=ALL-UNNAMED".equals(flag))
                {
                    throw new IllegalStateException("a manifest can only enable native access for ALL-UNNAMED, not: " + flag);
                }
                nativeAccess = true;
            }
        }
        final Manifest manifest = new Manifest();
        final Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Add-Opens", String.join(" ", opens));
        main.putValue("Add-Exports", String.join(" ", exports));
        if (nativeAccess)
        {
            main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        }
        return manifest;
    }

    private static byte[] manifestBytes() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        manifest().write(bytes); // wraps lines at 72 bytes, as the jar specification asks
        return bytes.toByteArray();
    }

    /** {@code --add-opens=java.base/java.lang=ALL-UNNAMED} to {@code java.base/java.lang}. */
    private static String modulePackage(final String flag)
    {
        final String spec = flag.substring(flag.indexOf('=') + 1);
        final int target = spec.indexOf('=');
        if (target >= 0 && !"ALL-UNNAMED".equals(spec.substring(target + 1)))
        {
            throw new IllegalStateException("a manifest can only open packages to ALL-UNNAMED, not: " + flag);
        }
        return target < 0 ? spec : spec.substring(0, target);
    }
}
