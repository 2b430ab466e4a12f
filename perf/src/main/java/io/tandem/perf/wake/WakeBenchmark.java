package io.tandem.perf.wake;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.perf.Benchmark;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.CodegenProbe;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Result;
import io.tandem.perf.Warmup;
import io.tandem.perf.rtt.Hello;
import io.tandem.perf.rtt.PingPongProcess;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.sync.SyncIndex;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./tandem perf wake}: what a user meets with default options, where traffic is not back to back.
 * <ul>
 *   <li>round trips with one request every 0, 100 us, 1 ms and 10 ms, and at random 5 to 15 ms apart
 *       ({@code @10ms-random}: no rhythm to predict), each side waiting in its default mode
 *       (the backend and the frontend asleep between requests), for a command answered by a reply
 *       ({@code wake.command@<spacing>}), a SyncIndex wait, a call with a result and a ring echo (a frame on one
 *       ring, answered on another, by a backend woken by the first ring's doorbell); beside a Java pipe ping-pong
 *       between two processes with blocking reads ({@code wake.pipe@<spacing>}), the kernel's own wake-up: the
 *       yardstick. Interleaved: at each spacing the five run in turn, twice;</li>
 *   <li>{@code wake.command-busy-spin@0}: the back-to-back round trip with both sides busy-spinning, beside
 *       which the default mode's back-to-back figure is judged;</li>
 *   <li>{@code idle-cpu.backend-parked}: an idle default backend's CPU, % of a core, beside an idle JVM that
 *       only sleeps ({@code idle-cpu.sleeping-jvm});</li>
 *   <li>{@code idle-cpu.manager-100-workers}: a JVM running a MainContext over 100 idle in-JVM workers, % of a core
 *       in all, beside a JVM that only sleeps ({@code idle-cpu.sleeping-jvm-beside-manager}).</li>
 * </ul>
 * The Python original (valkka-multiprocess, a pipe and select) cannot be installed on these machines; its
 * figures from the issue that asked for this benchmark are printed as a fixed reference, not measured.
 */
public final class WakeBenchmark implements Benchmark
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * One request every 0 (back to back), 100 us, 1 ms and 10 ms; a negative spacing is drawn at random, uniformly
     * from half to one and a half times its size (the same draws for every mechanism): traffic with no rhythm,
     * which a waiter's prediction of steady work ({@code Cadence} in the idle package) cannot learn.
     */
    private static final long[] SPACINGS_NS = {0, 100_000, 1_000_000, 10_000_000, -10_000_000};
    /** The seed of the random spacings: every mechanism, every run, meets the same ones. */
    private static final long SPACING_SEED = 0x5EED_7A4DL;

    @Override
    public String name()
    {
        return "wake";
    }

    /** Rounds of each mechanism at each spacing, the order moving on each round. */
    private static final int ROUNDS = 2;

    @Override
    public String description()
    {
        return "default-mode round trips at 0/100us/1ms/10ms/random 5-15ms spacing beside a Java pipe ping-pong; idle CPU";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final List<Result> results = new ArrayList<>();
        final Path ringIn = ChildJvm.shmFile("wake-ring-in");
        final Path ringOut = ChildJvm.shmFile("wake-ring-out");
        try (RingBuffer in = RingBuffer.create(ringIn).slotCount(64).slotSize(64).build();
             RingBuffer out = RingBuffer.create(ringOut).slotCount(64).slotSize(64).build();
             WakeProcess backend = new WakeProcess("wake", ProcessOptions.defaults(), ringIn, ringOut);
             PipeTrip pipe = new PipeTrip())
        {
            backend.start();
            backend.awaitStarted(WAIT);
            final RingProducer pings = in.producer();
            final RingConsumer pongs = out.consumer("frontend");
            final Map<String, Trip> trips = new LinkedHashMap<>();
            trips.put("pipe", pipe::roundTrip);
            trips.put("command", commandTrip(backend));
            trips.put("syncindex", v ->
            {
                try (SyncIndex i = new SyncIndex(backend.events))
                {
                    backend.backend(Wake.class).set(i.index());
                }
            });
            trips.put("call", v ->
            {
                if (backend.backend(Wake.class).square(v) != v * v)
                {
                    throw new IllegalStateException("wrong square");
                }
            });
            trips.put("ring", v -> ringTrip(pings, pongs, v));
            warmUp(trips, quick, backend.backend(CodegenProbe.class));
            final List<String> names = new ArrayList<>(trips.keySet());
            for (final long spacing : SPACINGS_NS)
            {
                final int samples = samples(spacing, quick);
                final Map<String, long[][]> rounds = new LinkedHashMap<>();
                for (final String name : names)
                {
                    rounds.put(name, new long[ROUNDS][]);
                }
                for (int round = 0; round < ROUNDS; round++)
                {
                    for (int k = 0; k < names.size(); k++)
                    {
                        // the order moves on each round, so no mechanism always runs first (or right after another)
                        final String name = names.get((k + round * 2) % names.size());
                        rounds.get(name)[round] = measure(trips.get(name), samples, spacing);
                    }
                }
                for (final Map.Entry<String, long[][]> r : rounds.entrySet())
                {
                    results.add(Result.latency("wake." + r.getKey() + "@" + label(spacing), concat(r.getValue())));
                }
            }
            pings.close();
            pongs.close();
        }
        finally
        {
            Files.deleteIfExists(ringIn);
            Files.deleteIfExists(ringOut);
        }
        results.add(Result.latency("wake.command-busy-spin@0", busySpinBackToBack(quick ? 20_000 : 200_000)));
        results.addAll(idleCpu(quick ? 3 : 10));
        results.addAll(managerIdleCpu(quick ? 3 : 10));
        printPythonReference();
        return results;
    }

    /** One round trip of value {@code v}. */
    @FunctionalInterface
    private interface Trip
    {
        void roundTrip(long v) throws Exception;
    }

    private static Trip commandTrip(final WakeProcess backend)
    {
        final long[] got = {0};
        final Woken handler = v -> got[0] = v;
        final Wake commands = backend.backend(Wake.class);
        return v ->
        {
            commands.ping(v);
            while (got[0] != v)
            {
                backend.receive(handler, WAIT);
            }
        };
    }

    private static void ringTrip(final RingProducer pings, final RingConsumer pongs, final long v)
    {
        pings.claim().putLong(0, v).publish(8, 0, 0L);
        final Frame frame = pongs.receive(WAIT);
        if (frame == null || frame.getLong(0) != v)
        {
            throw new IllegalStateException("ring echo lost " + v);
        }
        pongs.release();
    }

    /**
     * Back to back, then spaced so that both sides go to sleep each time, until the code paths (the sleeping and
     * waking ones too) are compiled, then on back to back until Tandem's background code generation has settled in
     * both JVMs ({@link Warmup}).
     */
    private static void warmUp(final Map<String, Trip> trips, final boolean quick, final CodegenProbe backend) throws Exception
    {
        final int rounds = quick ? 5_000 : 30_000;
        final int spaced = quick ? 3_000 : 15_000;
        for (final Trip t : trips.values())
        {
            for (int i = 0; i < rounds; i++)
            {
                t.roundTrip(i + 1);
            }
            for (int i = 0; i < spaced; i++)
            {
                LockSupport.parkNanos(100_000);
                t.roundTrip(rounds + i + 1);
            }
        }
        final long[] v = {rounds + spaced};
        Warmup.untilSettled(() ->
        {
            for (final Trip t : trips.values())
            {
                t.roundTrip(++v[0]);
            }
        }, 0, backend::codegenSettled);
    }

    private static long[] measure(final Trip trip, final int samples, final long spacingNs) throws Exception
    {
        final long[] out = new long[samples];
        final SplittableRandom random = new SplittableRandom(SPACING_SEED);
        for (int i = 0; i < samples; i++)
        {
            if (spacingNs != 0)
            {
                // both sides go idle (and, past their spin, to sleep)
                LockSupport.parkNanos(spacingNs > 0 ? spacingNs : -spacingNs / 2 + random.nextLong(-spacingNs));
            }
            final long start = System.nanoTime();
            trip.roundTrip(start);
            out[i] = System.nanoTime() - start;
        }
        return out;
    }

    private static int samples(final long spacingNs, final boolean quick)
    {
        if (spacingNs == 0)
        {
            return quick ? 5_000 : 50_000;
        }
        final long budgetNs = TimeUnit.MILLISECONDS.toNanos(quick ? 300 : 2_500); // per run, per mechanism
        return (int)Math.max(quick ? 20 : 100, budgetNs / Math.abs(spacingNs));
    }

    private static String label(final long spacingNs)
    {
        if (spacingNs < 0)
        {
            return label(-spacingNs) + "-random";
        }
        return spacingNs == 0 ? "0" : spacingNs < 1_000_000 ? spacingNs / 1000 + "us" : spacingNs / 1_000_000 + "ms";
    }

    private static long[] busySpinBackToBack(final int samples) throws Exception
    {
        try (WakeProcess p = new WakeProcess("wake-spin", ProcessOptions.builder().waitMode(WaitMode.BUSY_SPIN).build(),
            null, null))
        {
            p.start();
            p.awaitStarted(WAIT);
            final Trip trip = commandTrip(p);
            final long[] v = {0};
            Warmup.untilSettled(() -> trip.roundTrip(++v[0]), 30_000, p.backend(CodegenProbe.class)::codegenSettled);
            return measure(trip, samples, 0);
        }
    }

    /**
     * @return an idle default backend's CPU, % of a core, and beside it a JVM that only sleeps, over the same
     * window after 5 s of settling.
     */
    private static List<Result> idleCpu(final int seconds) throws Exception
    {
        try (PingPongProcess p = new PingPongProcess("idle-parked", ProcessOptions.defaults());
             ChildJvm sleeper = ChildJvm.start(SleepingJvm.class))
        {
            p.start();
            p.backend(Hello.class).hello();
            final MessageObject hello = p.receive(WAIT);
            sleeper.awaitReady();
            Thread.sleep(5_000);
            final long backendBefore = ProcessStats.cpuNanos(p.pid());
            final long sleeperBefore = ProcessStats.cpuNanos(sleeper.process().pid());
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final double elapsed = System.nanoTime() - start;
            final double backend = 100.0 * (ProcessStats.cpuNanos(p.pid()) - backendBefore) / elapsed;
            final double sleeping = 100.0 * (ProcessStats.cpuNanos(sleeper.process().pid()) - sleeperBefore) / elapsed;
            sleeper.process().destroy();
            System.out.printf(Locale.ROOT, "idle: a parked backend %.4f %% of a core (reply %s), a sleeping JVM %.4f %%%n",
                backend, hello.name(), sleeping);
            return List.of(Result.value("idle-cpu.backend-parked", "%", backend),
                Result.value("idle-cpu.sleeping-jvm", "%", sleeping));
        }
    }

    /**
     * @return the CPU of a JVM running a MainContext over 100 idle in-JVM workers, % of a core in all, beside a JVM
     * that only sleeps, over the same window after 5 s of settling.
     */
    private static List<Result> managerIdleCpu(final int seconds) throws Exception
    {
        try (ChildJvm manager = ChildJvm.start(IdleManagerMain.class, "100");
             ChildJvm sleeper = ChildJvm.start(SleepingJvm.class))
        {
            manager.awaitReady();
            sleeper.awaitReady();
            Thread.sleep(5_000);
            final long managerBefore = ProcessStats.cpuNanos(manager.process().pid());
            final long sleeperBefore = ProcessStats.cpuNanos(sleeper.process().pid());
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final double elapsed = System.nanoTime() - start;
            final double cpu = 100.0 * (ProcessStats.cpuNanos(manager.process().pid()) - managerBefore) / elapsed;
            final double sleeping = 100.0 * (ProcessStats.cpuNanos(sleeper.process().pid()) - sleeperBefore) / elapsed;
            System.out.printf(Locale.ROOT, "idle: a MainContext over 100 idle in-JVM workers %.4f %% of a core in all, " +
                "a sleeping JVM %.4f %%%n", cpu, sleeping);
            return List.of(Result.value("idle-cpu.manager-100-workers", "%", cpu),
                Result.value("idle-cpu.sleeping-jvm-beside-manager", "%", sleeping));
        }
    }

    private static void printPythonReference()
    {
        System.out.println("reference, not measured here (the Python original, valkka-multiprocess: a pipe and select, " +
            "from the issue that asked for this benchmark): p50 / p99 back to back 102 us / 344 us, one every 1 ms " +
            "31 us / 216 us, one every 10 ms 42 us / 539 us");
    }

    private static long[] concat(final long[][] runs)
    {
        return io.tandem.perf.rtt.RttBenchmark.concat(runs);
    }

    /** A Java pipe ping-pong with a peer JVM: one byte each way, blocking reads. */
    private static final class PipeTrip implements AutoCloseable
    {
        private final ChildJvm peer;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] one = new byte[1];

        PipeTrip() throws Exception
        {
            peer = ChildJvm.startRaw(PipePeer.class); // its stdout carries the ping-pong's bytes after READY
            peer.awaitReady();
            out = peer.process().getOutputStream();
            in = peer.process().getInputStream();
        }

        void roundTrip(final long v) throws Exception
        {
            one[0] = (byte)v;
            out.write(one);
            out.flush();
            if (in.read(one) != 1)
            {
                throw new IllegalStateException("pipe peer gone");
            }
        }

        @Override
        public void close() throws Exception
        {
            out.close();
            peer.close();
        }
    }
}
