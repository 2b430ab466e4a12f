package io.tandem.perf;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which result is compared to which: one table for every benchmark, so a benchmark only returns its figures.
 * After a run the harness keeps, for each result, the baselines measured <em>in the same run</em> and computes
 * the ratios to them; a baseline from another run is never used (the machine is shared and drifts).
 *
 * <pre>{@code
 * entry("ring.64B.tandem", "ring.64B.agrona-limit1"),    // add a line per new figure
 * }</pre>
 * A variant named {@code <name>@<tag>} (e.g. {@code rtt.tandem-command@10k}, a fixed-rate run) is compared to
 * the baselines of {@code <name>} with the same tag ({@code rtt.chronicle-queue@10k}, ...) unless it has its own
 * line. A result may also name its baselines itself ({@link Result#withBaselines}).
 */
public final class Baselines
{
    /** Result name to the results it is compared to, the closest first. */
    private static final Map<String, List<String>> TABLE = Map.ofEntries(
        entry("rtt.chronicle-queue", "rtt.raw-shm"),
        entry("rtt.tandem-command", "rtt.chronicle-queue", "rtt.raw-shm"),
        entry("rtt.tandem-syncindex", "rtt.tandem-command"),
        entry("rtt.tandem-call", "rtt.tandem-command"),
        entry("ring.64B.tandem", "ring.64B.agrona-limit1", "ring.64B.agrona-limit256"),
        entry("ring.1MiB.tandem", "ring.1MiB.agrona-limit1", "ring.1MiB.agrona-limit256", "bandwidth.memcpy-cached"),
        entry("ring.1MiB.agrona-limit1", "bandwidth.memcpy-cached"),
        entry("ring.1MiB.agrona-limit256", "bandwidth.memcpy-cached"),
        entry("rtt.ring", "rtt.raw-shm-ring"),
        entry("bandwidth.shared-array", "bandwidth.private-sum"),
        entry("bandwidth.shared-array-copy-in", "bandwidth.memcpy-dram"),
        entry("memory.per-worker", "memory.per-jvm-chronicle", "memory.per-jvm-chronicle-codegen", "memory.per-worker.default-flags"),
        entry("memory.per-worker.pss", "memory.per-jvm-chronicle.pss", "memory.per-jvm-chronicle-codegen.pss"),
        entry("memory.per-worker.100", "memory.per-jvm-chronicle.100"),
        entry("spawn.one", "spawn.jvm-chronicle", "spawn.jvm-chronicle-codegen", "spawn.jvm"),
        entry("spawn.jvm-chronicle", "spawn.jvm"),
        entry("spawn.jvm-chronicle-codegen", "spawn.jvm-chronicle"),
        // the same on a JDK 24+ beside this one (StartupFigures.spawnOneOnNewerJdk, in spawn), each beside its own JDK's peers
        entry("spawn.one.jdk25", "spawn.jvm-chronicle.jdk25", "spawn.jvm-chronicle-codegen.jdk25", "spawn.jvm.jdk25"),
        entry("spawn.jvm-chronicle.jdk25", "spawn.jvm.jdk25"),
        entry("spawn.jvm-chronicle-codegen.jdk25", "spawn.jvm-chronicle.jdk25"),
        entry("spawn.10-processes", "spawn.10-jvm-chronicle", "spawn.10-jvm-chronicle-codegen"),
        entry("spawn.10-jvm-chronicle-codegen", "spawn.10-jvm-chronicle"),
        entry("spawn.100-processes", "spawn.100-jvm-chronicle"),
        entry("spawn.spare", "spawn.one", "spawn.jvm"),
        entry("restart", "restart.cold"),
        entry("spawn.10-spares", "spawn.10-processes"),
        entry("spawn.100-spares", "spawn.100-processes"),
        entry("memory.per-spare.pss", "memory.per-worker.pss"),
        entry("memory.per-spare", "memory.per-worker"),
        entry("idle-cpu.backend", "idle-cpu.chronicle-pauser"),
        entry("poll.1000-idle-workers", "poll.1000-workers-chronicle-fanin"),
        entry("poll.200-idle-workers", "poll.200-workers-chronicle-fanin"),
        entry("spawn.1000-threads", "spawn.1000-threads-chronicle-fanin"),
        entry("spawn.200-threads", "spawn.200-threads-chronicle-fanin"),
        entry("ring.fanout-3.tandem", "ring.64B.tandem"),
        entry("attach.shared-array-1GiB", "attach.filechannel-map-1GiB"),
        entry("attach.shared-array-1GiB-first-touch", "attach.filechannel-map-1GiB-first-touch"),
        entry("backlog.tmpfs-peak", "backlog.tmpfs-bound"),
        entry("backlog.producer-offered", "backlog.consumer-rate"),
        entry("wake.command@0", "wake.pipe@0", "wake.command-busy-spin@0"),
        entry("wake.command@100us", "wake.pipe@100us"),
        entry("wake.command@1ms", "wake.pipe@1ms"),
        entry("wake.command@10ms", "wake.pipe@10ms"),
        entry("wake.command@10ms-random", "wake.pipe@10ms-random"),
        entry("wake.syncindex@0", "wake.command@0"),
        entry("wake.syncindex@100us", "wake.command@100us"),
        entry("wake.syncindex@1ms", "wake.command@1ms"),
        entry("wake.syncindex@10ms", "wake.command@10ms"),
        entry("wake.call@0", "wake.command@0"),
        entry("wake.call@100us", "wake.command@100us"),
        entry("wake.call@1ms", "wake.command@1ms"),
        entry("wake.call@10ms", "wake.command@10ms"),
        entry("wake.ring@0", "wake.command@0"),
        entry("wake.ring@100us", "wake.command@100us"),
        entry("wake.ring@1ms", "wake.command@1ms"),
        entry("wake.ring@10ms", "wake.command@10ms"),
        entry("wake.syncindex@10ms-random", "wake.command@10ms-random"),
        entry("wake.call@10ms-random", "wake.command@10ms-random"),
        entry("wake.ring@10ms-random", "wake.command@10ms-random"),
        entry("idle-cpu.backend-parked", "idle-cpu.sleeping-jvm"),
        entry("idle-cpu.manager-100-workers", "idle-cpu.sleeping-jvm-beside-manager"),
        // across hosts (io.tandem.perf.remote): Tandem over Aeron beside bare Aeron
        entry("remote.rtt.tandem-call", "remote.rtt.aeron"),
        entry("remote.64B.tandem-ring", "remote.64B.aeron"),
        entry("remote.64B.tandem-ring-bytes", "remote.64B.aeron-bytes"),
        entry("remote.1MiB.tandem-ring", "remote.1MiB.aeron"),
        entry("remote.1MiB.tandem-ring-bytes", "remote.1MiB.aeron-bytes")
    );

    private Baselines()
    {
    }

    /** @return the names {@code name} is compared to (possibly none). */
    public static List<String> of(final String name)
    {
        final List<String> direct = TABLE.get(name);
        if (direct != null)
        {
            return direct;
        }
        final int tag = name.indexOf('@');
        if (tag > 0)
        {
            final List<String> variant = new ArrayList<>();
            for (final String base : TABLE.getOrDefault(name.substring(0, tag), List.of()))
            {
                variant.add(base + name.substring(tag));
            }
            return variant;
        }
        return List.of();
    }

    /**
     * Files one benchmark's results: each keeps the baselines that this same run measured, with the ratios to them.
     *
     * @param notes where to say which results have baselines in the table but none measured in this run.
     */
    public static List<Result> file(final String benchmark, final List<Result> run, final PrintStream notes)
    {
        final Map<String, Result> byName = new LinkedHashMap<>();
        for (final Result r : run)
        {
            if (byName.put(r.name(), r) != null)
            {
                throw new IllegalArgumentException(benchmark + " returned two results named " + r.name());
            }
        }
        final List<Result> filed = new ArrayList<>();
        for (final Result r : run)
        {
            final List<String> wanted = r.baselines().isEmpty() ? of(r.name()) : r.baselines();
            final List<String> present = new ArrayList<>();
            final Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
            for (final String name : wanted)
            {
                final Result base = byName.get(name);
                if (base == null)
                {
                    continue;
                }
                if (base.isLatency() != r.isLatency() || !base.unit().equals(r.unit()))
                {
                    notes.printf(Locale.ROOT, "note: %s (%s) and its baseline %s (%s) do not compare, no ratio%n",
                        r.name(), r.unit(), name, base.unit());
                    continue;
                }
                present.add(name);
                ratios.put(name, ratios(r, base));
            }
            if (present.isEmpty() && !wanted.isEmpty())
            {
                notes.printf(Locale.ROOT, "note: %s: no baseline of %s measured in this run, no ratio%n", r.name(), wanted);
            }
            filed.add(r.filed(benchmark, present, ratios));
        }
        return filed;
    }

    /** @return {@code r / base}: p50 and p99 for latencies, the value otherwise. */
    static Map<String, Double> ratios(final Result r, final Result base)
    {
        final Map<String, Double> ratios = new LinkedHashMap<>();
        for (final String key : r.isLatency() ? Result.LATENCY_RATIO_KEYS : List.of("value"))
        {
            final double denominator = base.get(key);
            if (denominator > 0)
            {
                ratios.put(key, r.get(key) / denominator);
            }
        }
        return ratios;
    }

    private static Map.Entry<String, List<String>> entry(final String name, final String... baselines)
    {
        return Map.entry(name, List.of(baselines));
    }
}
