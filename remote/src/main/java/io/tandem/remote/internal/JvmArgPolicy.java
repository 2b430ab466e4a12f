package io.tandem.remote.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which JVM arguments a node puts on a backend's command line. A spawn request's arguments come from any holder of the
 * cluster secret, and many JVM arguments write files or run code ({@code -Xlog:...:file=}, {@code -javaagent:},
 * {@code -XX:OnOutOfMemoryError=}, {@code -jar}, {@code -Djava.security.manager=}...): so only sizing and tuning are
 * allowed by default, plus what the node's operator adds ({@code TandemNode.Builder.allowJvmArgs}, {@code tandem node
 * --allow-jvm-arg}). Allowed by default:
 * <ul>
 *   <li>heap, stack and code sizes: {@code -Xmx -Xms -Xmn -Xss} with a size, {@code -XX:MaxDirectMemorySize=},
 *       {@code MaxMetaspaceSize}, {@code MetaspaceSize}, {@code ReservedCodeCacheSize}, {@code MaxRAMPercentage},
 *       {@code InitialRAMPercentage}, {@code G1HeapRegionSize} with a number;</li>
 *   <li>garbage collector and compiler choice and tuning: {@code -XX:+/-UseG1GC}, {@code UseParallelGC},
 *       {@code UseSerialGC}, {@code UseZGC}, {@code ZGenerational}, {@code UseShenandoahGC}, {@code AlwaysPreTouch},
 *       {@code UseNUMA}, {@code UseStringDeduplication}, {@code TieredCompilation}, {@code UseCompressedOops};
 *       {@code -XX:MaxGCPauseMillis=}, {@code ParallelGCThreads}, {@code ConcGCThreads}, {@code CICompilerCount},
 *       {@code TieredStopAtLevel} with a number;</li>
 *   <li>system properties {@code -Dname[=value]} whose name is not the JVM's ({@code java.}, {@code javax.},
 *       {@code jdk.}, {@code sun.}, {@code com.sun.}) nor one of Tandem's that names a place ({@code tandem.root},
 *       {@code tandem.session}, {@code tandem.process}, {@code tandem.secret}, {@code tandem.aeron.dir},
 *       {@code tandem.cds}).</li>
 * </ul>
 * An operator's pattern is an argument exactly, or a prefix ending in {@code *}: {@code -XX:+UseLargePages},
 * {@code -XX:NewRatio=*}.
 */
final class JvmArgPolicy
{
    private static final String SIZE = "[0-9]+[kKmMgGtT]?";
    private static final Pattern DEFAULTS = Pattern.compile(
        "-X(mx|ms|mn|ss)" + SIZE +
        "|-XX:(MaxDirectMemorySize|MaxMetaspaceSize|MetaspaceSize|ReservedCodeCacheSize|G1HeapRegionSize)=" + SIZE +
        "|-XX:(MaxRAMPercentage|InitialRAMPercentage)=[0-9]+(\\.[0-9]+)?" +
        "|-XX:[+-](UseG1GC|UseParallelGC|UseSerialGC|UseZGC|ZGenerational|UseShenandoahGC|AlwaysPreTouch|UseNUMA" +
        "|UseStringDeduplication|TieredCompilation|UseCompressedOops)" +
        "|-XX:(MaxGCPauseMillis|ParallelGCThreads|ConcGCThreads|CICompilerCount|TieredStopAtLevel)=[0-9]+");
    private static final Pattern PROPERTY = Pattern.compile("-D([A-Za-z0-9_][A-Za-z0-9_.\\-]*)(=.*)?", Pattern.DOTALL);
    private static final List<String> RESERVED_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final List<String> RESERVED_PROPERTIES = List.of("tandem.root", "tandem.session", "tandem.process",
        "tandem.secret", "tandem.aeron.dir", "tandem.cds");

    private final List<String> extra;

    /** @param extra the operator's patterns: an argument, or a prefix ending in {@code *}. */
    JvmArgPolicy(final List<String> extra)
    {
        for (final String pattern : extra)
        {
            if (pattern == null || pattern.isEmpty() || pattern.equals("*"))
            {
                throw new IllegalArgumentException("an allowed JVM argument must be an argument or a prefix ending " +
                    "in '*', got '" + pattern + "'");
            }
        }
        this.extra = List.copyOf(new ArrayList<>(extra));
    }

    /** @return null if every argument is allowed, else why the first that is not is refused. */
    String refusal(final List<String> jvmArgs)
    {
        for (final String arg : jvmArgs)
        {
            if (!allowed(arg))
            {
                return "JVM argument '" + LogText.escape(arg) + "' is not allowed on this node (allowed: heap, stack " +
                    "and GC sizing, -D of application properties; the node's operator can allow more with " +
                    "--allow-jvm-arg / TandemNode.Builder.allowJvmArgs)";
            }
        }
        return null;
    }

    boolean allowed(final String arg)
    {
        for (final String pattern : extra)
        {
            if (pattern.endsWith("*") ? arg.startsWith(pattern.substring(0, pattern.length() - 1)) : arg.equals(pattern))
            {
                return true;
            }
        }
        if (DEFAULTS.matcher(arg).matches())
        {
            return true;
        }
        final java.util.regex.Matcher property = PROPERTY.matcher(arg);
        if (!property.matches())
        {
            return false;
        }
        final String name = property.group(1);
        for (final String prefix : RESERVED_PREFIXES)
        {
            if (name.startsWith(prefix))
            {
                return false;
            }
        }
        return !RESERVED_PROPERTIES.contains(name);
    }
}
