package io.tandem.perf.ring;

import io.tandem.idle.WaitMode;
import io.tandem.perf.Benchmark;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.Result;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.UnsafeMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./tandem perf ring}: the Tandem ring buffer between processes, beside its baselines measured in the same
 * run, every process busy-spinning:
 * <ul>
 *   <li>{@code ring.64B.tandem} / {@code ring.64B.agrona}: 64-byte messages from a producer process to a consumer
 *       process that reads every long of every message, msg/s. Tandem: 2048 slots, BLOCK; Agrona:
 *       {@code OneToOneRingBuffer} of 128 KiB (about 1800 messages). Both over a file in /dev/shm.</li>
 *   <li>{@code ring.1MiB.tandem} / {@code ring.1MiB.agrona}: 1 MiB messages, the producer copying each in from a
 *       buffer and the consumer copying each out, GB/s (10^9 bytes of payload); 8 slots / 8 MiB.</li>
 *   <li>{@code bandwidth.memcpy}: one thread copying 1 MiB blocks into 8 rotating 1 MiB buffers, GB/s.</li>
 *   <li>{@code ring.fanout-3.tandem}: 64-byte frames from one producer process to three consumer processes,
 *       msg/s per consumer (yielding instead of spinning on machines with fewer than 4 cores), beside
 *       {@code ring.64B.tandem}, the same frames to one consumer.</li>
 *   <li>{@code rtt.ring}: an 8-byte ping through one ring and its echo back through another, ns per round trip,
 *       beside {@code rtt.raw-shm-ring}: two processes ping-ponging one mapped long (the floor).</li>
 * </ul>
 * Throughput: producer and consumers are fresh processes under the same flags (this one only orchestrates).
 * Tandem and Agrona are measured by the same two processes in alternate windows (T A T A ...), so that both see
 * the same cores and the same drift of a shared machine; the ratio is the median of the window pairs' ratios. The
 * first windows are warm-up; figures are medians over windows and rounds (each round a new pair of processes).
 * The consumer checks every message's number. Latency: one sample per round trip after warm-up; raw and ring
 * measured by the same two processes in alternate blocks of round trips.
 */
public final class RingBenchmark implements Benchmark
{
    private static final int SMALL = 64;
    private static final int LARGE = 1 << 20;
    private static final int SMALL_SLOTS = 2048;
    private static final int AGRONA_SMALL_CAPACITY = 128 * 1024;
    private static final int LARGE_SLOTS = 8;
    private static final int WARMUP_WINDOWS = 2;
    /**
     * Large copies take gigabytes to reach their steady speed on the VM this was written on (a plain two-thread
     * copy pipeline, no ring involved, starts at 1-5 GB/s and settles near 30 GB/s): warm up longer.
     */
    private static final int LARGE_WARMUP_WINDOWS = 5;
    /**
     * The fan-out runs four processes: busy-spinning ones starve each other on a machine with fewer cores (on two
     * cores, 0.26 M frames/s instead of 11-20 M), so there the fan-out spins with {@link Thread#yield()}.
     */
    private static final WaitMode FANOUT_WAIT = Runtime.getRuntime().availableProcessors() >= 4 ? WaitMode.BUSY_SPIN : WaitMode.YIELD;

    @Override
    public String name()
    {
        return "ring";
    }

    @Override
    public String description()
    {
        return "ring buffer between processes beside Agrona's OneToOneRingBuffer, memcpy and raw shared memory";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int rounds = quick ? 1 : 5;
        final int pairs = quick ? 2 : 4;
        final long smallWindow = quick ? 1_000_000 : 2_000_000;
        final long largeWindow = quick ? 300 : 1_000;
        final Pairs small = new Pairs();
        final Pairs large = new Pairs();
        final List<Double> memcpy = new ArrayList<>();
        final List<Double> memcpyRatios = new ArrayList<>();
        final List<Double> fanout = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            ab(small, SMALL, SMALL_SLOTS, AGRONA_SMALL_CAPACITY, smallWindow, WARMUP_WINDOWS, pairs);
            final Pairs roundLarge = new Pairs();
            ab(roundLarge, LARGE, LARGE_SLOTS, LARGE_SLOTS * LARGE, largeWindow, LARGE_WARMUP_WINDOWS, pairs);
            large.addAll(roundLarge);
            final List<Double> copy = memcpy(LARGE, LARGE_SLOTS, largeWindow, LARGE_WARMUP_WINDOWS + pairs);
            memcpy.addAll(copy);
            memcpyRatios.add(median(roundLarge.tandem) / median(copy));
            fanout.addAll(tandem(SMALL, SMALL_SLOTS, smallWindow / 2, WARMUP_WINDOWS + pairs, 3, FANOUT_WAIT));
        }
        final int rttBlock = quick ? 10_000 : 20_000;
        final int rttBlocks = quick ? 6 : 11;
        final long[][] raw = new long[rounds][];
        final long[][] ring = new long[rounds][];
        for (int round = 0; round < rounds; round++)
        {
            final long[][] samples = rtt(rttBlock, rttBlocks);
            raw[round] = samples[0];
            ring[round] = samples[1];
        }

        final List<Result> results = new ArrayList<>();
        results.add(Result.value("ring.64B.tandem", "msg/s", median(small.tandem)));
        results.add(Result.value("ring.64B.agrona", "msg/s", median(small.agrona)));
        results.add(Result.value("ring.1MiB.tandem", "GB/s", median(large.tandem) * LARGE / 1e9));
        results.add(Result.value("ring.1MiB.agrona", "GB/s", median(large.agrona) * LARGE / 1e9));
        results.add(Result.value("bandwidth.memcpy", "GB/s", median(memcpy) * LARGE / 1e9));
        results.add(Result.value("ring.fanout-3.tandem", "msg/s", median(fanout))); // per consumer, beside 1 consumer
        final Result ringLatency = Result.latency("rtt.ring", concat(ring));
        final Result rawLatency = Result.latency("rtt.raw-shm-ring", concat(raw));
        results.add(ringLatency);
        results.add(rawLatency);

        System.out.printf(Locale.ROOT, "ratios: 64B tandem/agrona %.2f (median of %d window pairs; target >= 1.0); " +
                "1MiB tandem/agrona %.2f (median of %d pairs; >= 1.0); 1MiB tandem/memcpy %.2f (median of rounds %s; >= 0.8); " +
                "rtt p50 ring/raw %.2f (<= 2.0)%n",
            median(small.ratios), small.ratios.size(), median(large.ratios), large.ratios.size(), median(memcpyRatios),
            list(memcpyRatios), ringLatency.get("p50") / rawLatency.get("p50"));
        System.out.printf(Locale.ROOT, "spread over measured windows (min..max): 64B tandem %s, agrona %s msg/s; " +
                "1MiB tandem %s, agrona %s, memcpy %s GB/s; fanout %s frames/s per consumer%n",
            range(small.tandem, 1), range(small.agrona, 1), range(large.tandem, LARGE / 1e9), range(large.agrona, LARGE / 1e9),
            range(memcpy, LARGE / 1e9), range(fanout, 1));
        return results;
    }

    /** @return messages per second of each measured window of each of {@code consumers} consumer processes. */
    private static List<Double> tandem(
        final int size, final int slots, final long window, final int windows, final int consumers, final WaitMode waitMode)
        throws Exception
    {
        final Path path = ChildJvm.shmFile("ring-tandem-" + size);
        final List<Peer> peers = new ArrayList<>();
        try (RingBuffer ignored = RingBuffer.create(path).slotCount(slots).slotSize(size).policy(RingPolicy.BLOCK).build())
        {
            for (int c = 0; c < consumers; c++)
            {
                final Peer consumer = Peer.start("tandem-consume", path.toString(), "c" + c, Long.toString(window),
                    Integer.toString(windows), size == SMALL ? "sum" : "copy", waitMode.name());
                peers.add(consumer);
            }
            for (final Peer consumer : peers)
            {
                consumer.awaitReady(); // registered: it will see the first message
            }
            final Peer producer = Peer.start("tandem-produce", path.toString(), Integer.toString(size), Long.toString(window * windows),
                waitMode.name());
            peers.add(producer);
            producer.awaitReady();
            return rates(peers.subList(0, consumers), window, windows, warmup(size));
        }
        finally
        {
            for (final Peer peer : peers)
            {
                peer.close();
            }
            Files.deleteIfExists(path);
        }
    }

    /**
     * One producer process and one consumer process measure Tandem and Agrona in alternate windows (T A T A ...),
     * so that both see the same cores and the same drift; adds the measured windows and their pairwise ratios.
     */
    private static void ab(
        final Pairs pairs, final int size, final int slots, final int agronaCapacity, final long window, final int warmup, final int measured)
        throws Exception
    {
        final Path tandemPath = ChildJvm.shmFile("ring-ab-tandem-" + size);
        final Path agronaPath = ChildJvm.shmFile("ring-ab-agrona-" + size);
        final int total = warmup + measured;
        try (RingBuffer ignored = RingBuffer.create(tandemPath).slotCount(slots).slotSize(size).policy(RingPolicy.BLOCK).build();
             Peer consumer = Peer.start("ab-consume", tandemPath.toString(), agronaPath.toString(), Integer.toString(agronaCapacity),
                 Long.toString(window), Integer.toString(total), size == SMALL ? "sum" : "copy"))
        {
            consumer.awaitReady(); // registered on the Tandem ring, Agrona file created
            try (Peer producer = Peer.start("ab-produce", tandemPath.toString(), agronaPath.toString(), Integer.toString(size),
                Long.toString(window), Integer.toString(total)))
            {
                producer.awaitReady();
                for (int pair = 0; pair < total; pair++)
                {
                    final double tandem = Double.parseDouble(consumer.awaitLine("RATE tandem ").substring(12));
                    final double agrona = Double.parseDouble(consumer.awaitLine("RATE agrona ").substring(12));
                    if (pair >= warmup)
                    {
                        pairs.tandem.add(tandem);
                        pairs.agrona.add(agrona);
                        pairs.ratios.add(tandem / agrona);
                    }
                }
                final String errors = consumer.awaitLine("ERRORS ");
                if (!"ERRORS 0".equals(errors))
                {
                    throw new IllegalStateException("the consumer found messages out of sequence: " + errors);
                }
            }
        }
        finally
        {
            Files.deleteIfExists(tandemPath);
            Files.deleteIfExists(agronaPath);
        }
    }

    /** Windows of an A/B measurement: Tandem's and Agrona's rates, and their ratio pair by pair. */
    private static final class Pairs
    {
        final List<Double> tandem = new ArrayList<>();
        final List<Double> agrona = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();

        void addAll(final Pairs other)
        {
            tandem.addAll(other.tandem);
            agrona.addAll(other.agrona);
            ratios.addAll(other.ratios);
        }
    }

    private static List<Double> rates(final List<Peer> consumers, final long window, final int windows, final int warmup)
        throws IOException
    {
        final List<Double> rates = new ArrayList<>();
        for (final Peer consumer : consumers)
        {
            for (int w = 0; w < windows; w++)
            {
                final String[] line = consumer.awaitLine("RATE ").split(" ");
                final long last = window * (w + 1);
                final long expected = last * (last + 1) / 2;
                if (Long.parseLong(line[2]) != expected)
                {
                    throw new IllegalStateException("consumer read a sum of " + line[2] + " after " + last + " messages, expected " + expected);
                }
                if (w >= warmup)
                {
                    rates.add(Double.parseDouble(line[1]));
                }
            }
        }
        return rates;
    }

    /** @return 1 MiB copies per second, into {@code buffers} rotating destinations (the ring's working set). */
    private static List<Double> memcpy(final int size, final int buffers, final long window, final int windows)
    {
        final ByteBuffer source = ByteBuffer.allocateDirect(size);
        final ByteBuffer destination = ByteBuffer.allocateDirect(size * buffers);
        final long from = Jvm.address(source);
        final long to = Jvm.address(destination);
        final List<Double> rates = new ArrayList<>();
        long sequence = 0;
        for (int w = 0; w < windows; w++)
        {
            final long start = System.nanoTime();
            for (long i = 0; i < window; i++)
            {
                UnsafeMemory.MEMORY.writeLong(from, ++sequence);
                UnsafeMemory.UNSAFE.copyMemory(from, to + (sequence & (buffers - 1)) * size, size);
            }
            if (w >= warmup(size))
            {
                rates.add(window * 1e9 / (System.nanoTime() - start));
            }
        }
        if (UnsafeMemory.MEMORY.readLong(to + (sequence & (buffers - 1)) * size) != sequence)
        {
            throw new IllegalStateException("memcpy baseline copied nothing");
        }
        return rates;
    }

    /**
     * Round trips through two rings and on one mapped long, measured by the same two processes in alternate blocks
     * (raw, ring, raw, ring ...), one sample per round trip; the first block of each is warm-up.
     *
     * @return {raw samples, ring samples}, ns.
     */
    private static long[][] rtt(final int blockSize, final int blocks) throws Exception
    {
        final Path rawPath = ChildJvm.shmFile("ring-rtt-raw");
        final Path pingPath = ChildJvm.shmFile("ring-rtt-ping");
        final Path pongPath = ChildJvm.shmFile("ring-rtt-pong");
        try
        {
            final MappedByteBuffer raw;
            try (FileChannel channel = FileChannel.open(rawPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                raw = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
            }
            try (RingBuffer pings = RingBuffer.create(pingPath).slotCount(64).slotSize(8).waitMode(WaitMode.BUSY_SPIN).build();
                 RingBuffer pongs = RingBuffer.create(pongPath).slotCount(64).slotSize(8).waitMode(WaitMode.BUSY_SPIN).build();
                 RingConsumer consumer = pongs.consumer("pinger");
                 RingProducer producer = pings.producer();
                 Peer peer = Peer.start("rtt-echo", rawPath.toString(), pingPath.toString(), pongPath.toString()))
            {
                peer.awaitReady();
                final long[] rawSamples = new long[blockSize * (blocks - 1)];
                final long[] ringSamples = new long[blockSize * (blocks - 1)];
                long value = 1;
                for (int block = 0; block < blocks; block++)
                {
                    final int offset = (block - 1) * blockSize;
                    for (int i = 0; i < blockSize; i++, value += 2)
                    {
                        final long start = System.nanoTime();
                        RingPeer.LONGS.setRelease(raw, 0, value); // release: the peer acquires it
                        while ((long)RingPeer.LONGS.getAcquire(raw, 0) != value + 1) // acquire: pairs with the peer's release
                        {
                            Thread.onSpinWait();
                        }
                        final long end = System.nanoTime();
                        if (block > 0)
                        {
                            rawSamples[offset + i] = end - start;
                        }
                    }
                    RingPeer.LONGS.setRelease(raw, 0, RingPeer.SWITCH);
                    while ((long)RingPeer.LONGS.getAcquire(raw, 0) != RingPeer.SWITCHED)
                    {
                        Thread.onSpinWait();
                    }
                    for (int i = 0; i <= blockSize; i++)
                    {
                        final long ping = i < blockSize ? value + 2L * i : RingPeer.SWITCH;
                        final long start = System.nanoTime();
                        producer.claim().putLong(0, ping).publish(8, 0, 0L);
                        Frame frame;
                        while ((frame = consumer.tryReceive()) == null)
                        {
                            Thread.onSpinWait();
                        }
                        final long echoed = frame.getLong(0);
                        consumer.release();
                        final long end = System.nanoTime();
                        if (echoed != ping)
                        {
                            throw new IllegalStateException("echo " + echoed + " for " + ping);
                        }
                        if (block > 0 && i < blockSize)
                        {
                            ringSamples[offset + i] = end - start;
                        }
                    }
                }
                RingPeer.LONGS.setRelease(raw, 0, RingPeer.STOP);
                return new long[][] {rawSamples, ringSamples};
            }
        }
        finally
        {
            Files.deleteIfExists(rawPath);
            Files.deleteIfExists(pingPath);
            Files.deleteIfExists(pongPath);
        }
    }

    private static int warmup(final int size)
    {
        return size == LARGE ? LARGE_WARMUP_WINDOWS : WARMUP_WINDOWS;
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String range(final List<Double> values, final double scale)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%.3g..%.3g", sorted[0] * scale, sorted[sorted.length - 1] * scale);
    }

    private static String list(final List<Double> values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (final double v : values)
        {
            sb.append(sb.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return sb.append(']').toString();
    }

    private static long[] concat(final long[][] parts)
    {
        long[] all = new long[0];
        for (final long[] part : parts)
        {
            final int from = all.length;
            all = Arrays.copyOf(all, from + part.length);
            System.arraycopy(part, 0, all, from, part.length);
        }
        return all;
    }
}
