package io.tandem.perf.manager;

import io.tandem.ProcessOptions;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf manager.start}: only the start of the in-JVM fleet, repeated. Each round starts N in-JVM
 * workers and waits until all have answered ({@link Fleet}), closes them, then does the same with the Chronicle
 * fan-in peer ({@link ChronicleFanIn}: N threads, a command queue each, one shared reply queue), the order swapped
 * every round so neither side always runs first on a JIT the other warmed. The first round of each is reported on
 * its own ({@code .first}: it pays this JVM's one-time class loading and JIT), the other rounds as a median with
 * their spread. {@code manager} keeps its single start beside its idle-poll figures; this is the figure to quote for
 * the start. Quick runs: 200 workers, 3 rounds; full runs: 1000 workers, 5 rounds.
 */
public final class InJvmStartBenchmark implements Benchmark
{
    @Override
    public String name()
    {
        return "manager.start";
    }

    @Override
    public String description()
    {
        return "N in-JVM workers, start to all answered, rounds alternating with the Chronicle fan-in peer";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int count = quick ? 200 : 1000;
        final int rounds = quick ? 3 : 5;
        final String tandem = "start." + count + "-in-jvm-workers";
        final String peer = "start." + count + "-chronicle-fanin";
        final double[] tandemSeconds = new double[rounds];
        final double[] peerSeconds = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                tandemSeconds[round] = tandem(count, round);
                peerSeconds[round] = peer(count);
            }
            else
            {
                peerSeconds[round] = peer(count);
                tandemSeconds[round] = tandem(count, round);
            }
        }
        final List<Result> results = new ArrayList<>();
        results.add(Result.value(tandem + ".first", "s", tandemSeconds[0]).withBaselines(peer + ".first"));
        results.add(Result.value(peer + ".first", "s", peerSeconds[0]));
        results.add(Result.rate(tandem, "s", java.util.Arrays.copyOfRange(tandemSeconds, 1, rounds)).withBaselines(peer));
        results.add(Result.rate(peer, "s", java.util.Arrays.copyOfRange(peerSeconds, 1, rounds)));
        return results;
    }

    private static double tandem(final int count, final int round)
    {
        try (Fleet fleet = new Fleet("start" + round + "-", count, ProcessOptions.builder().inJvm().build()))
        {
            return fleet.secondsToAllAnswered;
        }
    }

    private static double peer(final int count) throws InterruptedException
    {
        try (ChronicleFanIn fanIn = new ChronicleFanIn(count))
        {
            return fanIn.secondsToAllAnswered();
        }
    }
}
