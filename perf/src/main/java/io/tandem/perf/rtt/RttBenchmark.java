package io.tandem.perf.rtt;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.perf.Benchmark;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.Result;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./tandem perf rtt}: the round trip of a small command, frontend to backend and back, in the same
 * run beside its two baselines, each between two processes, all busy-spinning:
 * <ul>
 *   <li>{@code rtt.raw-shm}: a counter ping-ponged through one mapped file, the physical floor;</li>
 *   <li>{@code rtt.chronicle-queue}: a Chronicle method writer and reader on two queues, what Tandem's commands
 *       are made of;</li>
 *   <li>{@code rtt.tandem-command}: {@code backend(Ping.class).ping(v)} answered by a typed {@code pong(v)}.</li>
 * </ul>
 * The three are measured in interleaved runs (A B C A B C ...) so drift on a shared machine hits each
 * alike; samples are one per round trip after warm-up. Also {@code spawn.one} (start() to the first reply,
 * median of several) and {@code idle-cpu.backend} (an idle backend in the default wait mode, % of a core).
 */
public final class RttBenchmark implements Benchmark
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String name()
    {
        return "rtt";
    }

    @Override
    public String description()
    {
        return "command round trip beside raw shared memory and bare Chronicle Queue; spawn time; idle CPU";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int warmup = quick ? 20_000 : 100_000;
        final int samples = quick ? 30_000 : 200_000;
        final int runs = quick ? 1 : 3;
        final long[][] raw = new long[runs][];
        final long[][] chronicle = new long[runs][];
        final long[][] tandem = new long[runs][];
        for (int r = 0; r < runs; r++)
        {
            raw[r] = rawShm(warmup, samples);
            chronicle[r] = chronicleQueue(warmup, samples);
            tandem[r] = tandemCommand(warmup, samples);
        }
        final List<Result> results = new ArrayList<>();
        results.add(Result.latency("rtt.raw-shm", concat(raw)));
        results.add(Result.latency("rtt.chronicle-queue", concat(chronicle)));
        results.add(Result.latency("rtt.tandem-command", concat(tandem)));
        results.add(Result.value("spawn.one", "ms", spawnOne(quick ? 3 : 7)));
        results.add(Result.value("idle-cpu.backend", "%", idleCpu(quick ? 3 : 10)));
        return results;
    }

    static long[] rawShm(final int warmup, final int samples) throws IOException
    {
        final Path file = ChildJvm.shmFile("rtt-raw");
        try
        {
            final MappedByteBuffer buffer = RawShmPeer.map(file);
            try (ChildJvm peer = ChildJvm.start(RawShmPeer.class, file.toString()))
            {
                peer.awaitReady();
                final long[] out = new long[samples];
                long value = 0;
                for (int i = -warmup; i < samples; i++)
                {
                    final long start = System.nanoTime();
                    value++;
                    RawShmPeer.LONGS.setRelease(buffer, RawShmPeer.PING_OFFSET, value); // release: the peer acquires it
                    while ((long)RawShmPeer.LONGS.getAcquire(buffer, RawShmPeer.PONG_OFFSET) != value)
                    {
                        Thread.onSpinWait();
                    }
                    if (i >= 0)
                    {
                        out[i] = System.nanoTime() - start;
                    }
                }
                RawShmPeer.LONGS.setRelease(buffer, RawShmPeer.PING_OFFSET, -1L);
                return out;
            }
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    static long[] chronicleQueue(final int warmup, final int samples) throws IOException
    {
        final Path pingDir = ChildJvm.shmFile("rtt-ping");
        final Path pongDir = ChildJvm.shmFile("rtt-pong");
        try (ChronicleQueue pings = SingleChronicleQueueBuilder.binary(pingDir).build();
             ChronicleQueue pongs = SingleChronicleQueueBuilder.binary(pongDir).build();
             ChildJvm peer = ChildJvm.start(ChronicleQueuePeer.class, pingDir.toString(), pongDir.toString()))
        {
            peer.awaitReady();
            final Ping ping = pings.methodWriter(Ping.class);
            final long[] received = {0};
            final MethodReader reader = pongs.createTailer().methodReader((Pong)v -> received[0] = v);
            final long[] out = new long[samples];
            for (int i = -warmup; i < samples; i++)
            {
                final long value = i + warmup + 1L;
                final long start = System.nanoTime();
                ping.ping(value);
                while (received[0] != value)
                {
                    if (!reader.readOne())
                    {
                        Thread.onSpinWait();
                    }
                }
                if (i >= 0)
                {
                    out[i] = System.nanoTime() - start;
                }
            }
            ping.ping(-1);
            return out;
        }
        finally
        {
            io.tandem.runtime.FileTrees.deleteRecursively(pingDir);
            io.tandem.runtime.FileTrees.deleteRecursively(pongDir);
        }
    }

    public static long[] tandemCommand(final int warmup, final int samples)
    {
        final ProcessOptions busy = ProcessOptions.builder().waitMode(WaitMode.BUSY_SPIN).build();
        try (PingPongProcess p = new PingPongProcess("rtt-tandem", busy))
        {
            p.start();
            p.awaitStarted(WAIT);
            final Ping ping = p.backend(Ping.class);
            final long[] received = {0};
            final Pong handler = v -> received[0] = v;
            final long[] out = new long[samples];
            for (int i = -warmup; i < samples; i++)
            {
                final long value = i + warmup + 1L;
                final long start = System.nanoTime();
                ping.ping(value);
                while (received[0] != value)
                {
                    if (p.poll(handler) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                if (i >= 0)
                {
                    out[i] = System.nanoTime() - start;
                }
            }
            p.stop();
            return out;
        }
    }

    /** @return the median, over {@code count} processes, of ms from start() to the first reply. */
    static double spawnOne(final int count)
    {
        final double[] ms = new double[count];
        for (int i = 0; i < count; i++)
        {
            try (PingPongProcess p = new PingPongProcess("spawn-" + i, ProcessOptions.defaults()))
            {
                final long start = System.nanoTime();
                p.start();
                p.backend(Hello.class).hello();
                final MessageObject reply = p.receive(WAIT);
                ms[i] = (System.nanoTime() - start) / 1e6;
                if (!reply.name().equals("hello"))
                {
                    throw new IllegalStateException("unexpected reply " + reply);
                }
            }
        }
        Arrays.sort(ms);
        System.out.println("spawn.one runs (ms): " + Arrays.toString(ms));
        return ms[count / 2];
    }

    /** @return percent of one core an idle backend uses in the default (back-off) wait mode. */
    static double idleCpu(final int seconds) throws InterruptedException
    {
        try (PingPongProcess p = new PingPongProcess("idle", ProcessOptions.defaults()))
        {
            p.start();
            p.backend(Hello.class).hello();
            p.receive(WAIT);
            Thread.sleep(2_000); // let start-up work (JIT, class loading) finish
            final ProcessHandle backend = ProcessHandle.of(p.pid()).orElseThrow();
            final Duration before = backend.info().totalCpuDuration().orElseThrow();
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final Duration after = backend.info().totalCpuDuration().orElseThrow();
            final double elapsed = System.nanoTime() - start;
            return 100.0 * after.minus(before).toNanos() / elapsed;
        }
    }

    public static long[] concat(final long[][] runs)
    {
        int n = 0;
        for (final long[] r : runs)
        {
            n += r.length;
        }
        final long[] all = new long[n];
        int at = 0;
        for (final long[] r : runs)
        {
            System.arraycopy(r, 0, all, at, r.length);
            at += r.length;
        }
        return all;
    }

    @SuppressWarnings("unused")
    private static String jvm()
    {
        return ManagementFactory.getRuntimeMXBean().getVmVersion();
    }
}
