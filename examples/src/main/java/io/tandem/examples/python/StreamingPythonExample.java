package io.tandem.examples.python;

import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameArray;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.FrameShapeDescriptor;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RGB frames between Java and NumPy through a Tandem ring, both ways. First a Java producer streams 480 x 640 x 3
 * uint8 images, each with a shape header whose user value is the image's mean brightness, to a Python consumer
 * ({@code tandem.attach_ring(...).consumer(...)}, {@code frame.image().mean()}) that checks every mean against the
 * header; then a Python producer ({@code claim.shaped(np.uint8, ...)}) streams the same kind of images to a Java
 * consumer that checks them through {@link Frame#array()}. Both sides read the frames in place; the rings are BLOCK,
 * so nothing is lost. Every second each side prints a line; the run fails (exit 1) if a frame fails its check or
 * goes missing, and exits 3 if Python, NumPy or the {@code tandem} package is not there. Run it with
 * {@code ./tandem example streaming-python [seconds per direction] [frames per second, 0 = as fast as they go]}; a
 * third argument {@code n} makes both producers write a wrong mean into every n-th header, a fault that the run must
 * catch (its test does this).
 *
 * <pre>
 * java-&gt;python  t=1s  java producer    262 frames/s    241.5 MB/s
 * java-&gt;python  t=1s  python consumer  262 frames/s    241.4 MB/s  age p50 1.6 ms  max 6.2 ms  dropped 0  corrupt 0
 * java-&gt;python: 1312 frames sent, Python checked 1312: corrupt 0, dropped 0
 * python-&gt;java  t=1s  python producer  171 frames/s    157.6 MB/s
 * python-&gt;java  t=1s  java consumer    171 frames/s    157.6 MB/s  age p50 2.1 ms  max 4.0 ms  dropped 0  corrupt 0
 * python-&gt;java: Python sent 860 frames, Java checked 860: corrupt 0, dropped 0
 * streaming-python: done
 * </pre>
 */
public final class StreamingPythonExample
{
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration END_LIMIT = Duration.ofSeconds(30);
    private static final Pattern SUMMARY = Pattern.compile("summary frames=(\\d+)(?: corrupt=(\\d+) dropped=(\\d+))?");

    private StreamingPythonExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final double rate = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        final int wrongEvery = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        final String missing = PythonChild.missing();
        if (missing != null)
        {
            System.out.println("streaming-python: " + missing);
            System.exit(3);
        }
        final boolean toPython = javaToPython(seconds, rate, wrongEvery);
        final boolean toJava = pythonToJava(seconds, rate, wrongEvery);
        if (!toPython || !toJava)
        {
            System.out.println("streaming-python: FAILED (see above)");
            System.exit(1);
        }
        System.out.println("streaming-python: done");
    }

    /** A Java producer, a NumPy consumer: @return true if Python checked every frame and found none wrong. */
    static boolean javaToPython(final int seconds, final double rate, final int wrongEvery) throws Exception
    {
        final String label = "java->python";
        final RgbFrames images = new RgbFrames(16);
        try (SharedRing ring = SharedRing.builder("rgb-to-python").slotCount(8).slotSize(RgbFrames.SLOT_SIZE)
                 .policy(RingPolicy.BLOCK).producerTimeout(Duration.ofSeconds(10)).create();
             PythonChild python = PythonChild.start("consume", ring.path().toString(), label);
             RingProducer producer = ring.producer())
        {
            python.awaitLine("ready", START_LIMIT);             // registered: it sees every frame from the first
            final long start = System.nanoTime();
            final long end = start + Duration.ofSeconds(seconds).toNanos();
            final long interval = rate > 0 ? (long)(1e9 / rate) : 0;
            long sent = 0;
            long reportAt = start + 1_000_000_000L;
            long secondFrames = 0;
            long secondStart = start;
            for (long now = start; now - end < 0; now = System.nanoTime())
            {
                if (interval > 0 && now - (start + sent * interval) < 0)
                {
                    Thread.sleep(Math.max(0, (start + sent * interval - now) / 1_000_000), 0);
                    continue;
                }
                final FrameClaim claim = producer.claim();       // BLOCK: waits while Python is a ring behind
                final FrameArray image = claim.shaped(FrameShapeDescriptor.TYPE_UINT8, RgbFrames.HEIGHT, RgbFrames.WIDTH,
                    RgbFrames.CHANNELS);
                images.write(sent, image);
                if (wrongEvery > 0 && sent % wrongEvery == wrongEvery - 1)
                {
                    image.setUserDouble(image.userDouble() + 0.5);     // the injected fault: a wrong mean
                }
                claim.publish(RgbFrames.IMAGE, System.nanoTime());
                sent++;
                secondFrames++;
                now = System.nanoTime();
                if (now - reportAt >= 0)
                {
                    System.out.printf(Locale.ROOT, "%-13s t=%ds  java producer   %4d frames/s  %7.1f MB/s%n", label,
                        (now - start) / 1_000_000_000L, secondFrames, mbPerSecond(secondFrames, now - secondStart));
                    reportAt += 1_000_000_000L;
                    secondFrames = 0;
                    secondStart = now;
                }
            }
            producer.claim().publish(0, RgbFrames.END, System.nanoTime());
            final Matcher summary = summary(python.awaitLine("summary ", END_LIMIT));
            final int exit = python.awaitExit(END_LIMIT);
            final long checked = Long.parseLong(summary.group(1));
            final long corrupt = Long.parseLong(summary.group(2));
            final long dropped = Long.parseLong(summary.group(3));
            System.out.printf(Locale.ROOT, "%s: %d frames sent, Python checked %d: corrupt %d, dropped %d%n", label, sent,
                checked, corrupt, dropped);
            return exit == 0 && checked == sent && corrupt == 0 && dropped == 0;
        }
    }

    /** A NumPy producer, a Java consumer: @return true if Java checked every frame Python sent and found none wrong. */
    static boolean pythonToJava(final int seconds, final double rate, final int wrongEvery) throws Exception
    {
        final String label = "python->java";
        try (SharedRing ring = SharedRing.builder("rgb-from-python").slotCount(8).slotSize(RgbFrames.SLOT_SIZE)
                 .policy(RingPolicy.BLOCK).create();
             RingConsumer consumer = ring.consumer("java-check");        // before the producer: sees every frame
             PythonChild python = PythonChild.start("produce", ring.path().toString(), label, Integer.toString(seconds),
                 Double.toString(rate), Integer.toString(wrongEvery)))
        {
            python.awaitLine("ready", START_LIMIT);
            final long start = System.nanoTime();
            long checked = 0;
            long corrupt = 0;
            long secondFrames = 0;
            long secondBytes = 0;
            long secondStart = start;
            long reportAt = start + 1_000_000_000L;
            long[] ages = new long[256];
            while (true)
            {
                final Frame frame = consumer.receive(Duration.ofMillis(200));
                final long now = System.nanoTime();
                if (frame != null)
                {
                    if (frame.tag() == RgbFrames.END)
                    {
                        consumer.release();
                        break;
                    }
                    final String problem = RgbFrames.check(frame.array());
                    final long age = now - frame.timestamp();              // Python's monotonic_ns: the same clock
                    final int length = frame.length();
                    if (consumer.release())                                // intact (BLOCK: always)
                    {
                        checked++;
                        if (problem != null && ++corrupt <= 5)
                        {
                            System.out.println("CORRUPT frame " + frame.sequence() + ": " + problem);
                        }
                        if (secondFrames == ages.length)
                        {
                            ages = Arrays.copyOf(ages, ages.length * 2);
                        }
                        ages[(int)secondFrames++] = age;
                        secondBytes += length;
                    }
                }
                else if (python.hasExited())
                {
                    System.out.println(label + ": the Python producer ended without the end-of-stream frame");
                    return false;
                }
                if (now - reportAt >= 0)
                {
                    Arrays.sort(ages, 0, (int)secondFrames);
                    System.out.printf(Locale.ROOT, "%-13s t=%ds  java consumer   %4d frames/s  %7.1f MB/s  age p50 %s  " +
                        "max %s  dropped %d  corrupt %d%n", label, (now - start) / 1_000_000_000L, secondFrames,
                        secondBytes / ((now - secondStart) / 1e9) / 1e6, age(secondFrames == 0 ? 0 : ages[(int)secondFrames / 2]),
                        age(secondFrames == 0 ? 0 : ages[(int)secondFrames - 1]), consumer.dropped(), corrupt);
                    reportAt = now + 1_000_000_000L;
                    secondFrames = 0;
                    secondBytes = 0;
                    secondStart = now;
                }
            }
            final long sent = Long.parseLong(summary(python.awaitLine("summary ", END_LIMIT)).group(1));
            final int exit = python.awaitExit(END_LIMIT);
            System.out.printf(Locale.ROOT, "%s: Python sent %d frames, Java checked %d: corrupt %d, dropped %d%n", label,
                sent, checked, corrupt, consumer.dropped());
            return exit == 0 && checked == sent && corrupt == 0 && consumer.dropped() == 0;
        }
    }

    private static Matcher summary(final String line)
    {
        final Matcher matcher = SUMMARY.matcher(line);
        if (!matcher.matches())
        {
            throw new IllegalStateException("the Python side's summary is not one: " + line);
        }
        return matcher;
    }

    private static double mbPerSecond(final long frames, final long nanos)
    {
        return frames * (double)RgbFrames.SLOT_SIZE / (nanos / 1e9) / 1e6;
    }

    /** @return a frame's age: microseconds below a millisecond, milliseconds above. */
    private static String age(final long nanos)
    {
        final long micros = nanos / 1000;
        return micros < 1000 ? micros + " us" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
