package io.tandem.perf.manager;

import io.tandem.ProcessOptions;
import io.tandem.perf.Benchmark;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Progress;
import io.tandem.perf.Result;
import io.tandem.perf.spawn.BareArchive;
import io.tandem.perf.spawn.BareFleet;
import io.tandem.perf.spawn.BareJvm;
import io.tandem.perf.spawn.BareWorker;
import io.tandem.perf.spawn.StartupFigures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code ./tandem perf spawn}: {@code spawn.one.jdk25}, one backend's {@code start()} to its first reply beside an
 * empty JVM and bare Chronicle workers, all on a JDK 24+ installed beside this one
 * ({@link StartupFigures#spawnOneOnNewerJdk}; this JDK's are in {@code rtt}); then from the first {@code start()} to
 * every worker having answered a command, for 10
 * and 100 child JVMs started in parallel with lean flags ({@link ProcessOptions.Builder#lean()}) and, when run
 * from jars, a class-data sharing archive; and the memory of a worker JVM: resident (RSS) and proportional (PSS:
 * pages shared with the other workers, such as the class-data archive, counted once among them).
 *
 * <p>Beside each, the same number of bare Chronicle worker JVMs started with the same arguments ({@link BareFleet}):
 * <ul>
 *   <li>{@code *-jvm-chronicle}: the peer, code generation off and its own archive ({@link BareWorker#CODEGEN_OFF});</li>
 *   <li>{@code *-jvm-chronicle-codegen}: Chronicle's default eager code generation, its own archive
 *       ({@link BareWorker#CODEGEN}); 10 workers only (a hundred javac runs would take minutes).</li>
 * </ul>
 * Fleets are measured in rounds, one fleet of each kind per round and the order turned each round (A B C, B C A,
 * ...), so drift on a shared machine hits each alike; each figure is the median of its rounds with the spread.
 * Memory is read when every worker of a fleet has answered its one command: all at the same code-generation
 * state, none generated (a Tandem backend generates its reader and writer only after {@code Codegen}'s threshold of
 * messages; the peer never does), except the {@code -codegen} peer, whose javac-generated classes are the point.
 * Before the clock, both sides' archives are made (untimed training runs) and this side has loaded its classes.
 * Then the spare backend JVMs' figures ({@link SpareFigures}): {@code spawn.spare} beside {@code spawn.one},
 * {@code restart} beside {@code restart.cold}, {@code spawn.<n>-spares} beside {@code spawn.<n>-processes}, and what
 * an idle spare costs ({@code memory.per-spare.pss}, {@code idle-cpu.spare}).
 * For scale: Python's fork starts 100 workers and has each answer in about 0.17 s on this machine.
 */
public final class SpawnBenchmark implements Benchmark
{
    @Override
    public String name()
    {
        return "spawn";
    }

    @Override
    public String description()
    {
        return "10 and 100 child-JVM workers: start to all answered; memory per worker; spares: start, restart, cost";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final ProcessOptions lean = ProcessOptions.builder().lean().build();
        try (Fleet warm = new Fleet("warm-", 1, lean))
        {
            System.out.printf("warm-up worker answered in %.2f s%n", warm.secondsToAllAnswered);
        }
        BareArchive.awaitTandem();
        BareJvm.prepare();
        for (final BareWorker worker : BareWorker.values())
        {
            BareArchive.prepare(worker);
        }
        final List<Result> results = new ArrayList<>();
        results.addAll(StartupFigures.spawnOneOnNewerJdk(quick ? 3 : 7));
        results.addAll(rounds(10, quick ? 2 : 3, lean, List.of(BareWorker.values())));
        try (Fleet defaults = new Fleet("default-", 10, ProcessOptions.defaults()))
        {
            results.add(Result.value("memory.per-worker.default-flags", "MiB", ProcessStats.mean(defaults.pids(), ProcessStats::rssMiB)));
        }
        if (!quick)
        {
            results.addAll(rounds(100, 3, lean, List.of(BareWorker.CODEGEN_OFF)));
        }
        // Spares: each figure beside the cold start it replaces, from this run (see SpareFigures).
        results.addAll(SpareFigures.spawnSpare(quick ? 3 : 7));
        results.addAll(SpareFigures.restart(quick ? 3 : 7));
        results.add(SpareFigures.fleet(quick ? 10 : 100));
        results.addAll(SpareFigures.idle(quick ? 2 : 4, quick ? 3 : 10));
        return results;
    }

    /** Figures of one fleet: seconds to all answered, and mean RSS and PSS per worker, MiB. */
    private record Sample(double seconds, double rssMiB, double pssMiB, String archiveMapped)
    {
    }

    /** A fleet of one kind, started and measured. */
    @FunctionalInterface
    private interface Kind
    {
        Sample start(String prefix) throws Exception;
    }

    /**
     * @return for fleets of {@code count}: {@code spawn.<count>-processes} beside {@code spawn.<count>-<peer>} for
     * each of {@code peers}, and the memory per worker of each (for 10: {@code memory.per-worker(.pss)} and
     * {@code memory.per-<peer>(.pss)}; otherwise {@code memory.per-worker.<count>} and {@code memory.per-<peer>.<count>},
     * RSS only).
     */
    private static List<Result> rounds(final int count, final int rounds, final ProcessOptions lean, final List<BareWorker> peers)
        throws Exception
    {
        final Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("processes", prefix ->
        {
            try (Fleet fleet = new Fleet(prefix, count, lean))
            {
                return new Sample(fleet.secondsToAllAnswered, ProcessStats.mean(fleet.pids(), ProcessStats::rssMiB),
                    ProcessStats.mean(fleet.pids(), ProcessStats::pssMiB),
                    BareArchive.mappedBy(BareArchive.tandemPath(), fleet.pids()));
            }
        });
        for (final BareWorker peer : peers)
        {
            kinds.put(peer.label(), prefix ->
            {
                try (BareFleet fleet = new BareFleet(prefix, count, peer, ProcessOptions.LEAN_JVM_ARGS))
                {
                    return new Sample(fleet.secondsToAllAnswered(), ProcessStats.mean(fleet.pids(), ProcessStats::rssMiB),
                        ProcessStats.mean(fleet.pids(), ProcessStats::pssMiB), fleet.archiveMapped());
                }
            });
        }
        final List<String> names = new ArrayList<>(kinds.keySet());
        final Sample[][] samples = new Sample[names.size()][rounds];
        // One step per fleet: the progress line moves between fleets, never inside the timed start of one.
        try (Progress progress = Progress.start("spawn " + count + " workers", (long)rounds * names.size(), System.out))
        {
            for (int round = 0; round < rounds; round++)
            {
                for (int k = 0; k < names.size(); k++)
                {
                    final int kind = (round + k) % names.size();
                    progress.phase(names.get(kind) + ", round " + (round + 1) + " of " + rounds);
                    final Sample s = kinds.get(names.get(kind)).start("r" + round + "-" + count + "-");
                    samples[kind][round] = s;
                    progress.step();
                    progress.out().printf(Locale.ROOT,
                        "spawn.%d-%s round %d: %.2f s, RSS %.0f MiB, PSS %.0f MiB, own archive mapped by %s%n",
                        count, names.get(kind), round + 1, s.seconds(), s.rssMiB(), s.pssMiB(), s.archiveMapped());
                }
            }
        }
        final List<Result> results = new ArrayList<>();
        for (int kind = 0; kind < names.size(); kind++)
        {
            final String name = names.get(kind);
            final Sample[] of = samples[kind];
            final boolean tandem = kind == 0;
            results.add(Result.rate("spawn." + count + "-" + name, "s", figure(of, Sample::seconds)));
            final String memory = tandem ? "memory.per-worker" : "memory.per-" + name;
            if (count == 10)
            {
                results.add(Result.rate(memory, "MiB", figure(of, Sample::rssMiB)));
                results.add(Result.rate(memory + ".pss", "MiB", figure(of, Sample::pssMiB)));
            }
            else
            {
                results.add(Result.rate(memory + "." + count, "MiB", figure(of, Sample::rssMiB)));
            }
        }
        return results;
    }

    private static double[] figure(final Sample[] samples, final ToDoubleFunction<Sample> of)
    {
        final double[] values = new double[samples.length];
        for (int i = 0; i < samples.length; i++)
        {
            values[i] = of.applyAsDouble(samples[i]);
        }
        return values;
    }
}
