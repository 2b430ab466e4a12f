package io.tandem.perf.arrays;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;
import net.openhft.chronicle.core.UnsafeMemory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./tandem perf arrays}: shared arrays beside a plain memory copy, all in one run.
 * <ul>
 *   <li>{@code bandwidth.memcpy}: the baseline, a single-thread copy between two large off-heap buffers in the
 *       frontend (GB/s of bytes copied);</li>
 *   <li>{@code bandwidth.shared-array}: the backend (a child JVM) sums a 1 GiB LONG array the frontend wrote, with
 *       one checked {@code getLong} per element, timed inside the backend (GB/s of bytes read);</li>
 *   <li>{@code bandwidth.shared-array-copy-in}: the frontend copies a {@code long[]} into the shared array with
 *       {@code copyFrom} (GB/s of bytes copied);</li>
 *   <li>{@code attach.shared-array-1GiB}: command to reply for the backend to attach to a 1 GiB array: no element
 *       is copied or touched, so it costs a command round trip plus an {@code mmap} (printed beside a no-op
 *       command's round trip), beside {@code copy.1GiB}: the time one copy of 1 GiB takes at the memcpy bandwidth of
 *       the same run, the least that handing the array over by copy would cost.</li>
 * </ul>
 * The three bandwidths are measured pass by pass in turn (A B C A B C ...) after a warm-up pass of each, so drift on
 * a shared machine hits each alike; each figure is the median of all its passes, with their spread. Both sides wait
 * by yielding so a command is picked up at once (a parked back-off would add its park to the attach time).
 */
public final class ArraysBenchmark implements Benchmark
{
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ARRAY = "perf-arrays";
    private static final String ATTACH_ARRAY = "perf-arrays-1GiB";
    private static final long GIB = 1L << 30;
    private static final long COPY_CHUNK = 1L << 20;

    @Override
    public String name()
    {
        return "arrays";
    }

    @Override
    public String description()
    {
        return "shared-array read and copy-in bandwidth beside a single-thread memcpy; time for a backend to attach 1 GiB";
    }

    @Override
    public List<Result> run(final boolean quick)
    {
        final long arrayBytes = quick ? GIB / 4 : GIB;
        final long memcpyBytes = arrayBytes / 2; // two buffers: as much memory touched as the array
        final int javaLongs = (int)((quick ? 32L << 20 : 256L << 20) / Long.BYTES);
        final int runs = quick ? 1 : 5;
        final int passes = quick ? 3 : 4;
        final int attaches = quick ? 5 : 21;

        final List<Double> memcpy = new ArrayList<>();
        final List<Double> shared = new ArrayList<>();
        final List<Double> copyIn = new ArrayList<>();
        final double[] attachMs;
        final double[] noopMs;
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

            // warm-up: JIT, and the backend's page tables for the array
            memcpyPass(buffers, memcpyBytes);
            sumPasses(reader, backend, 2, expectedSum);
            copyInPass(array, javaArray);
            for (int r = 0; r < runs; r++)
            {
                for (int p = 0; p < passes; p++)
                {
                    // one pass of each in turn: a burst of load from elsewhere on the machine hits all three alike
                    memcpy.add(memcpyPass(buffers, memcpyBytes));
                    shared.add(gbPerSecond(array.byteSize(), sumPasses(reader, backend, 1, expectedSum)[0]));
                    copyIn.add(copyInPass(array, javaArray));
                }
                System.out.printf(Locale.ROOT, "run %d: memcpy %.2f GB/s, shared-array read %.2f GB/s, copy-in %.2f GB/s%n", r + 1,
                    median(memcpy.subList(r * passes, memcpy.size())), median(shared.subList(r * passes, shared.size())),
                    median(copyIn.subList(r * passes, copyIn.size())));
            }
            backend.detach(ARRAY);
            expect(reader, "detached");

            final SharedArray attachTarget = arrayBytes == GIB ? null :
                SharedArray.create(ATTACH_ARRAY, ElementType.LONG, GIB / Long.BYTES);
            try
            {
                final String name = attachTarget == null ? ARRAY : ATTACH_ARRAY;
                attachMs = attachMs(reader, backend, name, attaches);
                noopMs = noopMs(reader, backend, attaches);
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
        }

        System.out.printf(Locale.ROOT, "shared-array read = %.2fx memcpy, copy-in = %.2fx memcpy (target >= 0.8x); " +
            "attach %.3f ms beside a no-op command round trip of %.3f ms (medians)%n", median(shared) / median(memcpy),
            median(copyIn) / median(memcpy), median(attachMs), median(noopMs));
        // each figure is the median of its repeats, with their spread beside it
        final List<Result> results = new ArrayList<>();
        results.add(Result.rate("bandwidth.memcpy", "GB/s", toArray(memcpy)));
        results.add(Result.rate("bandwidth.shared-array", "GB/s", toArray(shared)));
        results.add(Result.rate("bandwidth.shared-array-copy-in", "GB/s", toArray(copyIn)));
        results.add(Result.rate("attach.shared-array-1GiB", "ms", attachMs));
        results.add(Result.rate("copy.1GiB", "ms", msToCopyGiB(memcpy)));
        return results;
    }

    /** @return for each memcpy pass, the ms it would take to copy 1 GiB at its bandwidth: handing an array over by copy. */
    private static double[] msToCopyGiB(final List<Double> memcpyGbPerSecond)
    {
        final double[] ms = new double[memcpyGbPerSecond.size()];
        for (int i = 0; i < ms.length; i++)
        {
            ms[i] = GIB / (memcpyGbPerSecond.get(i) * 1e9) * 1e3;
        }
        return ms;
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

    /** @return the backend's time for each pass of summing the array, whose sum is {@code expectedSum}. */
    private static long[] sumPasses(final ArrayReader reader, final ArrayWork backend, final int passes, final long expectedSum)
    {
        backend.sumLongs(ARRAY, passes);
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
            array.copyFrom(at, javaArray, 0, (int)Math.min(javaArray.length, array.length() - at));
        }
        return gbPerSecond(array.byteSize(), System.nanoTime() - start);
    }

    /** @return the ms from sending {@code attach} to its reply, for each of {@code count} attach/detach cycles. */
    private static double[] attachMs(final ArrayReader reader, final ArrayWork backend, final String name, final int count)
    {
        final double[] ms = new double[count];
        final long[] shape = {GIB / Long.BYTES};
        for (int i = 0; i < count; i++)
        {
            final long start = System.nanoTime();
            backend.attach(name, ElementType.LONG, shape);
            expect(reader, "attached");
            ms[i] = (System.nanoTime() - start) / 1e6;
            backend.detach(name);
            expect(reader, "detached");
        }
        return ms;
    }

    /** @return the ms of each of {@code count} round trips of a command that does nothing. */
    private static double[] noopMs(final ArrayReader reader, final ArrayWork backend, final int count)
    {
        final double[] ms = new double[count];
        for (int i = 0; i < count; i++)
        {
            final long start = System.nanoTime();
            backend.noop();
            expect(reader, "noop");
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
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
        return median(toArray(values));
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
