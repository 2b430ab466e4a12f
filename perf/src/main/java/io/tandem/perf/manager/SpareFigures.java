package io.tandem.perf.manager;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Result;
import io.tandem.perf.spawn.BareJvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The figures of spare backend JVMs ({@link ProcessOptions.Builder#spares(int)}), each beside the cold start it
 * replaces, measured in the same run and interleaved:
 * <ul>
 *   <li>{@code spawn.spare} beside {@code spawn.one} and {@code spawn.jvm}: ms from {@code start()} to the first
 *       answer, default options, with a warm spare ready / cold / an empty JVM to its first line;</li>
 *   <li>{@code restart} beside {@code restart.cold}: ms from the {@code kill -9} of a manager's worker (lean) to its
 *       replacement answering, with a spare ready / without;</li>
 *   <li>{@code spawn.<n>-spares}: s from the first {@code start()} to all {@code n} lean workers answered with
 *       {@code n} spares ready (beside {@code spawn.<n>-processes}, cold, from the same run);</li>
 *   <li>{@code memory.per-spare(.pss)} and {@code idle-cpu.spare}: what a warm, unclaimed lean spare costs.</li>
 * </ul>
 * A spare's boot (and its refill after a claim) is never timed: before each spare round the pool is full and warm,
 * and before each cold round the pool is closed, so no spare boots while a cold start is timed, and the cold start
 * cannot take one (it would fit: spares are matched by JVM, not by the option asking for them).
 */
final class SpareFigures
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SPARES_WAIT = Duration.ofMinutes(5);

    private SpareFigures()
    {
    }

    /** One kind of timed start. */
    @FunctionalInterface
    private interface Timed
    {
        double millis() throws Exception;
    }

    /** @return {@code spawn.spare}, {@code spawn.one} and {@code spawn.jvm}, {@code rounds} interleaved starts each. */
    static List<Result> spawnSpare(final int rounds) throws Exception
    {
        final ProcessOptions spared = ProcessOptions.builder().spares(1).build();
        final ProcessOptions cold = ProcessOptions.defaults();
        final Map<String, Timed> kinds = new LinkedHashMap<>();
        kinds.put("spawn.spare", () ->
        {
            ready(spared);
            return startToAnswerMs(spared);
        });
        kinds.put("spawn.one", () ->
        {
            MessageProcess.closeSpares();
            return startToAnswerMs(cold);
        });
        kinds.put("spawn.jvm", () ->
        {
            MessageProcess.closeSpares();
            return BareJvm.emptyMillis();
        });
        startToAnswerMs(cold); // untimed: this side's classes loaded, Tandem's archive made if the class path has none
        try
        {
            return interleave(kinds, rounds, "ms");
        }
        finally
        {
            MessageProcess.closeSpares();
        }
    }

    /** @return {@code restart} (a spare ready) and {@code restart.cold}, {@code rounds} interleaved kills each. */
    static List<Result> restart(final int rounds) throws Exception
    {
        final ProcessOptions spared = ProcessOptions.builder().lean().spares(1).build();
        final ProcessOptions cold = ProcessOptions.builder().lean().build();
        final RestartManager withSpare = new RestartManager("restart-spare", spared);
        final RestartManager withoutSpare = new RestartManager("restart-cold", cold);
        withSpare.runAsThread();
        withoutSpare.runAsThread();
        try
        {
            answer(withSpare);
            answer(withoutSpare);
            final Map<String, Timed> kinds = new LinkedHashMap<>();
            kinds.put("restart", () ->
            {
                ready(spared);
                return killToAnswerMs(withSpare);
            });
            kinds.put("restart.cold", () ->
            {
                MessageProcess.closeSpares();
                return killToAnswerMs(withoutSpare);
            });
            return interleave(kinds, rounds, "ms");
        }
        finally
        {
            withSpare.stopThread();
            withoutSpare.stopThread();
            MessageProcess.closeSpares();
        }
    }

    /** @return {@code spawn.<count>-spares}: one fleet of {@code count} lean workers with {@code count} spares ready. */
    static Result fleet(final int count) throws Exception
    {
        final ProcessOptions spared = ProcessOptions.builder().lean().spares(count).build();
        final long boot = System.nanoTime();
        ready(spared);
        System.out.printf(Locale.ROOT, "%d spares booted and warm in %.1f s (untimed)%n", count,
            (System.nanoTime() - boot) / 1e9);
        try (Fleet fleet = new Fleet("spared-" + count + "-", count, spared))
        {
            System.out.printf(Locale.ROOT, "spawn.%d-spares: %.3f s%n", count, fleet.secondsToAllAnswered);
            return Result.value("spawn." + count + "-spares", "s", fleet.secondsToAllAnswered);
        }
        finally
        {
            MessageProcess.closeSpares();
        }
    }

    /**
     * @return {@code memory.per-spare} (RSS), {@code memory.per-spare.pss} and {@code idle-cpu.spare} (percent of a
     * core, median of {@code seconds} one-second windows) of {@code count} warm lean spares, 5 s after they were all
     * warm.
     */
    static List<Result> idle(final int count, final int seconds) throws Exception
    {
        final ProcessOptions spared = ProcessOptions.builder().lean().spares(count).build();
        ready(spared);
        try
        {
            Thread.sleep(5_000);
            final List<Long> pids = sparePids();
            final double rss = ProcessStats.mean(pids, ProcessStats::rssMiB);
            final double pss = ProcessStats.mean(pids, ProcessStats::pssMiB);
            final double[] cpu = new double[seconds];
            for (int i = 0; i < seconds; i++)
            {
                long before = 0;
                for (final long pid : pids)
                {
                    before += ProcessStats.cpuNanos(pid);
                }
                final long start = System.nanoTime();
                Thread.sleep(1_000);
                long after = 0;
                for (final long pid : pids)
                {
                    after += ProcessStats.cpuNanos(pid);
                }
                cpu[i] = 100.0 * (after - before) / (System.nanoTime() - start) / pids.size();
            }
            System.out.printf(Locale.ROOT, "%d idle spares: RSS %.1f MiB, PSS %.1f MiB, CPU %s %% each%n", pids.size(),
                rss, pss, Arrays.toString(cpu));
            return List.of(Result.value("memory.per-spare", "MiB", rss), Result.value("memory.per-spare.pss", "MiB", pss),
                Result.rate("idle-cpu.spare", "%", cpu));
        }
        finally
        {
            MessageProcess.closeSpares();
        }
    }

    /** @return this JVM's children started as spares (none is claimed here: each is still one). */
    private static List<Long> sparePids()
    {
        final List<Long> pids = new ArrayList<>();
        ProcessHandle.current().children().forEach(child ->
        {
            if (child.info().arguments().map(args -> Arrays.stream(args).anyMatch(a -> a.startsWith("-Dtandem.process=spare:")))
                .orElse(false))
            {
                pids.add(child.pid());
            }
        });
        return pids;
    }

    /** Has the pool boot the spares {@code options} ask for, and waits until they are warm (untimed). */
    private static void ready(final ProcessOptions options)
    {
        MessageProcess.prepareSpares(options);
        if (!MessageProcess.awaitSpares(options, SPARES_WAIT))
        {
            throw new IllegalStateException(options.spares() + " spares not warm within " + SPARES_WAIT.toSeconds() +
                " s (" + MessageProcess.readySpares(options) + " are)");
        }
    }

    private static double startToAnswerMs(final ProcessOptions options)
    {
        try (EchoWorker w = new EchoWorker("spawn", options))
        {
            final long start = System.nanoTime();
            w.start();
            w.backend(Echo.class).echo(1);
            final MessageObject reply = w.receive(WAIT);
            final double ms = (System.nanoTime() - start) / 1e6;
            if (reply == null || !reply.name().equals("echo"))
            {
                throw new IllegalStateException("unexpected reply " + reply);
            }
            return ms;
        }
    }

    /** Has the manager's worker answer once, untimed (and drains the answer). */
    private static void answer(final RestartManager manager) throws InterruptedException
    {
        manager.worker().backend(Echo.class).echo(1);
        if (manager.answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS) == null)
        {
            throw new IllegalStateException(manager.worker().name() + " did not answer");
        }
    }

    private static double killToAnswerMs(final RestartManager manager) throws InterruptedException
    {
        final EchoWorker worker = manager.worker();
        final long old = worker.pid();
        manager.answers.clear();
        final long killed = System.nanoTime();
        ProcessHandle.of(old).ifPresent(ProcessHandle::destroyForcibly); // kill -9
        final long deadline = killed + WAIT.toNanos();
        while (worker.pid() == old || worker.pid() <= 0 || !worker.isAlive())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(worker.name() + " was not restarted within " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(20_000);
        }
        worker.backend(Echo.class).echo(1);
        final Long answered = manager.answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (answered == null)
        {
            throw new IllegalStateException(worker.name() + " did not answer after its restart");
        }
        return (answered - killed) / 1e6;
    }

    /** Runs one of each kind per round, the order turned each round; each figure is the median with its spread. */
    private static List<Result> interleave(final Map<String, Timed> kinds, final int rounds, final String unit)
        throws Exception
    {
        final List<String> names = new ArrayList<>(kinds.keySet());
        final double[][] values = new double[names.size()][rounds];
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < names.size(); k++)
            {
                final int kind = (round + k) % names.size();
                values[kind][round] = kinds.get(names.get(kind)).millis();
            }
        }
        final List<Result> results = new ArrayList<>();
        for (int kind = 0; kind < names.size(); kind++)
        {
            final double[] sorted = values[kind].clone();
            Arrays.sort(sorted);
            final StringBuilder runs = new StringBuilder();
            for (final double v : sorted)
            {
                runs.append(runs.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.1f", v));
            }
            System.out.println(names.get(kind) + " runs (" + unit + "): [" + runs + "]");
            results.add(Result.rate(names.get(kind), unit, values[kind]));
        }
        return results;
    }
}
