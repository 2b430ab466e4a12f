package io.tandem.perf.python;

import io.tandem.perf.ChildJvm;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameHandler;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * The Java consumer of {@code ./tandem perf python}: the same work as the Python consumer beside it. A command loop
 * on stdin: {@code ring <path> <name> <seconds>} registers a consumer, copies every frame into a private buffer for
 * that long (timed from its first frame), closes it and prints {@code RATE <frames/s> <GB/s> <frames> <cpu seconds>}; EOF ends it.
 * Its loop is the Python consumer's ({@code tandem.peer bench}) call for call: {@code poll(handler, 256)}, and when that
 * finds nothing, {@code receive} with a 10 ms timeout (which sleeps on the data bell), then the copy and
 * {@code release()}. (It used to spin on {@code poll} alone, holding a CPU the producer needed on a 2-core machine.)
 */
public final class JavaRingReader
{
    /** The Python consumer's wait when no frame is ready: {@code receive(timeout=0.01)}. */
    private static final Duration WAIT = Duration.ofMillis(10);
    /** The consumer thread's CPU time: reported beside the rate, as the Python peer reports its own. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JavaRingReader()
    {
    }

    /** Runs the command loop. */
    public static void main(final String[] args) throws Exception
    {
        System.out.println(ChildJvm.READY);
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null)
        {
            final String[] words = line.trim().split(" ");
            if (words.length == 4 && "ring".equals(words[0]))
            {
                System.out.println(read(words[1], words[2], Double.parseDouble(words[3])));
            }
        }
    }

    private static String read(final String path, final String name, final double seconds)
    {
        try (RingBuffer ring = RingBuffer.attach(Paths.get(path)).attachTimeout(Duration.ofSeconds(10)).build();
             RingConsumer consumer = ring.consumer(name))
        {
            final byte[] copy = new byte[ring.slotSize()];
            final long[] counts = new long[2];
            final FrameHandler touch = frame ->
            {
                frame.copyTo(copy); // every byte read once, into private memory
                counts[0]++;
                counts[1] += frame.length();
            };
            System.out.println("REGISTERED");
            // timed from the first frame, as the Python consumer is; waiting as it waits (asleep on the data bell)
            while (consumer.poll(touch, 1) == 0)
            {
                if (consumer.receive(Duration.ofSeconds(1)) != null)
                {
                    consumer.release();
                }
            }
            counts[0] = 0;
            counts[1] = 0;
            final long cpuStart = THREADS.getCurrentThreadCpuTime();
            final long start = System.nanoTime();
            final long end = start + (long)(seconds * 1e9);
            long now;
            do
            {
                // the Python consumer's loop (tandem.peer bench): a batch, and when none is ready a wait for the next
                // frame that sleeps on the ring's data bell, rather than a spin that takes the CPU from the producer
                if (consumer.poll(touch, 256) == 0)
                {
                    final Frame frame = consumer.receive(WAIT);
                    if (frame != null)
                    {
                        touch.onFrame(frame);
                        consumer.release();
                    }
                }
                now = System.nanoTime();
            }
            while (now - end < 0);
            final double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            final double elapsed = (now - start) / 1e9;
            return String.format(Locale.ROOT, "RATE %.1f %.4f %d %.6f", counts[0] / elapsed, counts[1] / elapsed / 1e9,
                counts[0], cpu);
        }
    }
}
