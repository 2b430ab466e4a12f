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

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tandem perf ring}: the Tandem ring buffer between processes, beside its peers measured in the same run by
 * the same processes, in turn, every process busy-spinning (Tandem {@link WaitMode#BUSY_SPIN}, Agrona's
 * {@code BusySpinIdleStrategy}):
 * <ul>
 *   <li>{@code ring.64B.tandem}: 64-byte messages from a producer process to a consumer process that reads every
 *       long of every message, msg/s; 2048 slots, BLOCK, polled up to 256 frames at a time. Peers: Agrona's
 *       {@code OneToOneRingBuffer} of 128 KiB (about 1800 messages, the same memory) over a file in /dev/shm, read
 *       with a limit of 1 ({@code ring.64B.agrona-limit1}) and of 256 ({@code ring.64B.agrona-limit256}).</li>
 *   <li>{@code ring.fanout-3.tandem}: the same 64-byte messages, window and wait mode, to three consumer processes
 *       (the windows' consumer and two more), msg/s per consumer; peer {@code ring.64B.tandem}, measured in the
 *       windows around it. Four processes spin: on fewer than four cores they take turns on them.</li>
 *   <li>{@code ring.1MiB.tandem}: 1 MiB messages, the producer copying each in from a buffer and the consumer
 *       copying each out, GB/s (10^9 bytes of payload); 8 slots. Peers: Agrona over 8 MiB read with limits 1 and 256
 *       ({@code ring.1MiB.agrona-limit1}, {@code -limit256}; {@code read} releases a batch's space only when it
 *       returns, so 256 holds the producer back for the whole drain), and {@code bandwidth.memcpy-cached}: the
 *       consumer alone copying 1 MiB blocks into 8 rotating 1 MiB buffers (the ring's working set: cache-resident
 *       where the last-level cache holds 9 MiB), one copy where the ring makes two.</li>
 *   <li>{@code rtt.ring}: an 8-byte ping through one ring and its echo back through another, ns per round trip,
 *       beside {@code rtt.raw-shm-ring}: two processes ping-ponging one mapped long (the floor).</li>
 * </ul>
 * Throughput: a producer and a consumer process (fresh each round, under the same flags; this one only
 * orchestrates) take the alternatives in turn, one window of messages each, the order turning by one each pair of
 * windows (A B C D, B C D A, ...), so that all see the same cores and drift of a shared machine and none always
 * goes first. The first pairs are warm-up. Every rate is the median of its measured windows over all rounds, with
 * their spread ({@link Result#rate}); the console adds the median of the pair-by-pair ratios. The consumers check
 * every message's number. Latency: one sample per round trip after warm-up; raw and ring measured by the same two
 * processes in alternate blocks of round trips.
 */
public final class RingBenchmark implements Benchmark
{
    private static final int SMALL = 64;
    private static final int LARGE = 1 << 20;
    private static final int SMALL_SLOTS = 2048;
    private static final int AGRONA_SMALL_CAPACITY = 128 * 1024;
    private static final int LARGE_SLOTS = 8;
    /** Agrona's read limits: 256, as many frames as a Tandem poll takes here; 1, each record's space released at once. */
    private static final int[] AGRONA_LIMITS = {1, 256};
    private static final int WARMUP_PAIRS = 2;
    /**
     * Large copies take gigabytes to reach their steady speed on the VM this was written on (a plain two-thread
     * copy pipeline, no ring involved, starts at 1-5 GB/s and settles near 30 GB/s): warm up longer.
     */
    private static final int LARGE_WARMUP_PAIRS = 5;

    @Override
    public String name()
    {
        return "ring";
    }

    @Override
    public String description()
    {
        return "ring buffer between processes beside Agrona's OneToOneRingBuffer (read limits 1 and 256), memcpy and raw shared memory";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int rounds = quick ? 1 : 5;
        final int measured = quick ? 2 : 4; // 4: each of the 4 alternatives takes each place once per round
        // quick: short enough that the fan-out's windows stay short where its four spinning processes share two cores
        final long smallWindow = quick ? 500_000 : 2_000_000;
        final long largeWindow = quick ? 300 : 1_000;
        final Windows small = new Windows();
        final Windows large = new Windows();
        for (int round = 0; round < rounds; round++)
        {
            small.addAll(windows(SMALL, SMALL_SLOTS, AGRONA_SMALL_CAPACITY, smallWindow, WARMUP_PAIRS, measured));
            large.addAll(windows(LARGE, LARGE_SLOTS, LARGE_SLOTS * LARGE, largeWindow, LARGE_WARMUP_PAIRS, measured));
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

        final String agrona1 = Alternative.agronaName(AGRONA_LIMITS[0]);
        final String agrona256 = Alternative.agronaName(AGRONA_LIMITS[1]);
        final double gb = LARGE / 1e9;
        final List<Result> results = new ArrayList<>();
        results.add(Result.rate("ring.64B.tandem", "msg/s", small.all(Alternative.TANDEM, 1)));
        results.add(Result.rate("ring.64B." + agrona1, "msg/s", small.all(agrona1, 1)));
        results.add(Result.rate("ring.64B." + agrona256, "msg/s", small.all(agrona256, 1)));
        results.add(Result.rate("ring.fanout-3.tandem", "msg/s", small.all(Alternative.FANOUT, 1))); // per consumer
        results.add(Result.rate("ring.1MiB.tandem", "GB/s", large.all(Alternative.TANDEM, gb)));
        results.add(Result.rate("ring.1MiB." + agrona1, "GB/s", large.all(agrona1, gb)));
        results.add(Result.rate("ring.1MiB." + agrona256, "GB/s", large.all(agrona256, gb)));
        results.add(Result.rate("bandwidth.memcpy-cached", "GB/s", large.all(Alternative.MEMCPY, gb)));
        final Result ringLatency = Result.latency("rtt.ring", concat(ring));
        final Result rawLatency = Result.latency("rtt.raw-shm-ring", concat(raw));
        results.add(ringLatency);
        results.add(rawLatency);

        System.out.printf(Locale.ROOT, "ratios, median of %d window pairs: 64B tandem/%s %.2f, tandem/%s %.2f (target >= 1.0), " +
                "fanout-3/tandem %.2f; 1MiB tandem/%s %.2f, tandem/%s %.2f (>= 1.0), tandem/memcpy-cached %.2f (>= 0.8); " +
                "rtt p50 ring/raw %.2f (<= 2.0)%n",
            small.ratios(Alternative.TANDEM, agrona1).size(),
            agrona1, median(small.ratios(Alternative.TANDEM, agrona1)), agrona256, median(small.ratios(Alternative.TANDEM, agrona256)),
            median(small.ratios(Alternative.FANOUT, Alternative.TANDEM)),
            agrona1, median(large.ratios(Alternative.TANDEM, agrona1)), agrona256, median(large.ratios(Alternative.TANDEM, agrona256)),
            median(large.ratios(Alternative.TANDEM, Alternative.MEMCPY)), ringLatency.get("p50") / rawLatency.get("p50"));
        return results;
    }

    /**
     * One round of the window harness for one message size: a Tandem ring, Agrona rings read with each limit, and
     * either the fan-out ring (64 B) or the memcpy floor (1 MiB), taken in turn by one producer and one consumer
     * process (and, for the fan-out, two more consumer processes that read only in its windows).
     *
     * @return the measured windows' rates (msg/s), by alternative.
     */
    private static Windows windows(
        final int size, final int slots, final int agronaCapacity, final long window, final int warmup, final int measured)
        throws Exception
    {
        final List<Alternative> alternatives = new ArrayList<>();
        alternatives.add(Alternative.tandem(ChildJvm.shmFile("ring-" + size + "-tandem")));
        for (final int limit : AGRONA_LIMITS)
        {
            alternatives.add(Alternative.agrona(limit, ChildJvm.shmFile("ring-" + size + "-agrona-limit" + limit)));
        }
        alternatives.add(size == SMALL ? Alternative.fanout(ChildJvm.shmFile("ring-" + size + "-fanout")) : Alternative.memcpy());
        final int pairs = warmup + measured;
        final String work = size == SMALL ? "sum" : "copy";
        final List<AutoCloseable> open = new ArrayList<>(); // closed last first: peers exit before their rings go
        try
        {
            for (final Alternative alternative : alternatives)
            {
                if (alternative.isTandem())
                {
                    open.add(RingBuffer.create(Paths.get(alternative.path)).slotCount(slots).slotSize(size).policy(RingPolicy.BLOCK).build());
                }
            }
            final List<String> consume = new ArrayList<>(List.of("windows-consume", Integer.toString(size), Integer.toString(slots),
                Integer.toString(agronaCapacity), Long.toString(window), Integer.toString(pairs), work));
            consume.addAll(Alternative.tokens(alternatives));
            final Peer consumer = Peer.start(consume.toArray(new String[0]));
            open.add(consumer);
            consumer.awaitReady(); // registered on the Tandem rings, Agrona files created
            final List<Peer> fanout = new ArrayList<>();
            for (final Alternative alternative : alternatives)
            {
                for (int c = 1; alternative.name.equals(Alternative.FANOUT) && c < Alternative.FANOUT_CONSUMERS; c++)
                {
                    final Peer more = Peer.start("fanout-consume", alternative.path, "fanout" + c, Long.toString(window),
                        Integer.toString(pairs), work);
                    open.add(more);
                    fanout.add(more);
                    more.awaitReady(); // registered: it will see the first message
                }
            }
            final List<String> produce = new ArrayList<>(List.of("windows-produce", Integer.toString(size), Long.toString(window),
                Integer.toString(pairs)));
            produce.addAll(Alternative.tokens(alternatives));
            final Peer producer = Peer.start(produce.toArray(new String[0]));
            open.add(producer);
            producer.awaitReady();

            final Windows windows = new Windows();
            for (int pair = 0; pair < pairs; pair++)
            {
                for (int position = 0; position < alternatives.size(); position++)
                {
                    final String name = alternatives.get(Alternative.turn(pair, position, alternatives.size())).name;
                    final List<Peer> others = name.equals(Alternative.FANOUT) ? fanout : List.of();
                    for (final Peer more : others)
                    {
                        more.send("GO"); // its turn: the consumer has finished the window before
                    }
                    final List<Double> rates = new ArrayList<>();
                    rates.add(rate(consumer, name));
                    for (final Peer more : others)
                    {
                        rates.add(rate(more, name));
                    }
                    if (pair >= warmup)
                    {
                        windows.add(name, rates);
                    }
                }
            }
            checkErrors(consumer);
            for (final Peer more : fanout)
            {
                checkErrors(more);
            }
            return windows;
        }
        finally
        {
            for (int i = open.size() - 1; i >= 0; i--)
            {
                open.get(i).close();
            }
            for (final Alternative alternative : alternatives)
            {
                if (alternative.path != null)
                {
                    Files.deleteIfExists(Paths.get(alternative.path));
                }
            }
        }
    }

    private static double rate(final Peer peer, final String alternative) throws IOException
    {
        final String prefix = "RATE " + alternative + " ";
        return Double.parseDouble(peer.awaitLine(prefix).substring(prefix.length()));
    }

    private static void checkErrors(final Peer consumer) throws IOException
    {
        final String errors = consumer.awaitLine("ERRORS ");
        if (!"ERRORS 0".equals(errors))
        {
            throw new IllegalStateException("a consumer found messages out of sequence: " + errors);
        }
    }

    /** Measured windows of the window harness, by alternative: every consumer's rate, and one figure per window. */
    private static final class Windows
    {
        private final Map<String, List<Double>> all = new LinkedHashMap<>();
        private final Map<String, List<Double>> perWindow = new LinkedHashMap<>();

        /** @param rates one rate per consumer that read the window (three for the fan-out). */
        void add(final String alternative, final List<Double> rates)
        {
            all.computeIfAbsent(alternative, a -> new ArrayList<>()).addAll(rates);
            perWindow.computeIfAbsent(alternative, a -> new ArrayList<>()).add(median(rates));
        }

        void addAll(final Windows other)
        {
            other.all.forEach((a, rates) -> all.computeIfAbsent(a, x -> new ArrayList<>()).addAll(rates));
            other.perWindow.forEach((a, rates) -> perWindow.computeIfAbsent(a, x -> new ArrayList<>()).addAll(rates));
        }

        /** @return every measured rate of {@code alternative}, times {@code scale} (e.g. message size in GB). */
        double[] all(final String alternative, final double scale)
        {
            return all.get(alternative).stream().mapToDouble(r -> r * scale).toArray();
        }

        /** @return {@code judged / peer} window pair by window pair (each pair's windows ran back to back). */
        List<Double> ratios(final String judged, final String peer)
        {
            final List<Double> a = perWindow.get(judged);
            final List<Double> b = perWindow.get(peer);
            final List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < a.size(); i++)
            {
                ratios.add(a.get(i) / b.get(i));
            }
            return ratios;
        }
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

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
