package io.tandem.remote.internal;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tandem.internal.runtime.Session;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node's one thread of control: reads the control stream (spawn requests, heartbeats, stops), checks each request
 * (signature, timestamp window, replayed nonce, class path hash), starts the {@link NodeProcess}es it accepts, answers
 * (signed), heartbeats to its frontends, and stops the backends of a frontend that fell silent. A malformed or
 * unauthentic request is refused and logged; the node keeps serving.
 */
public final class NodeConductor implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(NodeConductor.class);
    /** How far a request's timestamp may be from the node's clock. */
    static final long TIMESTAMP_WINDOW_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final long HEARTBEAT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long an answer to a frontend not yet connected is retried. */
    private static final long OUTBOX_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Session session;
    private final AeronRuntime runtime;
    private final Signer signer;
    private final byte[] classPathHash;
    private final Duration liveness;
    private final Duration stopGrace;
    private final long nodeId = new SecureRandom().nextLong();
    private final Subscription control;
    private final String endpoint;
    private final Map<String, Peer> peers = new HashMap<>();
    private final Map<Long, Peer> peersById = new HashMap<>();
    /** Nonces seen within the timestamp window, oldest first: a request seen before is a replay. */
    private final LinkedHashMap<String, Long> nonces = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Binds the node's endpoint and starts its thread.
     *
     * @param listen {@code host:port} (port 0: any free one, see {@link #endpoint()}).
     */
    public NodeConductor(final String listen, final byte[] secret, final Duration liveness, final Duration stopGrace)
    {
        this.session = Session.acquire();
        AeronRuntime aeron = null;
        try
        {
            aeron = AeronRuntime.acquire(session.dir().resolve("aeron"));
            this.runtime = aeron;
            this.signer = new Signer(secret);
            this.classPathHash = ClassPathHash.current();
            this.liveness = liveness;
            this.stopGrace = stopGrace;
            final String concrete = Endpoints.concrete(listen);
            this.control = runtime.aeron().addSubscription(RemoteDescriptor.endpointChannel(concrete),
                RemoteDescriptor.CONTROL_STREAM);
            this.endpoint = resolve(control, concrete);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(aeron);
            session.release();
            throw ex;
        }
        this.thread = new Thread(this::run, "tandem-node");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the bound endpoint, {@code host:port}. */
    public String endpoint()
    {
        return endpoint;
    }

    /** @return the node's session directory (its backends' queues, its media driver's files). */
    public Path sessionDir()
    {
        return session.dir();
    }

    private static String resolve(final Subscription control, final String listen)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String resolved;
        while ((resolved = control.tryResolveChannelEndpointPort()) == null)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("cannot bind the node's UDP endpoint " + listen + " (in use, or not an " +
                    "address of this host?)");
            }
            Thread.onSpinWait();
        }
        final String channel = resolved;
        final int start = channel.indexOf("endpoint=") + "endpoint=".length();
        final int end = channel.indexOf('|', start);
        return end < 0 ? channel.substring(start) : channel.substring(start, end);
    }

    private void run()
    {
        final FragmentHandler handler = this::onControl;
        long nextHeartbeat = 0;
        while (!closed)
        {
            int work = 0;
            try
            {
                work += control.poll(handler, 16);
                final long now = System.nanoTime();
                if (now - nextHeartbeat >= 0)
                {
                    nextHeartbeat = now + HEARTBEAT_INTERVAL_NANOS;
                    heartbeats(now);
                }
                work += housekeeping(now);
            }
            catch (final RuntimeException ex)
            {
                LOG.error("node: {}", ex.toString(), ex);
            }
            if (work == 0)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void onControl(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final byte type = length > 0 ? buffer.getByte(offset) : 0;
        try
        {
            switch (type)
            {
                case RemoteDescriptor.SPAWN:
                    onSpawn(buffer, offset, length);
                    break;
                case RemoteDescriptor.HEARTBEAT:
                    onHeartbeat(buffer, offset, length);
                    break;
                case RemoteDescriptor.STOP:
                    onStop(buffer, offset, length);
                    break;
                default:
                    throw new MalformedMessageException("unknown message type " + type);
            }
        }
        catch (final MalformedMessageException ex)
        {
            LOG.warn("node refused a malformed request ({} bytes, from publication {}): {}", length,
                header.sessionId(), ex.getMessage());
        }
    }

    private void onSpawn(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < RemoteDescriptor.HEADER_LENGTH + RemoteDescriptor.SIGNATURE_LENGTH)
        {
            throw new MalformedMessageException("a spawn request of " + length + " bytes is too short");
        }
        final boolean signed = signer.verify(buffer, offset, length);
        final SpawnRequest request = SpawnRequest.decode(buffer, offset, length); // malformed: thrown, logged
        final String name = "'" + request.processName() + "' from " + request.frontendEndpoint();
        if (!signed)
        {
            refuse(request, "the request is not signed with the node's cluster secret: the hosts' secrets differ", name);
            return;
        }
        final long skew = System.currentTimeMillis() - request.timestampMillis();
        if (Math.abs(skew) > TIMESTAMP_WINDOW_MILLIS)
        {
            refuse(request, "its timestamp is " + skew + " ms off the node's clock (at most " + TIMESTAMP_WINDOW_MILLIS +
                " allowed): a replayed request, or the hosts' clocks differ", name);
            return;
        }
        final String nonce = HexFormat.of().formatHex(request.nonce());
        if (nonces.putIfAbsent(nonce, System.currentTimeMillis()) != null)
        {
            refuse(request, "replayed request (its nonce was seen before)", name);
            return;
        }
        if (!java.util.Arrays.equals(classPathHash, request.classPathHash()))
        {
            refuse(request, "class path differs: the frontend's classes are not the node's (class path hash " +
                HexFormat.of().formatHex(request.classPathHash(), 0, 8) + "... there, " +
                HexFormat.of().formatHex(classPathHash, 0, 8) + "... here); start the node with the same jars and " +
                "classes as the frontend", name);
            return;
        }
        final Peer peer = peer(request.frontendEndpoint());
        peer.frontendId = request.frontendId();
        peer.lastHeardNanos = System.nanoTime();
        peersById.put(request.frontendId(), peer);
        final NodeProcess process;
        try
        {
            process = NodeProcess.start(request, session, runtime.aeron(), endpoint, liveness);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("node could not start process {}: {}", name, ex.toString(), ex);
            refuse(request, "the node could not start it: " + ex.getMessage(), name);
            return;
        }
        peer.processes.put(request.processKey(), process);
        LOG.info("node started process {} as pid {}", name, process.pid());
        final MessageWriter accepted = new MessageWriter(RemoteDescriptor.ACCEPTED).int64(request.frontendId())
            .int64(request.processKey()).int64(nodeId).int64(process.pid()).int32(process.replySessionId());
        process.rings().encodeStreams(accepted);
        peer.send(accepted, signer);
    }

    private void refuse(final SpawnRequest request, final String reason, final String name)
    {
        LOG.warn("node refused process {}: {}", name, reason);
        peer(request.frontendEndpoint()).send(new MessageWriter(RemoteDescriptor.REFUSED).int64(request.frontendId())
            .int64(request.processKey()).string(reason), signer);
    }

    private void onHeartbeat(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!signer.verify(buffer, offset, length))
        {
            throw new MalformedMessageException("a heartbeat not signed with the cluster secret");
        }
        final MessageReader r = new MessageReader(buffer, offset + RemoteDescriptor.HEADER_LENGTH,
            offset + length - RemoteDescriptor.SIGNATURE_LENGTH);
        final Peer peer = peersById.get(r.int64("frontend id"));
        final long timestamp = r.int64("timestamp");
        final int count = r.int32("process key count");
        if (count > RemoteDescriptor.MAX_HEARTBEAT_KEYS || count < RemoteDescriptor.KEYS_NOT_LISTED)
        {
            throw new MalformedMessageException("a heartbeat listing " + count + " processes (at most " +
                RemoteDescriptor.MAX_HEARTBEAT_KEYS + ")");
        }
        final long[] keys = new long[Math.max(count, 0)];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = r.int64("process key " + i);
        }
        r.end();
        if (peer == null)
        {
            return;
        }
        peer.lastHeardNanos = System.nanoTime();
        if (count == RemoteDescriptor.KEYS_NOT_LISTED)
        {
            return;
        }
        java.util.Arrays.sort(keys);
        final long now = System.nanoTime();
        for (final NodeProcess process : peer.processes.values())
        {
            // A request made after the frontend listed its keys cannot be in the list: it is left for the next one.
            if (process.request().timestampMillis() < timestamp &&
                java.util.Arrays.binarySearch(keys, process.request().processKey()) < 0)
            {
                process.frontendReleased(stopGrace, now); // after END: it has it all; before: it gave the process up
            }
        }
    }

    private void onStop(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!signer.verify(buffer, offset, length))
        {
            throw new MalformedMessageException("a stop request not signed with the cluster secret");
        }
        final MessageReader r = new MessageReader(buffer, offset + RemoteDescriptor.HEADER_LENGTH,
            offset + length - RemoteDescriptor.SIGNATURE_LENGTH);
        final Peer peer = peersById.get(r.int64("frontend id"));
        final long key = r.int64("process key");
        final boolean forcibly = r.int8("forcibly") != 0;
        final NodeProcess process = peer == null ? null : peer.processes.get(key);
        if (process != null)
        {
            process.stop(forcibly);
        }
    }

    private Peer peer(final String frontendEndpoint)
    {
        return peers.computeIfAbsent(frontendEndpoint, e -> new Peer(e, runtime.aeron().addPublication(
            RemoteDescriptor.channel(e, RemoteDescriptor.CONTROL_TERM_LENGTH), RemoteDescriptor.FRONTEND_CONTROL_STREAM)));
    }

    private void heartbeats(final long now)
    {
        for (final Peer peer : peers.values())
        {
            if (peer.processes.values().stream().anyMatch(p -> !p.isFrontendLost()))
            {
                // offered once: the next one goes in 200 ms; queued, a gone frontend's would pile up and be logged
                peer.offerOnce(new MessageWriter(RemoteDescriptor.NODE_HEARTBEAT).int64(peer.frontendId).int64(nodeId)
                    .int64(System.currentTimeMillis()), signer);
            }
        }
    }

    private int housekeeping(final long now)
    {
        int work = 0;
        final long livenessNanos = liveness.toNanos();
        for (final Iterator<Peer> it = peers.values().iterator(); it.hasNext(); )
        {
            final Peer peer = it.next();
            work += peer.flush(now);
            final long silent = now - peer.lastHeardNanos;
            boolean warned = false;
            for (final Iterator<NodeProcess> ps = peer.processes.values().iterator(); ps.hasNext(); )
            {
                final NodeProcess process = ps.next();
                if (!process.isFrontendLost() && silent > process.livenessNanos()) // the smaller of node's and frontend's
                {
                    if (!warned)
                    {
                        warned = true;
                        LOG.warn("node: frontend {} silent for {} ms: stopping its backend(s)", peer.endpoint,
                            TimeUnit.NANOSECONDS.toMillis(silent));
                    }
                    process.frontendLost(stopGrace, now, "lost (no heartbeat for " +
                        TimeUnit.NANOSECONDS.toMillis(silent) + " ms)");
                }
                process.checkGrace(now);
                if (process.isFinished())
                {
                    ps.remove();
                    work++;
                }
            }
            if (peer.processes.isEmpty() && peer.outbox.isEmpty() && now - peer.lastHeardNanos > livenessNanos)
            {
                peersById.remove(peer.frontendId, peer);
                CloseHelper.quietClose(peer.control);
                it.remove();
            }
        }
        final long oldest = System.currentTimeMillis() - 2 * TIMESTAMP_WINDOW_MILLIS;
        for (final Iterator<Long> seen = nonces.values().iterator(); seen.hasNext() && seen.next() < oldest; )
        {
            seen.remove();
        }
        return work;
    }

    /**
     * Stops the thread, then every backend as a frontend's stop would: SIGTERM (postRun runs), the stop grace, SIGKILL;
     * each bridge sends its last replies and END (with the backend's exit code) before it closes. Then closes Aeron.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final List<NodeProcess> all = new ArrayList<>();
        peers.values().forEach(p -> all.addAll(p.processes.values()));
        all.forEach(NodeProcess::shutdown);
        final long deadline = System.nanoTime() + stopGrace.toNanos();
        all.forEach(p -> p.awaitStop(deadline));
        peers.values().forEach(p -> CloseHelper.quietClose(p.control));
        CloseHelper.quietClose(control);
        runtime.close();
        session.release();
    }

    /** A frontend as the node knows it: where it listens, its control publication, its processes, its liveness. */
    private static final class Peer
    {
        final String endpoint;
        final Publication control;
        final Map<Long, NodeProcess> processes = new HashMap<>();
        final ArrayDeque<Pending> outbox = new ArrayDeque<>();
        long frontendId;
        long lastHeardNanos = System.nanoTime();

        Peer(final String endpoint, final Publication control)
        {
            this.endpoint = endpoint;
            this.control = control;
        }

        void send(final MessageWriter message, final Signer signer)
        {
            message.signed(signer);
            if (outbox.isEmpty() && control.offer(message.buffer(), 0, message.length()) > 0)
            {
                return;
            }
            outbox.add(new Pending(message, System.nanoTime() + OUTBOX_TIMEOUT_NANOS));
        }

        /** Offers {@code message} once: dropped if the frontend is not connected or pushes back. */
        void offerOnce(final MessageWriter message, final Signer signer)
        {
            message.signed(signer);
            control.offer(message.buffer(), 0, message.length());
        }

        int flush(final long now)
        {
            int sent = 0;
            while (!outbox.isEmpty())
            {
                final Pending next = outbox.peek();
                if (control.offer(next.message.buffer(), 0, next.message.length()) > 0)
                {
                    outbox.poll();
                    sent++;
                }
                else if (now - next.deadline > 0)
                {
                    outbox.poll();
                    LOG.warn("node: an answer to frontend {} could not be sent (not connected)", endpoint);
                }
                else
                {
                    break;
                }
            }
            return sent;
        }
    }

    private record Pending(MessageWriter message, long deadline)
    {
    }
}
