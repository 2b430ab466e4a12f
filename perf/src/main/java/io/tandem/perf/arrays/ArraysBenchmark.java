package io.tandem.perf.arrays;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.perf.Benchmark;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.Result;
import net.openhft.chronicle.core.UnsafeMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./tandem perf arrays}: shared arrays beside what a program without Tandem would run, all in one run.
 * <ul>
 *   <li>{@code bandwidth.shared-array}: the backend (a child JVM) sums a 1 GiB LONG array the frontend wrote, with
 *       one checked {@code getLong} per element, timed inside the backend (GB/s of bytes read); beside
 *       {@code bandwidth.private-sum}: the same loop in the same backend over a private off-heap copy of the array
 *       (anonymous memory, not shared), with the same index check and read.</li>
 *   <li>{@code bandwidth.shared-array-copy-in}: the frontend copies a {@code long[]} into the shared array with
 *       {@code copyFrom} (GB/s of bytes copied); beside {@code bandwidth.memcpy-dram}: a single-thread copy between
 *       two off-heap buffers of half the array's size each in the frontend, far larger than the caches.</li>
 *   <li>{@code attach.shared-array-1GiB}: command to reply for the backend to attach to a 1 GiB array: no element
 *       is copied or touched, so it costs a command round trip plus an {@code mmap}; beside
 *       {@code attach.filechannel-map-1GiB}: the same command round trip carrying a bare {@code FileChannel.map} of a
 *       1 GiB file on /dev/shm. A no-op command's round trip is printed beside them.</li>
 *   <li>{@code attach.shared-array-1GiB-first-touch}: the backend then reads one long of every page of the array,
 *       timed inside it: the page faults that map it into the process, paid once per attach; beside
 *       {@code attach.filechannel-map-1GiB-first-touch}, the same over the bare map.</li>
 * </ul>
 * The four bandwidths are measured pass by pass in turn after a warm-up pass of each, the order turning each pass
 * (A B C D, B C D A, ...), so drift on a shared machine hits each alike; the attach cycles alternate which of the
 * two goes first. Each figure is the median of all its repeats, with their spread. Both sides wait by yielding so a
 * command is picked up at once (a parked back-off would add its park to the attach time).
 */
public final class ArraysBenchmark implements Benchmark
{
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ARRAY = "perf-arrays";
    private static final String ATTACH_ARRAY = "perf-arrays-1GiB";
    private static final long GIB = 1L << 30;
    private static final long COPY_CHUNK = 1L << 20;
    /** Attach cycles before the measured ones: class loading and the first compilations of both paths. */
    private static final int ATTACH_WARMUP = 2;

    @Override
    public String name()
    {
        return "arrays";
    }

    @Override
    public String description()
    {
        return "shared-array read beside the same read of private memory, copy-in beside a DRAM memcpy; " +
            "attach and first touch of 1 GiB beside a bare FileChannel.map";
    }

    @Override
    public List<Result> run(final boolean quick) throws IOException
    {
        final long arrayBytes = quick ? GIB / 4 : GIB;
        final long memcpyBytes = arrayBytes / 2; // two buffers: as much memory touched as the array
        final int javaLongs = (int)((quick ? 32L << 20 : 256L << 20) / Long.BYTES);
        final int runs = quick ? 1 : 5;
        final int passes = quick ? 3 : 4;
        final int attaches = quick ? 5 : 21;

        final List<Double> memcpy = new ArrayList<>();
        final List<Double> shared = new ArrayList<>();
        final List<Double> privateSum = new ArrayList<>();
        final List<Double> copyIn = new ArrayList<>();
        final Cycles cycles = new Cycles();
        final Path bareFile = ChildJvm.shmFile("arrays-bare-1GiB");
        final ProcessOptions yielding = ProcessOptions.builder().waitMode(WaitMode.YIELD).build();
        final long buffers = UnsafeMemory.UNSAFE.allocateMemory(2 * memcpyBytes);
        try (ArrayReader reader = new ArrayReader("arrays-reader", yielding);
             SharedArray array = SharedArray.create(ARRAY, ElementType.LONG, arrayBytes / Long.BYTES))
        {
            reader.start();
            final long[] javaArray = new long[javaLongs];
            Arrays.setAll(javaArray, i -> i);
            // the array holds the Java array over and over, before and after every copy-in pass, so the backend's
            // sum is known; this first pass also touches every page, so no measured pass pays for first touches
            copyInPass(array, javaArray);
            final long expectedSum = expectedSum(array.length(), javaArray.length);
            UnsafeMemory.UNSAFE.setMemory(buffers, 2 * memcpyBytes, (byte)1);
            reader.awaitStarted(WAIT);
            final ArrayWork backend = reader.backend(ArrayWork.class);
            backend.attach(ARRAY, ElementType.LONG, array.shape());
            expect(reader, "attached");
            backend.copyPrivately(ARRAY);
            expect(reader, "copied");

            // warm-up: JIT, and the backend's page tables for the array and its private copy
            memcpyPass(buffers, memcpyBytes);
            sumPasses(reader, backend, true, 2, expectedSum);
            sumPasses(reader, backend, false, 2, expectedSum);
            copyInPass(array, javaArray);
            for (int r = 0; r < runs; r++)
            {
                for (int p = 0; p < passes; p++)
                {
                    // one pass of each in turn: a burst of load from elsewhere on the machine hits all four alike
                    for (int k = 0; k < 4; k++)
                    {
                        switch ((r * passes + p + k) % 4)
                        {
                            case 0:
                                memcpy.add(memcpyPass(buffers, memcpyBytes));
                                break;
                            case 1:
                                shared.add(gbPerSecond(array.byteSize(), sumPasses(reader, backend, true, 1, expectedSum)[0]));
                                break;
                            case 2:
                                privateSum.add(gbPerSecond(array.byteSize(), sumPasses(reader, backend, false, 1, expectedSum)[0]));
                                break;
                            default:
                                copyIn.add(copyInPass(array, javaArray));
                                break;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "run %d: shared-array read %.2f GB/s, private-sum %.2f GB/s; copy-in %.2f GB/s, " +
                        "memcpy-dram %.2f GB/s%n", r + 1,
                    median(shared.subList(r * passes, shared.size())), median(privateSum.subList(r * passes, privateSum.size())),
                    median(copyIn.subList(r * passes, copyIn.size())), median(memcpy.subList(r * passes, memcpy.size())));
            }
            backend.freePrivateCopy();
            expect(reader, "freed");
            backend.detach(ARRAY);
            expect(reader, "detached");

            final SharedArray attachTarget = arrayBytes == GIB ? null :
                SharedArray.create(ATTACH_ARRAY, ElementType.LONG, GIB / Long.BYTES);
            try
            {
                writeFile(bareFile, GIB);
                final String name = attachTarget == null ? ARRAY : ATTACH_ARRAY;
                for (int i = 0; i < ATTACH_WARMUP + attaches; i++)
                {
                    cycles.run(reader, backend, name, bareFile, i, i >= ATTACH_WARMUP);
                }
            }
            finally
            {
                if (attachTarget != null)
                {
                    attachTarget.close();
                }
            }
            reader.stop();
        }
        finally
        {
            UnsafeMemory.UNSAFE.freeMemory(buffers);
            Files.deleteIfExists(bareFile);
        }

        System.out.printf(Locale.ROOT, "shared-array read = %.2fx the same sum of private memory; copy-in = %.2fx memcpy-dram " +
                "(target >= 0.8x); attach %.3f ms, bare map %.3f ms, no-op command round trip %.3f ms; first touch of 1 GiB " +
                "%.1f ms attached, %.1f ms bare-mapped (medians)%n",
            median(shared) / median(privateSum), median(copyIn) / median(memcpy), median(cycles.attachMs), median(cycles.mapMs),
            median(cycles.noopMs), median(cycles.attachTouchMs), median(cycles.mapTouchMs));
        // each figure is the median of its repeats, with their spread beside it
        final List<Result> results = new ArrayList<>();
        results.add(Result.rate("bandwidth.shared-array", "GB/s", toArray(shared)));
        results.add(Result.rate("bandwidth.private-sum", "GB/s", toArray(privateSum)));
        results.add(Result.rate("bandwidth.shared-array-copy-in", "GB/s", toArray(copyIn)));
        results.add(Result.rate("bandwidth.memcpy-dram", "GB/s", toArray(memcpy)));
        results.add(Result.rate("attach.shared-array-1GiB", "ms", toArray(cycles.attachMs)));
        results.add(Result.rate("attach.filechannel-map-1GiB", "ms", toArray(cycles.mapMs)));
        results.add(Result.rate("attach.shared-array-1GiB-first-touch", "ms", toArray(cycles.attachTouchMs)));
        results.add(Result.rate("attach.filechannel-map-1GiB-first-touch", "ms", toArray(cycles.mapTouchMs)));
        return results;
    }

    /**
     * Attach cycles: the backend attaches to the 1 GiB array and touches its pages, maps the bare file and touches its
     * pages (which of the two first alternates cycle by cycle), and answers a no-op command.
     */
    private static final class Cycles
    {
        final List<Double> attachMs = new ArrayList<>();
        final List<Double> mapMs = new ArrayList<>();
        final List<Double> attachTouchMs = new ArrayList<>();
        final List<Double> mapTouchMs = new ArrayList<>();
        final List<Double> noopMs = new ArrayList<>();

        void run(final ArrayReader reader, final ArrayWork backend, final String array, final Path bareFile, final int cycle,
            final boolean measured)
        {
            for (int k = 0; k < 2; k++)
            {
                if ((cycle + k) % 2 == 0)
                {
                    final long start = System.nanoTime();
                    backend.attach(array, ElementType.LONG, new long[] {GIB / Long.BYTES});
                    expect(reader, "attached");
                    final double ms = (System.nanoTime() - start) / 1e6;
                    final double touchMs = touchMs(reader, () -> backend.touchPages(array));
                    backend.detach(array);
                    expect(reader, "detached");
                    add(measured, attachMs, ms, attachTouchMs, touchMs);
                }
                else
                {
                    final long start = System.nanoTime();
                    backend.mapFile(bareFile.toString());
                    expect(reader, "mapped");
                    final double ms = (System.nanoTime() - start) / 1e6;
                    final double touchMs = touchMs(reader, backend::touchMappedPages);
                    backend.unmapFile();
                    expect(reader, "unmapped");
                    add(measured, mapMs, ms, mapTouchMs, touchMs);
                }
            }
            final long start = System.nanoTime();
            backend.noop();
            expect(reader, "noop");
            if (measured)
            {
                noopMs.add((System.nanoTime() - start) / 1e6);
            }
        }

        private static double touchMs(final ArrayReader reader, final Runnable touch)
        {
            touch.run();
            return expect(reader, "touched").get("ns", Long.class) / 1e6;
        }

        private static void add(final boolean measured, final List<Double> open, final double openMs, final List<Double> touch,
            final double touchMs)
        {
            if (measured)
            {
                open.add(openMs);
                touch.add(touchMs);
            }
        }
    }

    /** Writes a file of {@code bytes} on tmpfs, every page of it, as the frontend writes its shared array. */
    private static void writeFile(final Path path, final long bytes) throws IOException
    {
        final ByteBuffer chunk = ByteBuffer.allocateDirect((int)COPY_CHUNK);
        for (int i = 0; i + Long.BYTES <= chunk.capacity(); i += Long.BYTES)
        {
            chunk.putLong(i, i);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            for (long at = 0; at < bytes; at += COPY_CHUNK)
            {
                chunk.clear();
                while (chunk.hasRemaining())
                {
                    channel.write(chunk, at + chunk.position());
                }
            }
        }
    }

    /** @return GB/s of one single-thread copy of {@code bytes} from the first buffer to the second. */
    private static double memcpyPass(final long buffers, final long bytes)
    {
        final long start = System.nanoTime();
        for (long done = 0; done < bytes; done += COPY_CHUNK)
        {
            UnsafeMemory.UNSAFE.copyMemory(buffers + done, buffers + bytes + done, Math.min(COPY_CHUNK, bytes - done));
        }
        return gbPerSecond(bytes, System.nanoTime() - start);
    }

    /**
     * @param shared the shared array, or else the backend's private copy of it.
     * @return the backend's time for each pass of summing the array, whose sum is {@code expectedSum}.
     */
    private static long[] sumPasses(final ArrayReader reader, final ArrayWork backend, final boolean shared, final int passes,
        final long expectedSum)
    {
        if (shared)
        {
            backend.sumLongs(ARRAY, passes);
        }
        else
        {
            backend.sumPrivateLongs(passes);
        }
        final MessageObject reply = expect(reader, "summed");
        if (reply.get("sum", Long.class) != expectedSum * passes)
        {
            throw new IllegalStateException("the backend summed " + reply.get("sum") + ", expected " + expectedSum * passes +
                ": it did not read what the frontend wrote");
        }
        return reply.get("passNs", long[].class);
    }

    /** @return the sum of an array of {@code length} elements holding 0, 1, ..., {@code period - 1} over and over. */
    private static long expectedSum(final long length, final long period)
    {
        final long whole = length / period;
        final long rest = length % period;
        return whole * (period * (period - 1) / 2) + rest * (rest - 1) / 2;
    }

    /** @return GB/s of copying the whole shared array in from a Java array, a chunk the Java array's size at a time. */
    private static double copyInPass(final SharedArray array, final long[] javaArray)
    {
        final long start = System.nanoTime();
        for (long at = 0; at < array.length(); at += javaArray.length)
        {
            array.copies().copyFrom(at, javaArray, 0, (int)Math.min(javaArray.length, array.length() - at));
        }
        return gbPerSecond(array.byteSize(), System.nanoTime() - start);
    }

    private static MessageObject expect(final ArrayReader reader, final String name)
    {
        final MessageObject reply = reader.receive(WAIT);
        if (!name.equals(reply.name()))
        {
            throw new IllegalStateException("expected a '" + name + "' reply, got " + reply);
        }
        return reply;
    }

    private static double gbPerSecond(final long bytes, final long ns)
    {
        return (double)bytes / ns; // bytes per ns is GB/s (10^9 bytes per second)
    }

    private static double[] toArray(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = toArray(values);
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
