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
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The processes of {@link RingBenchmark}. Each prints {@link ChildJvm#READY} once attached.
 * <pre>
 *   windows-produce &lt;size&gt; &lt;window&gt; &lt;pairs&gt; &lt;alternative&gt;...   writes each ring's windows, numbering its messages 1, 2, ...
 *   windows-consume &lt;size&gt; &lt;slots&gt; &lt;agronaCapacity&gt; &lt;window&gt; &lt;pairs&gt; &lt;sum|copy&gt; &lt;alternative&gt;...
 *                                                        reads them; creates the Agrona files
 *   fanout-consume  &lt;path&gt; &lt;name&gt; &lt;window&gt; &lt;pairs&gt; &lt;sum|copy&gt;   one more consumer of the fan-out ring
 *   rtt-echo        &lt;rawPath&gt; &lt;pingPath&gt; &lt;pongPath&gt;  answers pings on one mapped long or through two rings
 * </pre>
 * The window harness: one producer and one consumer take the alternatives ({@link Alternative}) in turn, a window of
 * {@code window} messages each, {@code pairs} times, the order turning each pair ({@link Alternative#turn}); both
 * processes derive the same order. The consumer reads every message ("sum": every long of it; "copy": copies it out
 * to a private buffer), checks that message numbers follow each other, and prints {@code RATE <alternative> <msg/s>}
 * per window, timed from the poll that finds its first message to its last; {@code ERRORS <n>} at the end. A
 * fan-out consumer waits on stdin for a line before each of its windows, so it does not spin while the others are
 * measured. Both ring libraries wait as their users configure them for a core each: Tandem with
 * {@link WaitMode#BUSY_SPIN}, Agrona with its {@link BusySpinIdleStrategy}.
 */
public final class RingPeer
{
    /** Messages a Tandem consumer drains per poll. */
    static final int BATCH = 256;
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Round trip control value: switch between raw and ring mode. */
    static final long SWITCH = -2;
    /** Round trip control value: the raw mode's acknowledgement of {@link #SWITCH}. */
    static final long SWITCHED = -4;
    /** Round trip control value: stop. */
    static final long STOP = -1;
    /** The message type of every Agrona record (any positive value). */
    private static final int MSG_TYPE_ID = 1;

    private RingPeer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        switch (args[0])
        {
            case "windows-produce":
                windowsProduce(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), alternatives(args, 4));
                break;
            case "windows-consume":
                windowsConsume(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]),
                    Integer.parseInt(args[5]), "copy".equals(args[6]), alternatives(args, 7));
                break;
            case "fanout-consume":
                fanoutConsume(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), "copy".equals(args[5]));
                break;
            case "rtt-echo":
                rttEcho(args[1], args[2], args[3]);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static List<Alternative> alternatives(final String[] args, final int from)
    {
        final List<Alternative> alternatives = new ArrayList<>();
        for (final String token : Arrays.copyOfRange(args, from, args.length))
        {
            alternatives.add(Alternative.parse(token));
        }
        return alternatives;
    }

    private static RingBuffer attach(final String path, final WaitMode waitMode)
    {
        return RingBuffer.attach(Paths.get(path)).attachTimeout(Duration.ofSeconds(30)).waitMode(waitMode).build();
    }

    /** Writes one window of messages into one alternative. */
    @FunctionalInterface
    private interface WindowWriter
    {
        void write(long window);
    }

    /** Reads one window of messages from one alternative. */
    @FunctionalInterface
    private interface WindowReader
    {
        /** @return messages per second over the window. */
        double read(long window);
    }

    /**
     * @param poll reads at most its argument messages (and idles as its library's users do), returns how many.
     * @return a reader timing a window from the poll that finds its first message to the one that reads its last.
     */
    private static WindowReader timed(final java.util.function.IntUnaryOperator poll)
    {
        return window ->
        {
            long read = 0;
            long start = 0;
            while (read < window)
            {
                // the clock starts at the poll that finds the window's first message
                final long before = read == 0 ? System.nanoTime() : start;
                final int n = poll.applyAsInt((int)Math.min(Integer.MAX_VALUE, window - read));
                start = read == 0 ? before : start;
                read += n;
            }
            return window * 1e9 / (System.nanoTime() - start);
        };
    }

    private static void windowsProduce(final int size, final long window, final int pairs, final List<Alternative> alternatives)
    {
        final List<AutoCloseable> open = new ArrayList<>();
        try
        {
            final WindowWriter[] writers = new WindowWriter[alternatives.size()];
            for (int a = 0; a < writers.length; a++)
            {
                final Alternative alternative = alternatives.get(a);
                if (alternative.isTandem())
                {
                    final RingBuffer ring = attach(alternative.path, WaitMode.BUSY_SPIN);
                    open.add(ring);
                    final RingProducer producer = ring.producer();
                    open.add(0, producer); // closed before its ring
                    writers[a] = tandemWriter(producer, size);
                }
                else if (alternative.isAgrona())
                {
                    final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(alternative.path), alternative.name);
                    open.add(() -> IoUtil.unmap(mapped));
                    writers[a] = agronaWriter(new OneToOneRingBuffer(new UnsafeBuffer(mapped)), size);
                }
                else
                {
                    writers[a] = ignored -> { }; // the consumer copies on its own: nothing to write
                }
            }
            ready();
            for (int pair = 0; pair < pairs; pair++)
            {
                for (int position = 0; position < writers.length; position++)
                {
                    writers[Alternative.turn(pair, position, writers.length)].write(window);
                }
            }
        }
        finally
        {
            closeAll(open);
        }
    }

    private static WindowWriter tandemWriter(final RingProducer producer, final int size)
    {
        final long[] number = {0};
        if (size <= 4096)
        {
            final byte[] source = new byte[size];
            final long base = Jvm.arrayByteBaseOffset();
            return window ->
            {
                for (long i = 0; i < window; i++)
                {
                    UnsafeMemory.MEMORY.writeLong(source, base, ++number[0]);
                    producer.publish(source);
                }
            };
        }
        final ByteBuffer source = ByteBuffer.allocateDirect(size);
        return window ->
        {
            for (long i = 0; i < window; i++)
            {
                source.putLong(0, ++number[0]);
                producer.publish(source.clear());
            }
        };
    }

    private static WindowWriter agronaWriter(final OneToOneRingBuffer ring, final int size)
    {
        final long[] number = {0};
        final UnsafeBuffer source = new UnsafeBuffer(size <= 4096 ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size));
        final BusySpinIdleStrategy idle = new BusySpinIdleStrategy();
        return window ->
        {
            for (long i = 0; i < window; i++)
            {
                source.putLong(0, ++number[0]);
                while (!ring.write(MSG_TYPE_ID, source, 0, size))
                {
                    idle.idle();
                }
            }
        };
    }

    private static void windowsConsume(
        final int size,
        final int slots,
        final int agronaCapacity,
        final long window,
        final int pairs,
        final boolean copy,
        final List<Alternative> alternatives)
    {
        final List<AutoCloseable> open = new ArrayList<>();
        final long[] errors = {0};
        try
        {
            final WindowReader[] readers = new WindowReader[alternatives.size()];
            for (int a = 0; a < readers.length; a++)
            {
                final Alternative alternative = alternatives.get(a);
                if (alternative.isTandem())
                {
                    final RingBuffer ring = attach(alternative.path, WaitMode.BUSY_SPIN);
                    open.add(ring);
                    final RingConsumer consumer = ring.consumer("windows");
                    open.add(0, consumer); // closed before its ring
                    readers[a] = tandemReader(consumer, copy, errors);
                }
                else if (alternative.isAgrona())
                {
                    final MappedByteBuffer mapped = IoUtil.mapNewFile(new File(alternative.path),
                        agronaCapacity + RingBufferDescriptor.TRAILER_LENGTH);
                    open.add(() -> IoUtil.unmap(mapped));
                    readers[a] = agronaReader(new OneToOneRingBuffer(new UnsafeBuffer(mapped)), alternative.readLimit(), copy, errors);
                }
                else
                {
                    readers[a] = memcpyReader(size, slots);
                }
            }
            ready();
            for (int pair = 0; pair < pairs; pair++)
            {
                for (int position = 0; position < readers.length; position++)
                {
                    final int a = Alternative.turn(pair, position, readers.length);
                    rate(alternatives.get(a).name, readers[a].read(window));
                }
            }
            System.out.println("ERRORS " + errors[0]);
            System.out.flush();
        }
        finally
        {
            closeAll(open);
        }
    }

    /**
     * A consumer of the fan-out ring beside the windows' consumer: before each of its windows it waits for a line on
     * stdin (blocked, using no CPU while the other alternatives are measured), then reads exactly as that one does.
     */
    private static void fanoutConsume(final String path, final String name, final long window, final int pairs, final boolean copy)
        throws IOException
    {
        final BufferedReader turns = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final long[] errors = {0};
        try (RingBuffer ring = attach(path, WaitMode.BUSY_SPIN); RingConsumer consumer = ring.consumer(name))
        {
            final WindowReader reader = tandemReader(consumer, copy, errors);
            ready();
            for (int pair = 0; pair < pairs; pair++)
            {
                if (turns.readLine() == null)
                {
                    return; // the benchmark gave up
                }
                rate(Alternative.FANOUT, reader.read(window));
            }
            System.out.println("ERRORS " + errors[0]);
            System.out.flush();
        }
    }

    /** Each reader has its own loop (not one loop over a lambda), so that each ring's poll call is inlined alike. */
    private static WindowReader tandemReader(final RingConsumer consumer, final boolean copy, final long[] errors)
    {
        final IdleStrategy idle = WaitMode.BUSY_SPIN.newIdleStrategy();
        final ByteBuffer out = ByteBuffer.allocateDirect(copy ? consumer.ring().slotSize() : 8);
        final long[] last = {0};
        final FrameHandler handler = frame ->
        {
            final long number;
            if (copy)
            {
                out.clear();
                frame.copyTo(out);
                number = out.getLong(0);
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
            errors[0] += number == ++last[0] ? 0 : 1;
        };
        return timed(max ->
        {
            final int n = consumer.poll(handler, Math.min(BATCH, max));
            idle.idle(n);
            return n;
        });
    }

    /**
     * An Agrona consumer as its users write one: {@code read(handler, limit)} and an idle strategy fed the count.
     * {@code OneToOneRingBuffer.read} releases the space of the records it handed over only when it returns, so a
     * large limit holds the producer back until the whole batch is handled; a limit of 1 releases each record.
     */
    private static WindowReader agronaReader(final OneToOneRingBuffer ring, final int limit, final boolean copy, final long[] errors)
    {
        final BusySpinIdleStrategy idle = new BusySpinIdleStrategy();
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(copy ? ring.maxMsgLength() : 8));
        final long[] last = {0};
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            final long number;
            if (copy)
            {
                buffer.getBytes(index, out, 0, length);
                number = out.getLong(0);
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
            errors[0] += number == ++last[0] ? 0 : 1;
        };
        return timed(max ->
        {
            final int n = ring.read(handler, Math.min(limit, max));
            idle.idle(n);
            return n;
        });
    }

    /**
     * The copy floor, run by the consumer in its turn: one thread copies a message-sized block, numbered like a
     * message, into {@code buffers} rotating destinations (the ring's working set, so mostly cache-resident).
     */
    private static WindowReader memcpyReader(final int size, final int buffers)
    {
        final ByteBuffer source = ByteBuffer.allocateDirect(size);
        final ByteBuffer destination = ByteBuffer.allocateDirect(size * buffers);
        final long from = Jvm.address(source);
        final long to = Jvm.address(destination);
        final long[] sequence = {0};
        return window ->
        {
            final long start = System.nanoTime();
            long s = sequence[0];
            for (long i = 0; i < window; i++)
            {
                UnsafeMemory.MEMORY.writeLong(from, ++s);
                UnsafeMemory.UNSAFE.copyMemory(from, to + (s % buffers) * size, size);
            }
            final long end = System.nanoTime();
            sequence[0] = s;
            if (UnsafeMemory.MEMORY.readLong(to + (s % buffers) * size) != s)
            {
                throw new IllegalStateException("the memcpy baseline copied nothing");
            }
            return window * 1e9 / (end - start);
        };
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

    private static void closeAll(final List<AutoCloseable> open)
    {
        for (final AutoCloseable c : open)
        {
            try
            {
                c.close();
            }
            catch (final Exception ex)
            {
                ex.printStackTrace();
            }
        }
    }

    private static void ready()
    {
        System.out.println(ChildJvm.READY);
        System.out.flush();
    }

    private static void rate(final String alternative, final double perSecond)
    {
        System.out.println("RATE " + alternative + " " + perSecond);
        System.out.flush();
    }
}
