package io.tandem.perf.ring;

import io.tandem.idle.IdleStrategy;
import io.tandem.idle.WaitMode;
import io.tandem.jvm.JvmFlags;
import io.tandem.perf.ChildJvm;
import io.tandem.ringbuffer.FrameHandler;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingProducer;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.UnsafeMemory;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The processes of {@link RingBenchmark}. Each prints {@link ChildJvm#READY} once attached.
 * <pre>
 *   tandem-produce &lt;path&gt; &lt;size&gt; &lt;messages&gt; &lt;waitMode&gt;     publishes messages numbered 1, 2, ... in their first long
 *   tandem-consume &lt;path&gt; &lt;name&gt; &lt;window&gt; &lt;windows&gt; &lt;sum|copy&gt; &lt;waitMode&gt;
 *   ab-produce     &lt;tandemPath&gt; &lt;agronaPath&gt; &lt;size&gt; &lt;window&gt; &lt;pairs&gt;
 *   ab-consume     &lt;tandemPath&gt; &lt;agronaPath&gt; &lt;agronaCapacity&gt; &lt;window&gt; &lt;pairs&gt; &lt;sum|copy&gt;   creates the Agrona file
 *   rtt-echo       &lt;rawPath&gt; &lt;pingPath&gt; &lt;pongPath&gt;  answers pings on one mapped long or through two rings
 * </pre>
 * A consumer reads every message ("sum": every long of it; "copy": copies it out to a private buffer) and
 * after every {@code window} messages prints {@code RATE <messages per second> <sum of message numbers so far>}:
 * the rate over the window, timed from the end of the previous one (the first window from its first message).
 */
public final class RingPeer
{
    /** Messages a consumer drains per call, on both rings. */
    static final int BATCH = 256;
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Round trip control value: switch between raw and ring mode. */
    static final long SWITCH = -2;
    /** Round trip control value: the raw mode's acknowledgement of {@link #SWITCH}. */
    static final long SWITCHED = -4;
    /** Round trip control value: stop. */
    static final long STOP = -1;

    private RingPeer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        switch (args[0])
        {
            case "tandem-produce":
                tandemProduce(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), WaitMode.valueOf(args[4]));
                break;
            case "tandem-consume":
                tandemConsume(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), "copy".equals(args[5]),
                    WaitMode.valueOf(args[6]));
                break;
            case "ab-produce":
                abProduce(args[1], args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), Integer.parseInt(args[5]));
                break;
            case "ab-consume":
                abConsume(args[1], args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), Integer.parseInt(args[5]),
                    "copy".equals(args[6]));
                break;
            case "rtt-echo":
                rttEcho(args[1], args[2], args[3]);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static RingBuffer attach(final String path, final WaitMode waitMode)
    {
        return RingBuffer.attach(Paths.get(path)).attachTimeout(Duration.ofSeconds(30)).waitMode(waitMode).build();
    }

    private static void tandemProduce(final String path, final int size, final long messages, final WaitMode waitMode)
    {
        try (RingBuffer ring = attach(path, waitMode); RingProducer producer = ring.producer())
        {
            ready();
            if (size <= 4096)
            {
                final byte[] source = new byte[size];
                final long base = Jvm.arrayByteBaseOffset();
                for (long i = 1; i <= messages; i++)
                {
                    UnsafeMemory.MEMORY.writeLong(source, base, i);
                    producer.offer(source);
                }
            }
            else
            {
                final ByteBuffer source = ByteBuffer.allocateDirect(size);
                for (long i = 1; i <= messages; i++)
                {
                    source.putLong(0, i);
                    producer.offer(source.clear());
                }
            }
        }
    }

    private static void tandemConsume(
        final String path, final String name, final long window, final int windows, final boolean copy, final WaitMode waitMode)
    {
        try (RingBuffer ring = attach(path, waitMode); RingConsumer consumer = ring.consumer(name))
        {
            final IdleStrategy idle = waitMode.newIdleStrategy();
            final ByteBuffer out = ByteBuffer.allocateDirect(ring.slotSize());
            final long[] checksum = {0};
            final FrameHandler handler = copy ?
                frame ->
                {
                    out.clear();
                    frame.copyTo(out);
                    checksum[0] += out.getLong(0);
                } :
                frame ->
                {
                    long sum = 0;
                    for (int i = 0; i + 8 <= frame.length(); i += 8)
                    {
                        sum += frame.getLong(i);
                    }
                    checksum[0] += sum;
                };
            ready();
            while (consumer.poll(handler, 1) == 0)
            {
                idle.idle(0);
            }
            long start = System.nanoTime();
            long read = 1;
            for (int w = 0; w < windows; w++)
            {
                while (read < window * (w + 1))
                {
                    final int n = consumer.poll(handler, (int)Math.min(BATCH, window * (w + 1) - read));
                    idle.idle(n);
                    read += n;
                }
                final long end = System.nanoTime();
                rate((w == 0 ? window - 1 : window) * 1e9 / (end - start), checksum[0]);
                start = end;
            }
        }
    }

    /**
     * Alternates windows between a Tandem ring and an Agrona ring, so that both are measured by the same two
     * processes, on the same cores, under the same drift of a shared machine.
     */
    private static void abProduce(final String tandemPath, final String agronaPath, final int size, final long window, final int pairs)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(agronaPath), "agrona ring");
        try (RingBuffer ring = attach(tandemPath, WaitMode.BUSY_SPIN); RingProducer producer = ring.producer())
        {
            final OneToOneRingBuffer agrona = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
            final boolean small = size <= 4096;
            final byte[] tandemSmall = new byte[size];
            final ByteBuffer tandemLarge = ByteBuffer.allocateDirect(size);
            final UnsafeBuffer agronaSource = new UnsafeBuffer(small ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size));
            final long base = Jvm.arrayByteBaseOffset();
            ready();
            long tandemNumber = 0;
            long agronaNumber = 0;
            for (int pair = 0; pair < pairs; pair++)
            {
                for (long i = 0; i < window; i++)
                {
                    if (small)
                    {
                        UnsafeMemory.MEMORY.writeLong(tandemSmall, base, ++tandemNumber);
                        producer.offer(tandemSmall);
                    }
                    else
                    {
                        tandemLarge.putLong(0, ++tandemNumber);
                        producer.offer(tandemLarge.clear());
                    }
                }
                for (long i = 0; i < window; i++)
                {
                    agronaSource.putLong(0, ++agronaNumber);
                    while (!agrona.write(1, agronaSource, 0, size))
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * Reads the windows {@link #abProduce} writes, every message ("sum": every long of it; "copy": copied out),
     * checking that message numbers follow each other, and prints {@code RATE tandem|agrona <msg/s>} per window,
     * timed from the poll that finds its first message to its last; {@code ERRORS <n>} at the end.
     */
    private static void abConsume(
        final String tandemPath, final String agronaPath, final int agronaCapacity, final long window, final int pairs, final boolean copy)
    {
        final MappedByteBuffer mapped = IoUtil.mapNewFile(new File(agronaPath), agronaCapacity + RingBufferDescriptor.TRAILER_LENGTH);
        try (RingBuffer ring = attach(tandemPath, WaitMode.BUSY_SPIN); RingConsumer consumer = ring.consumer("ab"))
        {
            final OneToOneRingBuffer agrona = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
            final ByteBuffer tandemOut = ByteBuffer.allocateDirect(ring.slotSize());
            final UnsafeBuffer agronaOut = new UnsafeBuffer(ByteBuffer.allocateDirect(agrona.maxMsgLength()));
            final long[] state = {0, 0, 0}; // last tandem number, last agrona number, errors
            final FrameHandler tandemHandler = frame ->
            {
                final long number;
                if (copy)
                {
                    tandemOut.clear();
                    frame.copyTo(tandemOut);
                    number = tandemOut.getLong(0);
                }
                else
                {
                    long sum = 0;
                    for (int i = 8; i + 8 <= frame.length(); i += 8)
                    {
                        sum += frame.getLong(i);
                    }
                    number = frame.getLong(0) + sum;
                }
                state[2] += number == ++state[0] ? 0 : 1;
            };
            final MessageHandler agronaHandler = (type, buffer, index, length) ->
            {
                final long number;
                if (copy)
                {
                    buffer.getBytes(index, agronaOut, 0, length);
                    number = agronaOut.getLong(0);
                }
                else
                {
                    long sum = 0;
                    for (int i = 8; i + 8 <= length; i += 8)
                    {
                        sum += buffer.getLong(index + i);
                    }
                    number = buffer.getLong(index) + sum;
                }
                state[2] += number == ++state[1] ? 0 : 1;
            };
            ready();
            for (int pair = 0; pair < pairs; pair++)
            {
                long read = 0;
                long start = 0;
                while (read < window)
                {
                    final long before = read == 0 ? System.nanoTime() : start;
                    final int n = consumer.poll(tandemHandler, (int)Math.min(BATCH, window - read));
                    if (n == 0)
                    {
                        Thread.onSpinWait();
                    }
                    start = read == 0 ? before : start;
                    read += n;
                }
                rate("tandem", window * 1e9 / (System.nanoTime() - start));
                read = 0;
                while (read < window)
                {
                    final long before = read == 0 ? System.nanoTime() : start;
                    final int n = agrona.read(agronaHandler, (int)Math.min(BATCH, window - read));
                    if (n == 0)
                    {
                        Thread.onSpinWait();
                    }
                    start = read == 0 ? before : start;
                    read += n;
                }
                rate("agrona", window * 1e9 / (System.nanoTime() - start));
            }
            System.out.println("ERRORS " + state[2]);
            System.out.flush();
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * The far end of both round trips, switching between them on request so that one pair of processes measures
     * both: in raw mode it answers an odd value {@code v} of the mapped long with {@code v + 1}; in ring mode it echoes
     * each 8-byte frame of the ping ring into the pong ring. {@link #SWITCH} flips the mode (acknowledged with
     * {@link #SWITCHED} in raw mode, echoed in ring mode); {@link #STOP} ends it.
     */
    private static void rttEcho(final String rawPath, final String pingPath, final String pongPath)
    {
        final MappedByteBuffer raw = IoUtil.mapExistingFile(new File(rawPath), "raw shm");
        try (RingBuffer pings = attach(pingPath, WaitMode.BUSY_SPIN);
             RingBuffer pongs = attach(pongPath, WaitMode.BUSY_SPIN);
             RingConsumer consumer = pings.consumer("echo");
             RingProducer producer = pongs.producer())
        {
            final long[] last = {0};
            final FrameHandler echo = frame ->
            {
                last[0] = frame.getLong(0);
                producer.claim().putLong(0, last[0]).publish(8, 0, 0L);
            };
            ready();
            boolean rawMode = true;
            long seen = 0;
            while (true)
            {
                if (rawMode)
                {
                    final long value = (long)LONGS.getAcquire(raw, 0); // acquire: pairs with the pinger's release
                    if (value == seen)
                    {
                        Thread.onSpinWait();
                    }
                    else if (value == SWITCH)
                    {
                        LONGS.setRelease(raw, 0, SWITCHED);
                        seen = SWITCHED;
                        rawMode = false;
                    }
                    else if (value == STOP)
                    {
                        return;
                    }
                    else if ((value & 1) == 1)
                    {
                        LONGS.setRelease(raw, 0, value + 1); // release: the pinger acquires it
                        seen = value + 1;
                    }
                }
                else if (consumer.poll(echo, 1) == 0)
                {
                    Thread.onSpinWait();
                }
                else if (last[0] == SWITCH)
                {
                    rawMode = true;
                }
                else if (last[0] == STOP)
                {
                    return;
                }
            }
        }
        finally
        {
            IoUtil.unmap(raw);
        }
    }

    private static void ready()
    {
        System.out.println(ChildJvm.READY);
        System.out.flush();
    }

    private static void rate(final double perSecond, final long checksum)
    {
        System.out.println("RATE " + perSecond + " " + checksum);
        System.out.flush();
    }

    private static void rate(final String ring, final double perSecond)
    {
        System.out.println("RATE " + ring + " " + perSecond);
        System.out.flush();
    }
}
