package io.tandem.perf.python;

import io.tandem.perf.Benchmark;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.Result;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.ringbuffer.RingTimeoutException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./tandem perf python}: a Java producer publishes 64 B and 1 MiB frames on a BLOCK ring; a Python consumer
 * ({@code python3 -m tandem.peer bench}, the {@code tandem} package of {@code python/}) copies every frame's bytes
 * into a private numpy buffer. Beside it, in the same run and taking turns window by window (the order turning
 * every round): NumPy's own copy of the same bytes in the same Python process ({@code np.copyto} of frames of the
 * same size, taken in turn from a private source as large as the ring's slots, into one private buffer: the
 * consumer's work over the same working set, without the ring and without a producer writing it), the same copy
 * from one cache-hot frame ({@code numpy-copy-hot}: the ceiling, for reference), and a Java consumer (another JVM)
 * doing the same copy into a private {@code byte[]}. Each is timed from the first frame it gets; frames/s and GB/s per window,
 * the median of the windows with their spread. With a producer that writes every byte, a consumer cannot go faster
 * than the producer's own copy on the other core: {@code python-own} is the Python consumer once more with a producer
 * that claims and publishes slots without rewriting them (the bytes a filling producer left), so its rate is the
 * consumer's own reading of every byte of every frame. Target: the Python consumer reaches at least 0.8x NumPy's copy
 * rate at 1 MiB frames.
 *
 * <p>Fairness: both consumers get the same producer (same thread, same ring, same fill mode), join at the newest frame,
 * and run the same loop ({@code poll} 256, and when nothing is ready a 10 ms {@code receive} asleep on the data bell,
 * never a spin that takes the producer's CPU). Each rate comes with the CPU time of the thread that did the work, so a
 * window whose process waited for a CPU (a busy 2-core machine) shows as such: the summary gives the consumer's own
 * rate against NumPy's copy per CPU-second beside the wall-clock ratio.
 */
public final class PythonBenchmark implements Benchmark
{
    private static final int LARGE = 1 << 20;
    private static final int SMALL = 64;

    @Override
    public String name()
    {
        return "python";
    }

    @Override
    public String description()
    {
        return "Python (numpy, zero-copy) consumer of a Java producer, 64 B and 1 MiB frames, beside numpy's copy and a Java consumer";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final String unavailable = PythonProcess.unavailableReason();
        if (unavailable != null)
        {
            System.out.println("python: skipped: " + unavailable);
            return List.of();
        }
        final int rounds = quick ? 1 : 5;
        final double window = quick ? 0.3 : 1.5;
        final List<Result> results = new ArrayList<>();
        try (PythonProcess python = PythonProcess.start("bench");
             ChildJvm java = ChildJvm.start(JavaRingReader.class))
        {
            python.awaitLine("READY", Duration.ofSeconds(60));
            java.awaitReady(Duration.ofSeconds(60));
            for (final int size : new int[] {SMALL, LARGE})
            {
                results.addAll(measure(size, rounds, window, python, java));
            }
            python.writeLine("quit");
        }
        return results;
    }

    private static List<Result> measure(final int size, final int rounds, final double window, final PythonProcess python,
        final ChildJvm java) throws Exception
    {
        final String label = size == SMALL ? "64B" : "1MiB";
        final Path path = ChildJvm.shmFile("python-" + label);
        final int slots = size == SMALL ? 4096 : 16;
        final double[][] fps = new double[5][rounds];
        final double[][] gbps = new double[5][rounds];
        // GB per second of the working thread's CPU time: on a busy machine a window whose process waited for a CPU
        // shows it here, not as a slow consumer
        final double[][] gbPerCpuSecond = new double[5][rounds];
        try (RingBuffer ring = RingBuffer.create(path).policy(RingPolicy.BLOCK).slotCount(slots).slotSize(size).build())
        {
            final Publisher publisher = new Publisher(ring, size);
            publisher.start();
            try
            {
                final String[] names = {"python", "numpy-copy", "java", "numpy-hot", "python-own"};
                for (int r = 0; r < rounds; r++)
                {
                    for (int k = 0; k < names.length; k++)
                    {
                        final int alt = r % 2 == 0 ? k : names.length - 1 - k; // the order turns every round
                        final String[] rate;
                        final String consumer = names[alt] + "-" + r;
                        switch (alt)
                        {
                            case 0:
                            case 4:
                                publisher.fill = alt == 0;
                                publisher.active = true;
                                python.writeLine("ring " + path + " " + consumer + " " + window);
                                rate = python.awaitLine("RATE", Duration.ofSeconds(120)).split(" ");
                                break;
                            case 1:
                                publisher.active = false;
                                python.writeLine("copy " + size + " " + window + " " + slots);
                                rate = python.awaitLine("RATE", Duration.ofSeconds(120)).split(" ");
                                break;
                            case 3:
                                publisher.active = false;
                                python.writeLine("copy " + size + " " + window + " 1");
                                rate = python.awaitLine("RATE", Duration.ofSeconds(120)).split(" ");
                                break;
                            default:
                                publisher.fill = true;
                                publisher.active = true;
                                send(java, "ring " + path + " " + consumer + " " + window);
                                rate = java.awaitLine("RATE", Duration.ofSeconds(120));
                                break;
                        }
                        publisher.active = false;
                        fps[alt][r] = Double.parseDouble(rate[1]);
                        gbps[alt][r] = Double.parseDouble(rate[2]);
                        final double cpuSeconds = Double.parseDouble(rate[4]);
                        gbPerCpuSecond[alt][r] = Double.parseDouble(rate[3]) * size / 1e9 / Math.max(cpuSeconds, 1e-9);
                        System.out.printf(Locale.ROOT, "  %s round %d %-10s %12.0f frames/s %8.3f GB/s   cpu %.2f of %.2f s: " +
                            "%6.2f GB per cpu-s%n", label, r + 1, names[alt], fps[alt][r], gbps[alt][r], cpuSeconds, window,
                            gbPerCpuSecond[alt][r]);
                    }
                }
            }
            finally
            {
                publisher.finish();
            }
            final double[] ratios = new double[rounds];
            final double[] ownRatios = new double[rounds];
            final double[] ownCpuRatios = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                ratios[r] = gbps[0][r] / gbps[1][r];
                ownRatios[r] = gbps[4][r] / gbps[1][r];
                ownCpuRatios[r] = gbPerCpuSecond[4][r] / gbPerCpuSecond[1][r];
            }
            Arrays.sort(ratios);
            Arrays.sort(ownRatios);
            Arrays.sort(ownCpuRatios);
            System.out.printf(Locale.ROOT, "python %s, medians of %d round ratios: consumer of a filling producer / numpy-copy " +
                "%.2f; consumer alone (python-own) / numpy-copy %.2f%s; producer errors %d%n", label, rounds, ratios[rounds / 2],
                ownRatios[rounds / 2], size == LARGE ? " (target >= 0.8)" : "", publisher.errors);
            System.out.printf(Locale.ROOT, "python %s, per cpu-second of the working thread: consumer alone / numpy-copy %.2f " +
                "(median; a wall-clock ratio well below it means the consumer's process waited for a CPU)%n", label,
                ownCpuRatios[rounds / 2]);
            final String base = "python." + label + ".";
            final List<Result> results = new ArrayList<>();
            results.add(Result.rate(base + "python-consumer", "GB/s", gbps[0])
                .withBaselines(base + "numpy-copy", base + "java-consumer"));
            results.add(Result.rate(base + "numpy-copy", "GB/s", gbps[1]));
            results.add(Result.rate(base + "java-consumer", "GB/s", gbps[2]));
            results.add(Result.rate(base + "numpy-copy-hot", "GB/s", gbps[3]));
            results.add(Result.rate(base + "python-consumer-own", "GB/s", gbps[4]).withBaselines(base + "numpy-copy"));
            results.add(Result.rate(base + "python-consumer.frames", "frames/s", fps[0])
                .withBaselines(base + "numpy-copy.frames", base + "java-consumer.frames"));
            results.add(Result.rate(base + "numpy-copy.frames", "frames/s", fps[1]));
            results.add(Result.rate(base + "java-consumer.frames", "frames/s", fps[2]));
            return results;
        }
    }

    private static void send(final ChildJvm child, final String line) throws IOException
    {
        final OutputStream out = child.process().getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The Java producer: publishes frames of {@code size} bytes while {@link #active}, on its own thread. */
    private static final class Publisher extends Thread
    {
        private final RingBuffer ring;
        private final byte[] frame;
        volatile boolean active;
        /** False: claim and publish slots without rewriting their payload, so the consumer's rate is its own. */
        volatile boolean fill = true;
        private volatile boolean running = true;
        long errors;

        Publisher(final RingBuffer ring, final int size)
        {
            super("python-bench-producer");
            setDaemon(true);
            this.ring = ring;
            this.frame = new byte[size];
            Arrays.fill(frame, (byte)7);
        }

        @Override
        public void run()
        {
            try (RingProducer producer = ring.producer())
            {
                while (running)
                {
                    if (!active)
                    {
                        Thread.sleep(1);
                        continue;
                    }
                    try
                    {
                        if (fill)
                        {
                            producer.publish(frame, 0, frame.length, 0, 0L, Duration.ofMillis(200));
                        }
                        else
                        {
                            producer.claim(Duration.ofMillis(200)).publish(frame.length, 0, 0L);
                        }
                    }
                    catch (final RingTimeoutException ex)
                    {
                        // the consumer of the window closed while the ring was full: wait for the next one
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final RuntimeException ex)
            {
                errors++;
                System.out.println("python: producer failed: " + ex);
            }
        }

        void finish() throws InterruptedException
        {
            running = false;
            join(10_000);
        }
    }
}
