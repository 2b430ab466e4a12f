package io.tandem.perf.rtt;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.CodegenProbe;
import io.tandem.perf.FixedRateSampler;
import io.tandem.perf.Warmup;
import io.tandem.internal.runtime.FileTrees;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One way to send a small value to another process and get it back, busy-spinning on both sides; a
 * benchmark times {@link #roundTrip} in a closed loop or at a fixed rate. Each is set up (peer started,
 * ready) on creation and torn down on close.
 */
public interface RoundTrip extends AutoCloseable
{
    /** Sends {@code value} (positive, increasing) and returns when the peer's echo of it has arrived. */
    void roundTrip(long value) throws Exception;

    @Override
    void close() throws Exception;

    /** @return true once the peer's code generation has settled (see {@link Warmup}); bare peers have none. */
    default boolean peerSettled()
    {
        return true;
    }

    /** A counter through one mapped file: the physical floor. */
    static RoundTrip rawShm(final String tag) throws IOException
    {
        final Path file = ChildJvm.shmFile("rtt-raw-" + tag);
        final MappedByteBuffer buffer = RawShmPeer.map(file);
        final ChildJvm peer = ChildJvm.start(RawShmPeer.class, file.toString());
        peer.awaitReady();
        return new RoundTrip()
        {
            @Override
            public void roundTrip(final long value)
            {
                RawShmPeer.LONGS.setRelease(buffer, RawShmPeer.PING_OFFSET, value); // release: the peer acquires it
                while ((long)RawShmPeer.LONGS.getAcquire(buffer, RawShmPeer.PONG_OFFSET) != value)
                {
                    Thread.onSpinWait();
                }
            }

            @Override
            public void close() throws IOException
            {
                RawShmPeer.LONGS.setRelease(buffer, RawShmPeer.PING_OFFSET, -1L);
                peer.close();
                Files.deleteIfExists(file);
            }
        };
    }

    /** A Chronicle method writer and reader on two queues: what Tandem's commands are made of. */
    static RoundTrip chronicleQueue(final String tag) throws IOException
    {
        final Path pingDir = ChildJvm.shmFile("rtt-ping-" + tag);
        final Path pongDir = ChildJvm.shmFile("rtt-pong-" + tag);
        final ChronicleQueue pings = SingleChronicleQueueBuilder.binary(pingDir).build();
        final ChronicleQueue pongs = SingleChronicleQueueBuilder.binary(pongDir).build();
        final ChildJvm peer = ChildJvm.start(ChronicleQueuePeer.class, pingDir.toString(), pongDir.toString());
        peer.awaitReady();
        final Ping ping = pings.methodWriter(Ping.class);
        final long[] received = {0};
        final MethodReader reader = pongs.createTailer().methodReader((Pong)v -> received[0] = v);
        return new RoundTrip()
        {
            @Override
            public void roundTrip(final long value)
            {
                ping.ping(value);
                while (received[0] != value)
                {
                    if (!reader.readOne())
                    {
                        Thread.onSpinWait();
                    }
                }
            }

            @Override
            public void close()
            {
                ping.ping(-1);
                peer.close();
                pings.close();
                pongs.close();
                FileTrees.deleteRecursively(pingDir);
                FileTrees.deleteRecursively(pongDir);
            }
        };
    }

    /** A Tandem command, {@code backend(Ping.class).ping(v)}, answered by a typed {@code pong(v)}. */
    static RoundTrip tandemCommand(final String tag)
    {
        final PingPongProcess p = new PingPongProcess("rtt-tandem-" + tag,
            ProcessOptions.builder().waitMode(WaitMode.BUSY_SPIN).build());
        p.start();
        p.awaitStarted(Duration.ofSeconds(30));
        return command(p, p::close);
    }

    /**
     * @param p       a started process whose backend answers {@link Ping} with a typed {@link Pong}, busy-spinning,
     *                and answers the {@link CodegenProbe}.
     * @param onClose what closing the round trip does (closing {@code p}, or nothing when it is shared).
     * @return {@code backend(Ping.class).ping(v)} and a poll until its pong has come.
     */
    public static RoundTrip command(final MessageProcess p, final Runnable onClose)
    {
        final Ping ping = p.backend(Ping.class);
        final CodegenProbe probe = p.backend(CodegenProbe.class);
        final long[] received = {0};
        final Pong handler = v -> received[0] = v;
        return new RoundTrip()
        {
            @Override
            public boolean peerSettled()
            {
                return probe.codegenSettled();
            }

            @Override
            public void roundTrip(final long value)
            {
                ping.ping(value);
                while (received[0] != value)
                {
                    if (p.tryReceive(handler) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }

            @Override
            public void close()
            {
                onClose.run();
            }
        };
    }

    /**
     * @return one latency sample per round trip, after at least {@code warmup} untimed ones and until code generation
     * has settled on both sides ({@link Warmup}).
     */
    public static long[] closedLoop(final RoundTrip trip, final int warmup, final int samples) throws Exception
    {
        final long[] value = {0};
        Warmup.untilSettled(() -> trip.roundTrip(++value[0]), warmup, trip::peerSettled);
        final long[] out = new long[samples];
        for (int i = 0; i < samples; i++)
        {
            final long start = System.nanoTime();
            trip.roundTrip(++value[0]);
            out[i] = System.nanoTime() - start;
        }
        return out;
    }

    /**
     * @return {@code samples} round trips started at {@code sampler}'s fixed rate, after a warm-up at that rate of at
     * least {@code warmup} and until code generation has settled on both sides ({@link Warmup}).
     */
    static FixedRateSampler.Samples atRate(final RoundTrip trip, final FixedRateSampler sampler, final int warmup,
        final int samples) throws Exception
    {
        final long[] value = {0};
        // the warm-up at the rate, in blocks of 1000, a look at the peer after each
        Warmup.untilSettled(() -> sampler.run(0, 1_000, i -> trip.roundTrip(++value[0])), (warmup + 999) / 1_000, 1,
            trip::peerSettled);
        final long base = value[0];
        return sampler.run(0, samples, i -> trip.roundTrip(base + i + 1));
    }
}
