package io.tandem.remote.internal;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.tandem.internal.runtime.Session;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frontend JVM's side of remote processes: its Aeron (embedded driver under the session directory), the endpoint
 * where nodes answer it, one control link per node (heartbeats both ways), and a conductor thread that reads the
 * nodes' answers and heartbeats and declares a silent node's processes lost. Made by the first remote process,
 * closed with the last ({@link #acquire()} / {@link #release()}). A node's answer counts only if it echoes the
 * request's nonce and is the first for that process; a node heartbeat only if its timestamp is newer than the last
 * and within {@link NodeConductor#TIMESTAMP_WINDOW_MILLIS} (a replayed one keeps no dead node alive).
 */
final class RemoteClient
{
    private static final Logger LOG = LoggerFactory.getLogger(RemoteClient.class);
    /** How often the frontend tells each node it is alive. */
    static final long HEARTBEAT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a STOP for a process the frontend gave up is re-sent (each heartbeat) while its link lives. */
    static final long STOP_RESEND_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long the last reference waits for its final heartbeats to leave before the driver closes. */
    static final long FINAL_HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static RemoteClient current;
    private static int references;

    private final Session session;
    private final AeronRuntime runtime;
    private final long frontendId = new SecureRandom().nextLong();
    private final AtomicInteger nextStream = new AtomicInteger(RemoteDescriptor.FIRST_PROCESS_STREAM);
    private final AtomicInteger nextKey = new AtomicInteger(1);
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
    private final Map<Long, RemoteBackend> backends = new ConcurrentHashMap<>();
    /** The nonce of each process's spawn request until its first answer: a second answer, or another's, is ignored. */
    private final SpawnAnswers answers = new SpawnAnswers();
    private final Thread conductor;
    private volatile boolean closed;

    private RemoteClient(final Session session, final AeronRuntime runtime)
    {
        this.session = session;
        this.runtime = runtime;
        this.conductor = new Thread(this::conduct, "tandem-remote-conductor");
        conductor.setDaemon(true);
    }

    /** @return this JVM's client, made (with its media driver) on first use. */
    static synchronized RemoteClient acquire()
    {
        if (current == null)
        {
            final Session session = Session.acquire();
            try
            {
                final AeronRuntime runtime = AeronRuntime.acquire(session.dir().resolve("aeron"));
                current = new RemoteClient(session, runtime);
                current.conductor.start();
            }
            catch (final RuntimeException | Error ex)
            {
                session.release();
                throw ex;
            }
        }
        references++;
        return current;
    }

    /** Gives back a reference; the last closes the links, the driver (its files go) and the session reference. */
    synchronized void release()
    {
        synchronized (RemoteClient.class)
        {
            if (current != this || --references > 0)
            {
                return;
            }
            current = null;
        }
        closed = true;
        try
        {
            conductor.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        // the last word to each node: this frontend holds none of its processes now (an ended one's bridge may go)
        final long now = System.nanoTime();
        links.values().forEach(l -> l.heartbeat(frontendId, java.util.List.of(), now));
        final long deadline = now + FINAL_HEARTBEAT_NANOS;
        while (System.nanoTime() - deadline < 0 && links.values().stream().anyMatch(this::unsent))
        {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        links.values().forEach(l -> CloseHelper.quietClose(l.control));
        endpoints.values().forEach(e -> CloseHelper.quietClose(e.control));
        runtime.close();
        session.release();
    }

    /** @return true while the driver has not yet sent all that {@code link}'s control publication took. */
    private boolean unsent(final NodeLink link)
    {
        final long position = link.control.position();
        final long registrationId = link.control.originalRegistrationId();
        final org.agrona.concurrent.status.CountersReader counters = runtime.aeron().countersReader();
        final long[] sent = {Long.MAX_VALUE};
        counters.forEach((counterId, typeId, key, label) ->
        {
            // a stream counter's key starts with its publication's registration id
            if (typeId == io.aeron.AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID && key.getLong(0) == registrationId)
            {
                sent[0] = counters.getCounterValue(counterId);
            }
        });
        return sent[0] < position;
    }

    Aeron aeron()
    {
        return runtime.aeron();
    }

    long frontendId()
    {
        return frontendId;
    }

    int nextStreamId()
    {
        return nextStream.getAndIncrement();
    }

    long nextKey()
    {
        return nextKey.getAndIncrement();
    }

    Path sessionDir()
    {
        return session.dir();
    }

    /**
     * @return the link to {@code nodeAddress} for processes signing with the secret in {@code secretFile} (one link per
     * node and secret: processes of one JVM may use different secrets), made on first use.
     */
    NodeLink link(final String nodeAddress, final java.nio.file.Path secretFile, final Signer signer)
    {
        return links.computeIfAbsent(nodeAddress + '\u0000' + secretFile, key -> new NodeLink(nodeAddress,
            Endpoints.numeric(nodeAddress), signer,
            runtime.aeron().addPublication(RemoteDescriptor.channel(nodeAddress, RemoteDescriptor.CONTROL_TERM_LENGTH),
                RemoteDescriptor.CONTROL_STREAM)));
    }

    /** @return this frontend's endpoint ({@code host:port}) as seen from {@code nodeAddress}, bound on first use. */
    String endpointFor(final String nodeAddress)
    {
        final String host = localAddressTowards(nodeAddress);
        return endpoints.computeIfAbsent(host, h ->
        {
            final String endpoint = Endpoints.concrete(h + ":0");
            return new Endpoint(endpoint, runtime.aeron().addSubscription(RemoteDescriptor.endpointChannel(endpoint),
                RemoteDescriptor.FRONTEND_CONTROL_STREAM));
        }).address;
    }

    void register(final long key, final RemoteBackend backend)
    {
        backends.put(key, backend);
    }

    void unregister(final long key)
    {
        backends.remove(key);
        answers.forget(key);
    }

    /** The spawn request of process {@code key} carries {@code nonce}: only an answer echoing it counts, once. */
    void expectAnswer(final long key, final byte[] nonce)
    {
        answers.expect(key, nonce);
    }

    /** @return this host's address on the route to {@code nodeAddress} (no packet is sent). */
    private static String localAddressTowards(final String nodeAddress)
    {
        final int colon = nodeAddress.lastIndexOf(':');
        try (DatagramSocket probe = new DatagramSocket())
        {
            probe.connect(InetAddress.getByName(nodeAddress.substring(0, colon)), Integer.parseInt(nodeAddress.substring(colon + 1)));
            return probe.getLocalAddress().getHostAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find a route to node " + nodeAddress + " (" + ex.getMessage() + ")", ex);
        }
    }

    private void conduct()
    {
        // a node's answer may be larger than one UDP packet (a long REFUSED reason): reassemble
        final FragmentAssembler handler = new FragmentAssembler(this::onControl);
        long nextHeartbeat = 0;
        while (!closed)
        {
            int work = 0;
            for (final Endpoint endpoint : endpoints.values())
            {
                work += endpoint.control.poll(handler, 16);
            }
            final long now = System.nanoTime();
            if (now - nextHeartbeat >= 0)
            {
                nextHeartbeat = now + HEARTBEAT_INTERVAL_NANOS;
                for (final NodeLink link : links.values())
                {
                    link.heartbeat(frontendId, backends.values(), now);
                }
            }
            for (final RemoteBackend backend : backends.values())
            {
                backend.checkLiveness(now);
            }
            if (work == 0)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void onControl(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        try
        {
            if (length < RemoteDescriptor.HEADER_LENGTH + 16 + RemoteDescriptor.SIGNATURE_LENGTH)
            {
                LOG.warn("ignored a {}-byte message on the frontend's control stream: too short", length);
                return;
            }
            final byte type = buffer.getByte(offset);
            final MessageReader r = MessageReader.signedFields(buffer, offset, length);
            if (r.int64("frontend id") != frontendId)
            {
                return; // for another frontend of this host
            }
            final long second = r.int64(type == RemoteDescriptor.NODE_HEARTBEAT ? "node id" : "process key");
            if (type == RemoteDescriptor.NODE_HEARTBEAT)
            {
                final long timestamp = r.int64("timestamp");
                for (final NodeLink link : links.values())
                {
                    if (link.nodeId == second && link.signer.verify(buffer, offset, length) &&
                        link.fresh(timestamp, System.currentTimeMillis()))
                    {
                        link.lastHeardNanos = System.nanoTime();
                    }
                }
                return;
            }
            final RemoteBackend backend = backends.get(second);
            if (backend == null)
            {
                return;
            }
            final boolean signed = backend.link().signer.verify(buffer, offset, length);
            final byte[] nonce = r.bytes(RemoteDescriptor.NONCE_LENGTH, "nonce");
            if (type != RemoteDescriptor.ACCEPTED && type != RemoteDescriptor.REFUSED)
            {
                LOG.warn("ignored a message of type {} from node {}", type, backend.link().address);
                return;
            }
            if (type == RemoteDescriptor.ACCEPTED && !signed)
            {
                LOG.warn("ignored an ACCEPTED for process {} not signed with the secret of node {}", second,
                    backend.link().address);
                return;
            }
            final String ignored = answers.take(second, nonce);
            if (ignored != null)
            {
                // answered already, or an answer to another request (replayed to another node): not this one's
                LOG.warn("ignored an answer (type {}) for process {} from node {}: {}", type, second,
                    backend.link().address, ignored);
                return;
            }
            if (type == RemoteDescriptor.ACCEPTED)
            {
                final long nodeId = r.int64("node id");
                final long pid = r.int64("pid");
                final int replySession = r.int32("reply session id");
                final int[] ringStreams = RemoteRings.decodeStreams(r);
                backend.link().nodeId = nodeId;
                backend.link().lastHeardNanos = System.nanoTime();
                backend.accepted(pid, replySession, ringStreams);
            }
            else
            {
                final String reason = LogText.escape(r.string("reason"), RemoteDescriptor.MAX_STRING_BYTES);
                backend.refused(signed ? reason : "its answer is not signed with this host's cluster secret: the " +
                    "hosts' secrets differ (copy the same secret file to both; the node said: " + reason + ")");
            }
        }
        catch (final MalformedMessageException ex)
        {
            LOG.warn("ignored a malformed message on the frontend's control stream: {}", ex.getMessage());
        }
    }

    /** The endpoint where nodes answer this frontend. */
    private static final class Endpoint
    {
        final String address;
        final Subscription control;

        Endpoint(final String address, final Subscription control)
        {
            this.address = address;
            this.control = control;
        }
    }

    /** This frontend's link to one node: the control publication, and when the node was last heard from. */
    static final class NodeLink
    {
        final String address;
        /** {@link #address} with a numeric host: what spawn requests name as their node. */
        final String numericAddress;
        final Signer signer;
        final Publication control;
        volatile long nodeId;
        volatile long lastHeardNanos = System.nanoTime();
        /** The newest node heartbeat's timestamp taken; conductor thread. */
        private long lastNodeHeartbeatMillis;
        /** Processes given up (killed, or their node declared lost): key to when their STOP stops being re-sent. */
        final Map<Long, Long> stops = new ConcurrentHashMap<>();
        /** The last heartbeat timestamp sent: each is newer (the node drops one that is not), even if the clock steps back. */
        private long lastHeartbeatMillis;

        NodeLink(final String address, final String numericAddress, final Signer signer, final Publication control)
        {
            this.address = address;
            this.numericAddress = numericAddress;
            this.signer = signer;
            this.control = control;
        }

        /** @return true, and takes it, if a node heartbeat of {@code timestamp} is newer than any and within the window. */
        boolean fresh(final long timestamp, final long nowMillis)
        {
            if (timestamp <= lastNodeHeartbeatMillis ||
                Math.abs(nowMillis - timestamp) > NodeConductor.TIMESTAMP_WINDOW_MILLIS)
            {
                return false;
            }
            lastNodeHeartbeatMillis = timestamp;
            return true;
        }

        /**
         * Sends a heartbeat listing the keys of this link's processes the frontend holds (the node stops any other of
         * this frontend's, or lets it go once ended), then re-sends the STOPs of processes given up. Conductor thread.
         */
        void heartbeat(final long frontendId, final Iterable<RemoteBackend> backends, final long now)
        {
            // the time first, then the keys: a spawn request made after this time may be missing, never one before
            // strictly increasing, so a node may refuse any heartbeat not newer than the last (a replay)
            lastHeartbeatMillis = Math.max(System.currentTimeMillis(), lastHeartbeatMillis + 1);
            final MessageWriter w = new MessageWriter(RemoteDescriptor.HEARTBEAT).int64(frontendId)
                .int64(lastHeartbeatMillis);
            final List<Long> keys = new ArrayList<>();
            for (final RemoteBackend backend : backends)
            {
                if (backend.link() == this && backend.isHeld())
                {
                    keys.add(backend.key());
                }
            }
            if (keys.size() > RemoteDescriptor.MAX_HEARTBEAT_KEYS)
            {
                w.int32(RemoteDescriptor.KEYS_NOT_LISTED);
            }
            else
            {
                w.int32(keys.size());
                keys.forEach(w::int64);
            }
            control.offer(w.signed(signer), 0, w.length()); // lost if not connected: the next one goes
            for (final Iterator<Map.Entry<Long, Long>> it = stops.entrySet().iterator(); it.hasNext(); )
            {
                final Map.Entry<Long, Long> stop = it.next();
                if (now - stop.getValue() > 0)
                {
                    it.remove();
                }
                else
                {
                    offer(stopMessage(frontendId, stop.getKey(), true));
                }
            }
        }

        /**
         * Tells the node to stop (or kill) process {@code key}; a kill is re-sent with each heartbeat for
         * {@link #STOP_RESEND_NANOS}, so a node unreachable for a while still gets it.
         *
         * @return true if it went now.
         */
        boolean stop(final long frontendId, final long key, final boolean forcibly)
        {
            if (forcibly)
            {
                stops.put(key, System.nanoTime() + STOP_RESEND_NANOS);
            }
            return offer(stopMessage(frontendId, key, forcibly));
        }

        private MessageWriter stopMessage(final long frontendId, final long key, final boolean forcibly)
        {
            final MessageWriter stop = new MessageWriter(RemoteDescriptor.STOP).int64(frontendId).int64(key)
                .int8(forcibly ? 1 : 0);
            stop.signed(signer);
            return stop;
        }

        /** @return true if the message went; false if the node is not connected or pushes back. */
        boolean offer(final MessageWriter signed)
        {
            return control.offer(signed.buffer(), 0, signed.length()) > 0;
        }
    }
}
