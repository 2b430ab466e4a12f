package io.tandem.perf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a figure means nothing without: cores, CPU model, memory, JVM, OS, date, and the command that
 * produced it. Written at the top of {@code perf-results.json} and of the report.
 *
 * <pre>{@code
 * Map<String, Object> facts = Machine.facts("./tandem perf --quick rtt");
 * // {"cores":2,"cpu":"Intel(R) Xeon(R) ...","memory_gib":23.4,"jvm":"Debian OpenJDK 64-Bit Server VM 17.0.15+6-...",...}
 * }</pre>
 */
public final class Machine
{
    private Machine()
    {
    }

    /** @return the facts of this machine and JVM now, in the order they are printed. */
    public static Map<String, Object> facts(final String command)
    {
        final Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("cpu", cpuModel());
        final double memory = memoryGib();
        if (memory > 0)
        {
            facts.put("memory_gib", Math.round(memory * 10) / 10.0);
        }
        facts.put("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.vm.version"));
        final List<String> jvmArgs = interestingJvmArgs();
        if (!jvmArgs.isEmpty())
        {
            facts.put("jvm_args", String.join(" ", jvmArgs));
        }
        final double load = loadAverage();
        if (load >= 0)
        {
            facts.put("load_average", load);
        }
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        facts.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        facts.put("command", command);
        return facts;
    }

    /** @return the CPU's model name from /proc/cpuinfo, or os.arch where there is none. */
    static String cpuModel()
    {
        final Path cpuinfo = Paths.get("/proc/cpuinfo");
        try
        {
            for (final String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8))
            {
                // x86 says "model name", some ARM kernels only "Hardware" or "CPU part".
                if (line.startsWith("model name") || line.startsWith("Hardware"))
                {
                    final int colon = line.indexOf(':');
                    if (colon > 0)
                    {
                        return line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                    }
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not Linux, or not readable: say what we know.
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }

    /**
     * @return the 1-minute load average from /proc/loadavg, or -1 if unknown: on a shared machine, how many other
     * runnable threads competed with the benchmark (above the core count, busy-spinning peers get descheduled).
     */
    public static double loadAverage()
    {
        try
        {
            final String line = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.UTF_8).trim();
            return Double.parseDouble(line.split("\\s+")[0]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /** @return total memory in GiB from /proc/meminfo, or 0 if unknown. */
    static double memoryGib()
    {
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc/meminfo"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("MemTotal:"))
                {
                    final String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / (1024.0 * 1024.0);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Unknown: left out.
        }
        return 0;
    }

    /** @return the JVM options that change timings (GC, heap, JIT), not the long module flags every run has. */
    private static List<String> interestingJvmArgs()
    {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-Xint")
                || a.startsWith("-Xshare"))
            .toList();
    }
}
