package io.tandem.perf.python;

import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.perf.Json;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import net.openhft.chronicle.bytes.BytesStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java side of the Python package's tests ({@code python/tests}): makes rings and arrays for Python to read and
 * reads the ones Python makes. Prints {@code READY} when set up and one JSON line with what it did; the commands
 * that hold a file open wait for a line (or EOF) on stdin before closing it (a creator's close removes its file).
 * <pre>
 *   ring-producer &lt;path&gt; &lt;block|overwrite&gt; &lt;slots&gt; &lt;slotSize&gt; &lt;frames&gt; &lt;consumers&gt;
 *       creates the ring, waits for that many consumers, publishes the frames of {@link FramePattern}, then a shaped
 *       frame (int8 [4, 5, 3], element i = i - 30, user value 12345) and a frame whose shape header has rank 9
 *   ring-consumer &lt;path&gt; &lt;name&gt; &lt;frames&gt; &lt;timeoutMs&gt;
 *       attaches to a ring Python made, reads that many frames and checks every byte against {@link FramePattern}
 *   ring-stall-consumer &lt;path&gt; &lt;name&gt; &lt;frames&gt;
 *       registers a consumer on a ring Python made, reads that many frames, prints {@code STALLED}, then holds its
 *       entry without reading until a line comes (a consumer to kill: its process dies with it registered)
 *   bell-sleeper &lt;path&gt;
 *       registers a consumer on a ring Python made, prints {@code READY}, then sleeps on the ring's data bell
 *       ({@code Doorbell.sleep}, up to 30 s) until a frame is published; prints {@code {"slept", "ms", "frame"}}
 *   ring-publisher &lt;path&gt;
 *       takes the producer role of a ring Python made, prints {@code READY}, and for each line {@code publish}
 *       publishes the next frame of {@link FramePattern} and prints {@code PUBLISHED <position>}; any other line or
 *       EOF closes it (a producer to kill, or one whose sleepers-count handshake with Python is tested)
 *   arrays-make
 *       creates one array per element type, {@code t-<numpy name>}, shape [3, 4], bytes {@link #arrayByte}, and
 *       {@code cube} int32 [2, 3, 4]; prints their names, codes, shapes and typed sums
 *   array-read &lt;name&gt; &lt;code&gt; &lt;dim&gt;...
 *       waits for a line, attaches to an array Python made in this JVM's session, prints its byte checksum and typed sum
 * </pre>
 * Run with the perf module's class path and the Chronicle flags, and {@code -Dtandem.root=<dir>} for the arrays.
 */
public final class PythonPeer
{
    /** The frame tag of the shaped frame after the pattern frames. */
    public static final int SHAPED_TAG = 1_000_001;
    /** The frame tag of the frame with an invalid shape header. */
    public static final int BAD_SHAPE_TAG = 1_000_002;

    private PythonPeer()
    {
    }

    /** Runs one command; see the class comment. */
    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "ring-producer":
                ringProducer(args);
                break;
            case "ring-consumer":
                ringConsumer(args);
                break;
            case "ring-stall-consumer":
                ringStallConsumer(args);
                break;
            case "bell-sleeper":
                bellSleeper(args);
                break;
            case "ring-publisher":
                ringPublisher(args);
                break;
            case "arrays-make":
                arraysMake();
                break;
            case "array-read":
                arrayRead(args);
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** @return byte {@code k} of array data of type {@code code}: 0 or 1 for bool, else below 0x40 (no float is NaN). */
    public static int arrayByte(final int code, final long k)
    {
        return code == 10 ? (int)(k & 1) : (int)((k * 7 + code) & 0x3F);
    }

    private static void ringProducer(final String[] args) throws Exception
    {
        final RingPolicy policy = RingPolicy.valueOf(args[2].toUpperCase(Locale.ROOT));
        final int slotSize = Integer.parseInt(args[4]);
        final int frames = Integer.parseInt(args[5]);
        final int consumers = Integer.parseInt(args[6]);
        try (RingBuffer ring = RingBuffer.create(Paths.get(args[1])).policy(policy).slotCount(Integer.parseInt(args[3]))
            .slotSize(slotSize).producerTimeout(Duration.ofSeconds(30)).build();
             RingProducer producer = ring.producer())
        {
            System.out.println("READY");
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ring.consumers().size() < consumers)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("only " + ring.consumers().size() + " of " + consumers + " consumers came");
                }
                Thread.sleep(5);
            }
            final byte[] buffer = new byte[slotSize];
            for (int i = 0; i < frames; i++)
            {
                final long s = producer.position();
                final int n = FramePattern.fill(s, buffer, slotSize);
                producer.publish(buffer, 0, n, FramePattern.tag(s), FramePattern.timestamp(s));
            }
            if (slotSize >= 32 + 60)
            {
                FrameClaim claim = producer.claim();
                writeShapeHeader(claim, 1, 3, new int[] {4, 5, 3, 0}, 12345L);
                for (int i = 0; i < 60; i++)
                {
                    claim.putByte(32 + i, (byte)(i - 30));
                }
                claim.publish(32 + 60, SHAPED_TAG, 0L);
                claim = producer.claim();
                writeShapeHeader(claim, 1, 9, new int[] {1, 1, 1, 1}, 0L);
                claim.publish(32 + 8, BAD_SHAPE_TAG, 0L);
            }
            System.out.println(Json.write(Map.of("published", producer.position())));
            awaitLine();
        }
    }

    /** The shape header of the contract (FrameShapeDescriptor): magic, type code, rank, dims, user value. */
    private static void writeShapeHeader(final FrameClaim claim, final int code, final int rank, final int[] dims,
        final long userValue)
    {
        claim.putInt(0, 0x50414853);
        claim.putInt(4, (code & 0xFF) | (rank & 0xFF) << 8);
        for (int i = 0; i < 4; i++)
        {
            claim.putInt(8 + 4 * i, dims[i]);
        }
        claim.putLong(24, userValue);
    }

    private static void ringConsumer(final String[] args) throws Exception
    {
        final int frames = Integer.parseInt(args[3]);
        final long timeoutNs = Duration.ofMillis(Long.parseLong(args[4])).toNanos();
        try (RingBuffer ring = RingBuffer.attach(Paths.get(args[1])).attachTimeout(Duration.ofSeconds(10)).build();
             RingConsumer consumer = ring.consumer(args[2]))
        {
            System.out.println("READY");
            final long start = consumer.position();
            long corrupt = 0;
            final long deadline = System.nanoTime() + timeoutNs;
            while (consumer.consumed() + consumer.dropped() < frames && System.nanoTime() - deadline < 0)
            {
                final Frame frame = consumer.receive(Duration.ofMillis(100));
                if (frame == null)
                {
                    continue;
                }
                final boolean ok = matches(frame, ring.slotSize());
                if (consumer.release() && !ok)
                {
                    corrupt++;
                }
            }
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("consumed", consumer.consumed());
            result.put("dropped", consumer.dropped());
            result.put("corrupt", corrupt);
            result.put("start", start);
            result.put("position", consumer.position());
            System.out.println(Json.write(result));
        }
    }

    private static void ringStallConsumer(final String[] args) throws Exception
    {
        final int frames = Integer.parseInt(args[3]);
        try (RingBuffer ring = RingBuffer.attach(Paths.get(args[1])).attachTimeout(Duration.ofSeconds(10)).build();
             RingConsumer consumer = ring.consumer(args[2]))
        {
            System.out.println("READY");
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.consumed() < frames && System.nanoTime() - deadline < 0)
            {
                if (consumer.receive(Duration.ofMillis(100)) != null)
                {
                    consumer.release();
                }
            }
            System.out.println(consumer.consumed() == frames ? "STALLED" : "TIMEOUT consumed " + consumer.consumed());
            awaitLine(); // registered, reading nothing: the producer is gated by it until it is killed (or closes)
        }
    }

    private static void bellSleeper(final String[] args) throws Exception
    {
        try (RingBuffer ring = RingBuffer.attach(Paths.get(args[1])).attachTimeout(Duration.ofSeconds(10)).build();
             RingConsumer consumer = ring.consumer("java-sleeper"))
        {
            System.out.println("READY");
            final long start = System.nanoTime();
            // true only if a frame was there when it announced itself: then it never slept, and the test says so
            final boolean heldAtOnce = consumer.dataBell().sleep(consumer::hasFrame, Duration.ofSeconds(30).toNanos());
            final long ms = (System.nanoTime() - start) / 1_000_000;
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("slept", !heldAtOnce);
            result.put("ms", ms);
            result.put("frame", consumer.hasFrame());
            System.out.println(Json.write(result));
        }
    }

    private static void ringPublisher(final String[] args) throws Exception
    {
        try (RingBuffer ring = RingBuffer.attach(Paths.get(args[1])).attachTimeout(Duration.ofSeconds(10)).build();
             RingProducer producer = ring.producer())
        {
            System.out.println("READY");
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            final byte[] buffer = new byte[ring.slotSize()];
            String line;
            while ((line = in.readLine()) != null && "publish".equals(line.trim()))
            {
                final long s = producer.position();
                final int n = FramePattern.fill(s, buffer, ring.slotSize());
                producer.publish(buffer, 0, n, FramePattern.tag(s), FramePattern.timestamp(s), Duration.ofSeconds(10));
                System.out.println("PUBLISHED " + producer.position());
            }
        }
    }

    /** @return true if {@code frame} is exactly the frame of {@link FramePattern} for its sequence. */
    public static boolean matches(final Frame frame, final int slotSize)
    {
        final long s = frame.sequence();
        if (frame.length() != FramePattern.length(s, slotSize) || frame.tag() != FramePattern.tag(s) ||
            frame.timestamp() != FramePattern.timestamp(s))
        {
            return false;
        }
        for (int i = 0; i < frame.length(); i++)
        {
            if (frame.getByte(i) != FramePattern.at(s, i))
            {
                return false;
            }
        }
        return true;
    }

    private static void arraysMake() throws Exception
    {
        final List<SharedArray> arrays = new ArrayList<>();
        final List<Object> described = new ArrayList<>();
        try
        {
            for (final ElementType type : ElementType.values())
            {
                final SharedArray a = SharedArray.create("t-" + type.numpyName(), type, 3, 4);
                arrays.add(a);
                fill(a, type.code());
                described.add(describe(a));
            }
            final SharedArray cube = SharedArray.create("cube", ElementType.INT, 2, 3, 4);
            arrays.add(cube);
            for (int i = 0; i < cube.length(); i++)
            {
                cube.setInt(i, i * 1000 - 7);
            }
            described.add(describe(cube));
            System.out.println(Json.write(Map.of("arrays", described)));
            System.out.println("READY");
            awaitLine();
        }
        finally
        {
            for (final SharedArray a : arrays)
            {
                a.close();
            }
        }
    }

    private static void fill(final SharedArray a, final int code)
    {
        final BytesStore<?, Void> raw = a.bytesStore();
        for (long k = 0; k < a.byteSize(); k++)
        {
            raw.writeByte(k, (byte)arrayByte(code, k));
        }
    }

    private static Map<String, Object> describe(final SharedArray a)
    {
        final Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", a.name());
        d.put("code", a.elementType().code());
        d.put("numpy", a.elementType().numpyName());
        final List<Object> shape = new ArrayList<>();
        for (final long dim : a.shape())
        {
            shape.add(dim);
        }
        d.put("shape", shape);
        d.put("checksum", checksum(a));
        final Double sum = typedSum(a);
        if (sum != null)
        {
            d.put("sumBits", Double.doubleToRawLongBits(sum)); // exact: the JSON writer rounds doubles
        }
        return d;
    }

    /** @return sum over the data bytes of {@code (byte & 0xFF) * (k + 1)}: equal on both sides only if every byte is. */
    public static long checksum(final SharedArray a)
    {
        final BytesStore<?, Void> raw = a.bytesStore();
        long sum = 0;
        for (long k = 0; k < a.byteSize(); k++)
        {
            sum += (raw.readByte(k) & 0xFF) * (k + 1);
        }
        return sum;
    }

    /** @return the sum of the elements read with the typed accessors, for the types Java reads as numbers; else null. */
    private static Double typedSum(final SharedArray a)
    {
        double sum = 0;
        for (long i = 0; i < a.length(); i++)
        {
            switch (a.elementType().name())
            {
                case "BYTE":
                    sum += a.getByte(i);
                    break;
                case "SHORT":
                    sum += a.getShort(i);
                    break;
                case "INT":
                    sum += a.getInt(i);
                    break;
                case "LONG":
                    sum += a.getLong(i);
                    break;
                case "FLOAT":
                    sum += a.getFloat(i);
                    break;
                case "DOUBLE":
                    sum += a.getDouble(i);
                    break;
                default:
                    return null; // the unsigned, bool and float16 accessors come with their ElementType entries
            }
        }
        return sum;
    }

    private static void arrayRead(final String[] args) throws Exception
    {
        // an array of its own makes this JVM's session directory, where Python creates the one to read
        try (SharedArray anchor = SharedArray.create("anchor", ElementType.BYTE, 1))
        {
            System.out.println("READY");
            awaitLine();
            final long[] shape = new long[args.length - 3];
            for (int i = 0; i < shape.length; i++)
            {
                shape[i] = Long.parseLong(args[3 + i]);
            }
            final ElementType type = ElementType.ofCode(Integer.parseInt(args[2]));
            if (type == null)
            {
                System.out.println(Json.write(Map.of("unsupported", Integer.parseInt(args[2]))));
                return;
            }
            try (SharedArray a = SharedArray.attach(args[1], type, shape))
            {
                System.out.println(Json.write(describe(a)));
            }
        }
    }

    private static void awaitLine() throws IOException
    {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
