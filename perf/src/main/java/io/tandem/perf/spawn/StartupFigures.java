package io.tandem.perf.spawn;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Result;
import io.tandem.perf.rtt.Hello;
import io.tandem.perf.rtt.PingPongProcess;
import io.tandem.internal.launch.ArchiveFormat;
import io.tandem.internal.launch.InstalledJdks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;

/**
 * The start-up and idle figures of one backend ({@code spawn.one}, {@code idle-cpu.backend}), each beside the bare
 * JVMs of {@link BareJvm} started the same way; part of {@code ./tandem perf rtt}.
 *
 * <pre>{@code
 * List<Result> startup = StartupFigures.spawnOne(7);   // spawn.one beside its peers, with spread
 * List<Result> idle = StartupFigures.idleCpu(10);     // idle-cpu.backend beside idle-cpu.chronicle-pauser
 * }</pre>
 */
public final class StartupFigures
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    private StartupFigures()
    {
    }

    /** One kind of start, timed from its first action to its first answer. */
    @FunctionalInterface
    private interface Start
    {
        Timed run() throws Exception;
    }

    /** One timed start, and whether the started JVM mapped its own class-data sharing archive. */
    private record Timed(double millis, boolean archiveMapped)
    {
    }

    /**
     * Times {@code count} starts of each of:
     * <ul>
     *   <li>{@code spawn.one}: a Tandem backend (default options), ms from {@code start()} to its first reply;</li>
     *   <li>{@code spawn.jvm-chronicle}: the main peer, a bare Chronicle worker JVM with code generation off and
     *       its own class-data sharing archive ({@link BareWorker#CODEGEN_OFF}), ms from its queues' creation to
     *       its first answer;</li>
     *   <li>{@code spawn.jvm-chronicle-codegen}: the same with Chronicle's default code generation (javac at start)
     *       and its own archive ({@link BareWorker#CODEGEN});</li>
     *   <li>{@code spawn.jvm}: an empty JVM with the JDK's archive, ms to its first line.</li>
     * </ul>
     * Interleaved, one of each per round, and the order turns each round (A B C D, B C D A, ...) so no kind always
     * follows the same one. Before the clock: one untimed Tandem start (it trains Tandem's archive if this class
     * path has none yet, and loads this side's classes) and the bare workers' archive training.
     *
     * @return the four figures, each the median of its {@code count} starts with their spread (min, q1, q3, max).
     */
    public static List<Result> spawnOne(final int count) throws Exception
    {
        final List<Result> results = new ArrayList<>();
        spawnOneSamples(count).forEach((name, millis) -> results.add(Result.rate(name, "ms", millis)));
        return results;
    }

    /**
     * {@link #spawnOne} on a JDK 24+ installed beside this one ({@link InstalledJdks}), in a child benchmark JVM of
     * that JDK (it starts its backends and peers on its own JDK, with its own archives: the AOT cache), its figures
     * named {@code <name>.jdk<N>} ({@code spawn.one.jdk25} beside {@code spawn.jvm.jdk25}); none, and a note saying
     * so, where there is no newer JDK. This JDK's own figures are {@link #spawnOne}'s.
     */
    public static List<Result> spawnOneOnNewerJdk(final int count) throws Exception
    {
        final int self = Runtime.version().feature();
        final Optional<Path> newer = InstalledJdks.find(ArchiveFormat.AOT_CACHE_JDK);
        if (newer.isEmpty() || InstalledJdks.feature(newer.get()) == self)
        {
            System.out.println("note: no JDK 24+ beside this JDK " + self + " (set -D" + InstalledJdks.PROPERTY + "=<home>): " +
                "spawn.one on a newer JDK is not measured");
            return List.of();
        }
        return OtherJdkStartup.spawnOne(newer.get(), count);
    }

    /** @return the samples of {@link #spawnOne}, ms, by name, in the order of {@link #spawnOne}'s results. */
    static Map<String, double[]> spawnOneSamples(final int count) throws Exception
    {
        warmUp();
        final Map<String, Start> starts = new LinkedHashMap<>();
        starts.put("spawn.one", StartupFigures::tandemMillis);
        for (final BareWorker worker : BareWorker.values())
        {
            BareArchive.prepare(worker);
            starts.put("spawn." + worker.label(), () -> bareMillis(worker));
        }
        starts.put("spawn.jvm", () -> new Timed(BareJvm.emptyMillis(), false)); // the JDK's archive only
        final List<String> names = new ArrayList<>(starts.keySet());
        final double[][] millis = new double[names.size()][count];
        final int[] mapped = new int[names.size()];
        for (int round = 0; round < count; round++)
        {
            for (int k = 0; k < names.size(); k++)
            {
                final int kind = (round + k) % names.size();
                final Timed timed = starts.get(names.get(kind)).run();
                millis[kind][round] = timed.millis();
                mapped[kind] += timed.archiveMapped() ? 1 : 0;
            }
        }
        final Map<String, double[]> samples = new LinkedHashMap<>();
        for (int kind = 0; kind < names.size(); kind++)
        {
            final double[] sorted = millis[kind].clone();
            Arrays.sort(sorted);
            final String archive = names.get(kind).equals("spawn.jvm") ? "" : ", own archive mapped in " + mapped[kind] + "/" + count;
            System.out.println(names.get(kind) + " runs (ms, JDK " + Runtime.version().feature() + "): " + format(sorted) + archive);
            samples.put(names.get(kind), millis[kind]);
        }
        return samples;
    }

    private static void warmUp() throws Exception
    {
        tandemMillis();
        BareArchive.awaitTandem();
        BareJvm.prepare();
    }

    private static Timed tandemMillis() throws Exception
    {
        try (PingPongProcess p = new PingPongProcess("spawn", ProcessOptions.defaults()))
        {
            final long start = System.nanoTime();
            p.start();
            p.backend(Hello.class).hello();
            final MessageObject reply = p.receive(WAIT);
            final double ms = (System.nanoTime() - start) / 1e6;
            if (reply == null || !reply.name().equals("hello"))
            {
                throw new IllegalStateException("unexpected reply " + reply);
            }
            return new Timed(ms, BareArchive.isMappedBy(BareArchive.tandemPath(), p.pid()));
        }
    }

    private static Timed bareMillis(final BareWorker worker) throws Exception
    {
        final long start = System.nanoTime();
        try (BareJvm bare = BareJvm.start("spawn-" + worker.label(), worker, List.of()))
        {
            bare.awaitAnswer(WAIT);
            final double ms = (System.nanoTime() - start) / 1e6;
            return new Timed(ms, BareArchive.isMappedBy(BareArchive.path(worker), bare.pid()));
        }
    }

    /**
     * @return {@code idle-cpu.backend}, the percent of one core an idle backend uses in the default (back-off)
     * wait mode, and beside it {@code idle-cpu.chronicle-pauser}, the main bare Chronicle worker
     * ({@link BareWorker#CODEGEN_OFF}, its own archive) waiting with Chronicle's balanced pauser: both idle side by
     * side after 5 s for start-up work (class loading, JIT compiles of the loop) to finish, measured over the same
     * one-second windows, {@code seconds} of them; each figure is the median window with the spread.
     */
    public static List<Result> idleCpu(final int seconds) throws Exception
    {
        BareArchive.prepare(BareWorker.CODEGEN_OFF);
        try (PingPongProcess p = new PingPongProcess("idle", ProcessOptions.defaults());
             BareJvm bare = BareJvm.start("idle", BareWorker.CODEGEN_OFF, List.of()))
        {
            p.start();
            p.backend(Hello.class).hello();
            p.receive(WAIT);
            bare.awaitAnswer(WAIT);
            Thread.sleep(5_000);
            final double[] backend = new double[seconds];
            final double[] pauser = new double[seconds];
            for (int i = 0; i < seconds; i++)
            {
                final long backendBefore = ProcessStats.cpuNanos(p.pid());
                final long bareBefore = ProcessStats.cpuNanos(bare.pid());
                final long start = System.nanoTime();
                Thread.sleep(1_000);
                final long backendAfter = ProcessStats.cpuNanos(p.pid());
                final long bareAfter = ProcessStats.cpuNanos(bare.pid());
                final double elapsed = System.nanoTime() - start;
                backend[i] = 100.0 * (backendAfter - backendBefore) / elapsed;
                pauser[i] = 100.0 * (bareAfter - bareBefore) / elapsed;
            }
            return List.of(
                Result.rate("idle-cpu.backend", "%", backend),
                Result.rate("idle-cpu.chronicle-pauser", "%", pauser));
        }
    }

    private static String format(final double[] values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++)
        {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.0f", values[i]));
        }
        return sb.append(']').toString();
    }
}
