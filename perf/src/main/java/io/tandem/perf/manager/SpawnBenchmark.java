package io.tandem.perf.manager;

import io.tandem.ProcessOptions;
import io.tandem.perf.Benchmark;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Result;
import io.tandem.perf.spawn.BareFleet;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf spawn}: from the first {@code start()} to every worker having answered a command,
 * for 10 and 100 child JVMs started in parallel with lean flags ({@link ProcessOptions.Builder#lean()})
 * and, when run from jars, a class-data sharing archive; and the memory of a worker JVM, lean and default:
 * resident (RSS) and proportional (PSS: pages shared with the other workers, such as the class-data archive,
 * counted once among them). Beside each, the same number of bare Chronicle worker JVMs started with the same
 * arguments ({@link BareFleet}): what a JVM per worker costs without Tandem. For scale: Python's fork starts 100 workers and has each answer in about 0.17 s on this machine.
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
        return "10 and 100 child-JVM workers: start to all answered; memory per worker";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final List<Result> results = new ArrayList<>();
        final ProcessOptions lean = ProcessOptions.builder().lean().build();
        try (Fleet warm = new Fleet("warm-", 1, lean))
        {
            System.out.printf("warm-up worker answered in %.2f s%n", warm.secondsToAllAnswered);
        }
        try (Fleet ten = new Fleet("ten-", 10, lean))
        {
            results.add(Result.value("spawn.10-processes", "s", ten.secondsToAllAnswered));
            results.add(Result.value("memory.per-worker", "MiB", ProcessStats.mean(ten.pids(), ProcessStats::rssMiB)));
            results.add(Result.value("memory.per-worker.pss", "MiB", ProcessStats.mean(ten.pids(), ProcessStats::pssMiB)));
        }
        try (BareFleet bare = new BareFleet("ten-", 10, ProcessOptions.LEAN_JVM_ARGS))
        {
            results.add(Result.value("spawn.10-jvm-chronicle", "s", bare.secondsToAllAnswered()));
            results.add(Result.value("memory.per-jvm-chronicle", "MiB", ProcessStats.mean(bare.pids(), ProcessStats::rssMiB)));
            results.add(Result.value("memory.per-jvm-chronicle.pss", "MiB", ProcessStats.mean(bare.pids(), ProcessStats::pssMiB)));
        }
        try (Fleet defaults = new Fleet("default-", 10, ProcessOptions.defaults()))
        {
            results.add(Result.value("memory.per-worker.default-flags", "MiB", ProcessStats.mean(defaults.pids(), ProcessStats::rssMiB)));
        }
        if (!quick)
        {
            try (Fleet hundred = new Fleet("hundred-", 100, lean))
            {
                results.add(Result.value("spawn.100-processes", "s", hundred.secondsToAllAnswered));
                results.add(Result.value("memory.per-worker.100", "MiB", ProcessStats.mean(hundred.pids(), ProcessStats::rssMiB)));
            }
            try (BareFleet bare = new BareFleet("hundred-", 100, ProcessOptions.LEAN_JVM_ARGS))
            {
                results.add(Result.value("spawn.100-jvm-chronicle", "s", bare.secondsToAllAnswered()));
            }
        }
        return results;
    }
}
