package io.tandem.remote.internal;

import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.FragmentAssembler;
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
 * A node's one thread of control: reads the control stream (spawn requests, heartbeats, stops; reassembled: a spawn
 * request may span several UDP packets), checks each request (signature first, then the node it is meant for, the
 * timestamp window, a replayed nonce, the class path hash, the JVM arguments against the {@link JvmArgPolicy}), starts
 * the {@link NodeProcess}es it accepts, answers (signed, echoing the request's nonce), heartbeats to its frontends,
 * and stops the backends of a frontend that fell silent. A malformed request is refused and logged; the node keeps
 * serving.
 * <p>
 * A message not signed with the cluster secret makes the node do next to nothing: no string of it is logged (one
 * WARN per {@link #UNAUTHENTIC_WARN_INTERVAL_NANOS} with a count of those suppressed and the Aeron source), no host
 * name of it is resolved (endpoints must be numeric), and at most one REFUSED per
 * {@link #UNAUTHENTIC_REFUSAL_INTERVAL_NANOS} for the whole node goes to the endpoint it names, on a publication
 * closed right after, so that a frontend with the wrong secret learns why instead of timing out.
 */
public final class NodeConductor implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(NodeConductor.class);
    /** How far a request's timestamp may be from the node's clock. */
    static final long TIMESTAMP_WINDOW_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final long HEARTBEAT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long an answer to a frontend not yet connected is retried. */
    private static final long OUTBOX_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** At most one WARN about unauthentic messages per this interval (the rest are counted). */
    static final long UNAUTHENTIC_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** At most one REFUSED to a sender without the secret per this interval, node-wide. */
    static final long UNAUTHENTIC_REFUSAL_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the REFUSED to a sender without the secret is tried before its publication is closed. */
    private static final long UNAUTHENTIC_REFUSAL_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Session session;
    private final AeronRuntime runtime;
    private final Signer signer;
    private final byte[] classPathHash;
    private final Duration liveness;
    private final Duration stopGrace;
    private final JvmArgPolicy jvmArgPolicy;
    private final long nodeId = new SecureRandom().nextLong();
    private final Subscription control;
    private final String endpoint;
    private final Map<String, Peer> peers = new HashMap<>();
    private final Map<Long, Peer> peersById = new HashMap<>();
    /** Nonces seen within the timestamp window, oldest first: a request seen before is a replay. */
    private final LinkedHashMap<String, Long> nonces = new LinkedHashMap<>();
    private final Thread thread;
    private long unauthentic;
    private long heartbeatMillis;
    private long nextUnauthenticWarnNanos = System.nanoTime();
    private long nextUnauthenticRefusalNanos = System.nanoTime();
    private Publication unauthenticRefusal;
    private MessageWriter unauthenticRefusalMessage;
    private long unauthenticRefusalDeadline;
    private volatile boolean closed;

    /**
     * Binds the node's endpoint and starts its thread.
     *
     * @param listen          {@code host:port} (port 0: any free one, see {@link #endpoint()}).
     * @param allowedJvmArgs  JVM arguments allowed beyond the {@link JvmArgPolicy}'s defaults: an argument, or a prefix
     *                        ending in {@code *}.
     */
    public NodeConductor(final String listen, final byte[] secret, final Duration liveness, final Duration stopGrace,
        final List<String> allowedJvmArgs)
    {
        this.jvmArgPolicy = new JvmArgPolicy(allowedJvmArgs);
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
        // a spawn request may be larger than one UDP packet (up to RemoteDescriptor.MAX_CONTROL_MESSAGE): reassemble
        final FragmentAssembler handler = new FragmentAssembler(this::onControl);
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
                work += flushUnauthenticRefusal(now);
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
                    unauthentic(header);
            }
        }
        catch (final Unauthentic ex)
        {
            unauthentic(header);
        }
        catch (final MalformedMessageException ex)
        {
            // signed (the signature is checked first): the sender holds the secret, its message is worth a line
            LOG.warn("node refused a malformed request ({} bytes, from {}): {}", length, source(header),
                LogText.escape(ex.getMessage()));
        }
    }

    /** A message not signed with the cluster secret: counted, and logged at most once per interval. */
    private void unauthentic(final Header header)
    {
        unauthentic++;
        final long now = System.nanoTime();
        if (now - nextUnauthenticWarnNanos >= 0)
        {
            nextUnauthenticWarnNanos = now + UNAUTHENTIC_WARN_INTERVAL_NANOS;
            LOG.warn("node ignored {} message(s) not signed with the cluster secret (wrong secret, or not a tandem " +
                "frontend; the latest from {}); the next such warning comes {} s later at the earliest", unauthentic,
                source(header), TimeUnit.NANOSECONDS.toSeconds(UNAUTHENTIC_WARN_INTERVAL_NANOS));
            unauthentic = 0;
        }
    }

    private static String source(final Header header)
    {
        final Object context = header.context();
        return (context instanceof Image image ? image.sourceIdentity() : "?") + " publication " + header.sessionId();
    }

    /**
     * A spawn request not signed with the cluster secret: at most one REFUSED per interval, node-wide, to the numeric
     * endpoint it names, on a publication closed once it went or after a short timeout.
     */
    private void refuseUnauthentic(final DirectBuffer buffer, final int offset, final int length)
    {
        final long now = System.nanoTime();
        if (unauthenticRefusal != null || now - nextUnauthenticRefusalNanos < 0)
        {
            return;
        }
        final SpawnRequest request;
        try
        {
            request = SpawnRequest.decode(buffer, offset, length); // endpoints numeric, or thrown: nothing to resolve
        }
        catch (final MalformedMessageException ex)
        {
            return;
        }
        nextUnauthenticRefusalNanos = now + UNAUTHENTIC_REFUSAL_INTERVAL_NANOS;
        unauthenticRefusalMessage = answer(RemoteDescriptor.REFUSED, request).string("the request is not signed " +
            "with the node's cluster secret: the hosts' secrets differ");
        unauthenticRefusalMessage.signed(signer);
        unauthenticRefusal = runtime.aeron().addPublication(RemoteDescriptor.channel(request.frontendEndpoint(),
            RemoteDescriptor.CONTROL_TERM_LENGTH), RemoteDescriptor.FRONTEND_CONTROL_STREAM);
        unauthenticRefusalDeadline = now + UNAUTHENTIC_REFUSAL_TIMEOUT_NANOS;
    }

    private int flushUnauthenticRefusal(final long now)
    {
        if (unauthenticRefusal == null)
        {
            return 0;
        }
        final boolean sent = unauthenticRefusal.offer(unauthenticRefusalMessage.buffer(), 0,
            unauthenticRefusalMessage.length()) > 0;
        if (sent || now - unauthenticRefusalDeadline > 0)
        {
            CloseHelper.quietClose(unauthenticRefusal);
            unauthenticRefusal = null;
            unauthenticRefusalMessage = null;
            return 1;
        }
        return 0;
    }

    /** @return an ACCEPTED or REFUSED to {@code request}: frontend id, process key, the request's nonce. */
    private static MessageWriter answer(final byte type, final SpawnRequest request)
    {
        return new MessageWriter(type).int64(request.frontendId()).int64(request.processKey()).bytes(request.nonce());
    }

    private void onSpawn(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < RemoteDescriptor.HEADER_LENGTH + RemoteDescriptor.SIGNATURE_LENGTH)
        {
            throw new MalformedMessageException("a spawn request of " + length + " bytes is too short");
        }
        if (!signer.verify(buffer, offset, length)) // first: nothing of an unauthentic request is used but its endpoint
        {
            refuseUnauthentic(buffer, offset, length);
            throw new Unauthentic();
        }
        final SpawnRequest request = SpawnRequest.decode(buffer, offset, length); // malformed: thrown, logged
        final String name = "'" + LogText.escape(request.processName()) + "' from " + request.frontendEndpoint();
        if (!Endpoints.isThisNode(request.nodeAddress(), endpoint))
        {
            refuse(request, "the request is for node " + request.nodeAddress() + ", this is " + endpoint + " (a " +
                "request sent to another node and replayed here?)", name);
            return;
        }
        final long skew = System.currentTimeMillis() - request.timestampMillis();
        if (Math.abs(skew) > TIMESTAMP_WINDOW_MILLIS)
        {
            refuse(request, "its timestamp is " + skew + " ms off the node's clock (at most " + TIMESTAMP_WINDOW_MILLIS +
                " allowed): a replayed request, or the hosts' clocks differ", name);
            return;
        }
        final String refusedArg = jvmArgPolicy.refusal(request.jvmArgs());
        if (refusedArg != null)
        {
            refuse(request, refusedArg, name);
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
            process = NodeProcess.start(request, session, runtime, endpoint, liveness);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("node could not start process {}: {}", name, ex.toString(), ex);
            refuse(request, "the node could not start it: " + ex.getMessage(), name);
            return;
        }
        peer.heartbeatFloor(request.timestampMillis());
        peer.processes.put(request.processKey(), process);
        LOG.info("node started process {} as pid {}", name, process.pid());
        final MessageWriter accepted = answer(RemoteDescriptor.ACCEPTED, request).int64(nodeId).int64(process.pid()).int32(process.replySessionId());
        process.rings().encodeStreams(accepted);
        peer.send(accepted, signer);
    }

    private void refuse(final SpawnRequest request, final String reason, final String name)
    {
        LOG.warn("node refused process {}: {}", name, LogText.escape(reason, RemoteDescriptor.MAX_STRING_BYTES));
        final String fitting = reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason; // one string's limit
        peer(request.frontendEndpoint()).send(answer(RemoteDescriptor.REFUSED, request).string(fitting), signer);
    }

    /** @return the fields of a control message signed with the cluster's secret; {@link Unauthentic} if it is not. */
    private MessageReader verifiedFields(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!signer.verify(buffer, offset, length))
        {
            throw new Unauthentic();
        }
        return MessageReader.signedFields(buffer, offset, length);
    }

    private void onHeartbeat(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageReader r = verifiedFields(buffer, offset, length);
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
        // a replayed heartbeat must not keep a dead frontend's backends alive: strictly increasing, within the window
        if (peer == null || !peer.fresh(timestamp, System.currentTimeMillis()))
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
        final MessageReader r = verifiedFields(buffer, offset, length);
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
        // strictly increasing (a frontend drops one that is not), even if the wall clock steps back
        heartbeatMillis = Math.max(System.currentTimeMillis(), heartbeatMillis + 1);
        for (final Peer peer : peers.values())
        {
            if (peer.processes.values().stream().anyMatch(p -> !p.isFrontendLost()))
            {
                // offered once: the next one goes in 200 ms; queued, a gone frontend's would pile up and be logged
                peer.offerOnce(new MessageWriter(RemoteDescriptor.NODE_HEARTBEAT).int64(peer.frontendId).int64(nodeId)
                    .int64(heartbeatMillis), signer);
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
        CloseHelper.quietClose(unauthenticRefusal);
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
        /** The newest heartbeat timestamp taken (or the newest accepted request's): older ones are replays. */
        long lastHeartbeatMillis;

        Peer(final String endpoint, final Publication control)
        {
            this.endpoint = endpoint;
            this.control = control;
        }

        void heartbeatFloor(final long requestMillis)
        {
            lastHeartbeatMillis = Math.max(lastHeartbeatMillis, requestMillis);
        }

        /** @return true, and takes it, if a heartbeat of {@code timestamp} is newer than any and within the window. */
        boolean fresh(final long timestamp, final long nowMillis)
        {
            if (timestamp <= lastHeartbeatMillis || Math.abs(nowMillis - timestamp) > TIMESTAMP_WINDOW_MILLIS)
            {
                return false;
            }
            lastHeartbeatMillis = timestamp;
            return true;
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

    /** A message not signed with the cluster secret: nothing of it is logged ({@link #unauthentic(Header)}). */
    private static final class Unauthentic extends RuntimeException
    {
        Unauthentic()
        {
            super(null, null, false, false);
        }
    }
}
