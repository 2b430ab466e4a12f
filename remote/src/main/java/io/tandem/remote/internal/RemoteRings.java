package io.tandem.remote.internal;

import io.aeron.Aeron;
import io.tandem.internal.launch.RemoteSpec;
import io.tandem.memory.SharedRing;
import io.tandem.remote.ring.RingReceiver;
import io.tandem.remote.ring.RingSender;
import io.tandem.ringbuffer.RingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rings of one remote process: a ring its shipped fields hold crosses to the node as a mirror, fed by a ring
 * bridge ({@link RingSender} here, {@link RingReceiver} there).
 *
 * <ul>
 * <li>The spawn request lists each ring's {@link Geometry} (layout: {@link RemoteDescriptor}, SPAWN).</li>
 * <li>The node ({@link #mirror}) creates a ring of that geometry in its own session under the same name, so the
 *     backend's shipped handle attaches it unchanged, and a receiver on the node's endpoint, on a stream id of its own
 *     that ACCEPTED returns. The receiver is the mirror's producer.</li>
 * <li>The frontend ({@link #forward}) starts a sender per ring towards that stream: one more consumer of its local ring,
 *     named {@code remote:<process>@<node>}.</li>
 * </ul>
 *
 * <p>The direction is the frontend's host to the backend: the ring's producer runs on the frontend's host, the
 * remote backend consumes. A remote backend that asks for the producer gets a clear error (the mirror's producer is
 * the node's receiver). Both halves close with the process: the node's when the backend has ended (the mirror's file
 * goes), the frontend's when the process is known ended or its node lost, at once, so a BLOCK producer of the local
 * ring is no longer held; a sender whose node died without a word is also evicted by its own liveness.
 */
final class RemoteRings implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRings.class);
    /** The first stream id a node hands out for mirrors: above the frontends' per-process streams. */
    static final int FIRST_RING_STREAM = 1 << 20;
    /** Rings one process may hold. */
    static final int MAX_RINGS = 64;
    private static final byte POLICY_BLOCK = 0;
    private static final byte POLICY_OVERWRITE = 1;
    /** How long a remote process's start waits for its ring senders to see the node's receivers. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger NEXT_STREAM = new AtomicInteger(FIRST_RING_STREAM);

    private final List<AutoCloseable> parts;
    private final int[] streamIds;

    private RemoteRings(final List<AutoCloseable> parts, final int[] streamIds)
    {
        this.parts = parts;
        this.streamIds = streamIds;
    }

    /**
     * A ring's geometry, as the spawn request carries it.
     *
     * @param name      the ring's name (the mirror's too).
     * @param slotCount slots, a power of two.
     * @param slotSize  largest frame, bytes.
     * @param policy    BLOCK or OVERWRITE: the mirror's policy is the source's.
     */
    record Geometry(String name, int slotCount, int slotSize, RingPolicy policy)
    {
        static Geometry of(final RemoteSpec.Ring ring)
        {
            return new Geometry(ring.name(), ring.ring().slotCount(), ring.ring().slotSize(), ring.ring().policy());
        }

        void encode(final MessageWriter w)
        {
            w.string(name).int32(slotCount).int32(slotSize).int8(policy == RingPolicy.BLOCK ? POLICY_BLOCK : POLICY_OVERWRITE);
        }

        static Geometry decode(final MessageReader r, final int index)
        {
            final String name = r.string("ring " + index + " name");
            final int slotCount = r.int32("ring " + index + " slot count");
            final int slotSize = r.int32("ring " + index + " slot size");
            final byte policy = r.int8("ring " + index + " policy");
            if (policy != POLICY_BLOCK && policy != POLICY_OVERWRITE)
            {
                throw new MalformedMessageException("ring " + index + " ('" + name + "') has policy code " + policy +
                    " (0 BLOCK or 1 OVERWRITE)");
            }
            if (slotCount <= 0 || slotSize <= 0)
            {
                throw new MalformedMessageException("ring " + index + " ('" + name + "') has " + slotCount +
                    " slots of " + slotSize + " bytes");
            }
            return new Geometry(name, slotCount, slotSize, policy == POLICY_BLOCK ? RingPolicy.BLOCK : RingPolicy.OVERWRITE);
        }
    }

    /** Writes a count(2) and each ring's geometry. */
    static void encode(final List<Geometry> rings, final MessageWriter w)
    {
        w.int8(rings.size() & 0xFF).int8(rings.size() >>> 8);
        rings.forEach(g -> g.encode(w));
    }

    /** Reads what {@link #encode} wrote. */
    static List<Geometry> decode(final MessageReader r)
    {
        final int count = (r.int8("ring count") & 0xFF) | (r.int8("ring count") & 0xFF) << 8;
        if (count > MAX_RINGS)
        {
            throw new MalformedMessageException(count + " rings (at most " + MAX_RINGS + ")");
        }
        final List<Geometry> rings = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            rings.add(Geometry.decode(r, i));
        }
        return rings;
    }

    /** @return the geometries of {@code rings}. */
    static List<Geometry> geometries(final List<RemoteSpec.Ring> rings)
    {
        final List<Geometry> geometries = new ArrayList<>(rings.size());
        rings.forEach(r -> geometries.add(Geometry.of(r)));
        return geometries;
    }

    /**
     * Node side: creates each mirror ring in this JVM's session and a receiver feeding it on {@code endpoint}. Undoes
     * what it made if a step fails.
     *
     * @param endpoint the node's endpoint, {@code host:port}: every subscription on it uses exactly its channel.
     * @throws io.tandem.ringbuffer.RingFileException if the node's session has a ring of that name in use already.
     */
    static RemoteRings mirror(final List<Geometry> rings, final AeronRuntime runtime, final String endpoint)
    {
        final List<AutoCloseable> parts = new ArrayList<>();
        final int[] streams = new int[rings.size()];
        try
        {
            for (int i = 0; i < rings.size(); i++)
            {
                final Geometry g = rings.get(i);
                final SharedRing mirror = SharedRing.builder(g.name()).slotCount(g.slotCount()).slotSize(g.slotSize())
                    .policy(g.policy()).create();
                parts.add(mirror);
                streams[i] = NEXT_STREAM.getAndIncrement();
                final RingReceiver receiver = RingReceiver.builder(runtime.aeron(), mirror.ring())
                    .channel(RemoteDescriptor.endpointChannel(endpoint)).streamId(streams[i]).build();
                parts.add(0, receiver); // closed before its mirror: it is the mirror's producer
                final DriverAgents.Hosted hosted = runtime.host(receiver); // on the driver's thread: see DriverAgents
                if (hosted != null)
                {
                    parts.add(0, hosted); // stopped before the receiver closes
                }
                else
                {
                    receiver.start(); // an external driver: a thread of its own
                }
            }
            return new RemoteRings(parts, streams);
        }
        catch (final RuntimeException | Error ex)
        {
            closeAll(parts);
            throw ex;
        }
    }

    /**
     * Frontend side: starts a sender per ring towards the node's mirror on {@code streamIds}.
     *
     * @param liveness how long the node's receiver may be gone before the sender evicts itself.
     */
    static RemoteRings forward(final List<RemoteSpec.Ring> rings, final int[] streamIds, final Aeron aeron,
        final String nodeAddress, final String processName, final Duration liveness)
    {
        if (streamIds.length != rings.size())
        {
            throw new IllegalStateException("node " + nodeAddress + " mirrored " + streamIds.length + " ring(s) of " +
                "process '" + processName + "', " + rings.size() + " asked");
        }
        final List<AutoCloseable> parts = new ArrayList<>();
        try
        {
            for (int i = 0; i < rings.size(); i++)
            {
                final RingSender sender = RingSender.builder(aeron, rings.get(i).ring()).endpoint(nodeAddress)
                    .streamId(streamIds[i]).consumerName(consumerName(processName, nodeAddress))
                    .livenessTimeout(liveness).build();
                parts.add(sender);
                sender.start();
            }
            awaitConnected(parts, nodeAddress, processName);
            return new RemoteRings(parts, streamIds);
        }
        catch (final RuntimeException | Error ex)
        {
            closeAll(parts);
            throw ex;
        }
    }

    /**
     * Waits (at most {@link #CONNECT_TIMEOUT}) until every sender sees the node's receiver: frames published once the
     * process has started then reach the mirror (an OVERWRITE sender not yet connected would skip them; a BLOCK one
     * holds them, so not connecting in time is only logged).
     */
    private static void awaitConnected(final List<AutoCloseable> senders, final String nodeAddress, final String processName)
    {
        final long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        for (final AutoCloseable part : senders)
        {
            final RingSender sender = (RingSender)part;
            while (!sender.isConnected())
            {
                if (System.nanoTime() - deadline > 0)
                {
                    LOG.warn("process '{}': ring sender {} not connected to node {} after {} ms; frames wait (BLOCK) " +
                        "or are skipped (OVERWRITE) until it is", processName, sender.consumerName(), nodeAddress,
                        CONNECT_TIMEOUT.toMillis());
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }
    }

    /** @return the consumer name of a remote process's sender on the local ring (at most 64 bytes). */
    static String consumerName(final String processName, final String nodeAddress)
    {
        final String name = "remote:" + processName + "@" + nodeAddress;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /** @return the stream id of each ring, in order. */
    int[] streamIds()
    {
        return streamIds.clone();
    }

    /** Writes a count(2) and each stream id: the rings part of ACCEPTED. */
    void encodeStreams(final MessageWriter w)
    {
        encodeStreams(streamIds, w);
    }

    static void encodeStreams(final int[] streams, final MessageWriter w)
    {
        w.int8(streams.length & 0xFF).int8(streams.length >>> 8);
        for (final int stream : streams)
        {
            w.int32(stream);
        }
    }

    /** Reads what {@link #encodeStreams} wrote. */
    static int[] decodeStreams(final MessageReader r)
    {
        final int count = (r.int8("ring count") & 0xFF) | (r.int8("ring count") & 0xFF) << 8;
        if (count > MAX_RINGS)
        {
            throw new MalformedMessageException(count + " ring streams (at most " + MAX_RINGS + ")");
        }
        final int[] streams = new int[count];
        for (int i = 0; i < count; i++)
        {
            streams[i] = r.int32("ring " + i + " stream id");
        }
        return streams;
    }

    /** Closes the bridges, then the mirrors (their files go). Idempotent; never throws. */
    @Override
    public synchronized void close()
    {
        closeAll(parts);
        parts.clear();
    }

    private static void closeAll(final List<AutoCloseable> parts)
    {
        for (final AutoCloseable part : parts)
        {
            try
            {
                part.close();
            }
            catch (final Exception ex)
            {
                LOG.warn("closing {}: {}", part, ex.toString());
            }
        }
    }
}
