package io.tandem.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Stream;

/**
 * What {@code /proc} says of a benchmark's peer processes: memory (RSS, PSS) and CPU time. A process that is
 * gone reads as 0.
 *
 * <pre>{@code
 * double mib = ProcessStats.mean(fleet.pids(), ProcessStats::pssMiB);
 * }</pre>
 */
public final class ProcessStats
{
    private ProcessStats()
    {
    }

    /** @return the mean of {@code perPid} over {@code pids}. */
    public static double mean(final List<Long> pids, final LongToDoubleFunction perPid)
    {
        double sum = 0;
        for (final long pid : pids)
        {
            sum += perPid.applyAsDouble(pid);
        }
        return sum / pids.size();
    }

    /** @return the resident set size of process {@code pid}, MiB. */
    public static double rssMiB(final long pid)
    {
        return kibField(proc(pid).resolve("status"), "VmRSS:") / 1024.0;
    }

    /**
     * @return the proportional set size of process {@code pid}, MiB: its private pages plus its share of pages
     * mapped by several processes.
     */
    public static double pssMiB(final long pid)
    {
        return kibField(proc(pid).resolve("smaps_rollup"), "Pss:") / 1024.0;
    }

    /**
     * @return the CPU time of process {@code pid} in ns: the sum of its threads' run time from
     * {@code /proc/<pid>/task/<tid>/schedstat} (nanosecond resolution, where the process total is counted in
     * 10 ms ticks: too coarse for a fraction of a percent over a few seconds), else the JDK's total.
     */
    public static long cpuNanos(final long pid)
    {
        try (Stream<Path> tasks = Files.list(proc(pid).resolve("task")))
        {
            return tasks.mapToLong(ProcessStats::runNanos).sum();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElseThrow().toNanos();
        }
    }

    private static long runNanos(final Path task)
    {
        try
        {
            final String stat = Files.readString(task.resolve("schedstat")).trim();
            return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0; // the thread ended meanwhile
        }
    }

    private static long kibField(final Path file, final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(file))
            {
                if (line.startsWith(field))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (final IOException | RuntimeException ignored)
        {
            // gone
        }
        return 0;
    }

    private static Path proc(final long pid)
    {
        return Paths.get("/proc", Long.toString(pid));
    }
}
