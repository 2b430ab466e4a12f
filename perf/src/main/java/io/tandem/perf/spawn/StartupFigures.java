package io.tandem.perf.spawn;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Result;
import io.tandem.perf.rtt.Hello;
import io.tandem.perf.rtt.PingPongProcess;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The start-up and idle figures of one backend ({@code spawn.one}, {@code idle-cpu.backend}), each beside the bare
 * JVMs of {@link BareJvm} started the same way; part of {@code ./tandem perf rtt}.
 */
public final class StartupFigures
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    private StartupFigures()
    {
    }

    /**
     * @return {@code spawn.one}, the median over {@code count} processes of ms from start() to the first reply,
     * and beside it, interleaved (A B C A B C ...), a bare Chronicle worker JVM started the same way from its
     * queues' creation to its first answer ({@code spawn.jvm-chronicle}) and an empty JVM ({@code spawn.jvm}).
     */
    public static List<Result> spawnOne(final int count) throws Exception
    {
        final double[] tandem = new double[count];
        final double[] chronicle = new double[count];
        final double[] empty = new double[count];
        BareJvm.prepare();
        for (int i = 0; i < count; i++)
        {
            try (PingPongProcess p = new PingPongProcess("spawn-" + i, ProcessOptions.defaults()))
            {
                final long start = System.nanoTime();
                p.start();
                p.backend(Hello.class).hello();
                final MessageObject reply = p.receive(WAIT);
                tandem[i] = (System.nanoTime() - start) / 1e6;
                if (!reply.name().equals("hello"))
                {
                    throw new IllegalStateException("unexpected reply " + reply);
                }
            }
            final long start = System.nanoTime();
            try (BareJvm bare = BareJvm.chronicle("spawn-" + i, List.of()))
            {
                bare.awaitAnswer(WAIT);
                chronicle[i] = (System.nanoTime() - start) / 1e6;
            }
            empty[i] = BareJvm.emptyMillis();
        }
        System.out.println("spawn.one runs (ms): " + Arrays.toString(sorted(tandem)));
        System.out.println("spawn.jvm-chronicle runs (ms): " + Arrays.toString(sorted(chronicle)));
        System.out.println("spawn.jvm runs (ms): " + Arrays.toString(sorted(empty)));
        return List.of(
            Result.value("spawn.one", "ms", sorted(tandem)[count / 2]),
            Result.value("spawn.jvm-chronicle", "ms", sorted(chronicle)[count / 2]),
            Result.value("spawn.jvm", "ms", sorted(empty)[count / 2]));
    }

    private static double[] sorted(final double[] values)
    {
        final double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * @return {@code idle-cpu.backend}, the percent of one core an idle backend uses in the default (back-off)
     * wait mode, and beside it {@code idle-cpu.chronicle-pauser}, a bare Chronicle worker waiting with
     * Chronicle's balanced pauser: both idle side by side, measured over the same {@code seconds} after 5 s for
     * start-up work (class loading, JIT compiles of the loop) to finish.
     */
    public static List<Result> idleCpu(final int seconds) throws Exception
    {
        try (PingPongProcess p = new PingPongProcess("idle", ProcessOptions.defaults());
             BareJvm bare = BareJvm.chronicle("idle", List.of()))
        {
            p.start();
            p.backend(Hello.class).hello();
            p.receive(WAIT);
            bare.awaitAnswer(WAIT);
            Thread.sleep(5_000);
            final long backendBefore = ProcessStats.cpuNanos(p.pid());
            final long bareBefore = ProcessStats.cpuNanos(bare.pid());
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final double elapsed = System.nanoTime() - start;
            return List.of(
                Result.value("idle-cpu.backend", "%", 100.0 * (ProcessStats.cpuNanos(p.pid()) - backendBefore) / elapsed),
                Result.value("idle-cpu.chronicle-pauser", "%", 100.0 * (ProcessStats.cpuNanos(bare.pid()) - bareBefore) / elapsed));
        }
    }

}
