package io.tandem.remote.internal;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.tandem.failure.Direction;
import io.tandem.failure.ExitCodes;
import io.tandem.failure.TandemException;
import io.tandem.idle.Doorbell;
import io.tandem.idle.WaitMode;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.MeteredIn;
import io.tandem.internal.channel.QueueRollCycles;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.Queues;
import io.tandem.internal.launch.BackendHandle;
import io.tandem.internal.launch.RemoteSpec;
import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A backend on a tandem node, as the frontend holds it. {@link #start} asks the node (a signed SPAWN) and waits for its
 * answer; then a bridge thread does for the process's local queues what the backend would: reads the command queue
 * (with the backend's accounting: the backlog counters, so the frontend's limit and {@code BacklogFullException} work
 * unchanged) and forwards each document verbatim to the node; appends the node's reply documents to the reply queue,
 * counting and ringing as the backend's reply writer does (so the inbox, calls, pollers and managers work unchanged).
 * The backend has exited when the node says so (END, after its last reply) or when the node has been silent for the
 * liveness timeout ({@link ExitCodes#NODE_LOST}). {@link #pid()} is the backend's pid on the node's host.
 */
final class RemoteBackend implements BackendHandle
{
    private static final Logger LOG = LoggerFactory.getLogger(RemoteBackend.class);
    /** How long a start waits for the node's answer. */
    static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(15);
    private static final int DOCUMENTS_PER_PASS = 64;
    /** The exit code of a backend this frontend killed: SIGKILL's, as for a local one. */
    static final int KILLED = 128 + 9;

    private final RemoteSpec spec;
    private final RemoteClient client;
    private final RemoteClient.NodeLink link;
    private final long key;
    private final int streamId;
    private final ProcessTable table;
    private final int slot;
    private final CompletableFuture<Long> answer = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final long livenessNanos;
    private ExclusivePublication commands;
    private Subscription replies;
    private SingleChronicleQueue commandQueue;
    private QueueSender replySender;
    private DocumentReceiver receiver;
    private Thread bridge;
    /** The mirror stream id of each ring, from ACCEPTED; then the senders feeding them. */
    private volatile int[] ringStreams = new int[0];
    private volatile RemoteRings rings;
    private BridgeIdle bridgeIdle;
    private volatile int endCode = Integer.MIN_VALUE;
    private volatile String lost;
    private volatile long pid;
    private volatile boolean startedSeen;
    /** Set by {@link #destroyForcibly()}: the bridge ends at once, the slot is the frontend's again. */
    private volatile boolean killed;
    /** The spawn request went out: a failed start must tell the node. */
    private boolean requested;
    private volatile int replySessionId;

    private RemoteBackend(final RemoteSpec spec, final RemoteClient client, final Signer signer)
    {
        this.spec = spec;
        this.client = client;
        this.link = client.link(spec.nodeAddress(), spec.secretFile(), signer);
        this.key = client.nextKey();
        this.streamId = client.nextStreamId();
        this.table = spec.table();
        this.slot = spec.slot();
        this.livenessNanos = spec.liveness().toNanos();
    }

    /**
     * Asks the node for the backend and starts the bridge.
     *
     * @throws TandemException naming the node and the reason if it refuses or does not answer.
     */
    static RemoteBackend start(final RemoteSpec spec)
    {
        final Signer signer = new Signer(SecretFile.load(spec.secretFile()));
        final RemoteClient client = RemoteClient.acquire();
        final RemoteBackend backend;
        try
        {
            backend = new RemoteBackend(spec, client, signer);
        }
        catch (final RuntimeException | Error ex)
        {
            client.release();
            throw ex;
        }
        try
        {
            backend.spawn();
            return backend;
        }
        catch (final RuntimeException | Error ex)
        {
            if (backend.requested)
            {
                // the node may run (or start later) a backend nobody will use: kill it, re-sent while the link lives
                backend.link.stop(client.frontendId(), backend.key, true);
            }
            backend.closeResources();
            throw ex;
        }
    }

    RemoteClient.NodeLink link()
    {
        return link;
    }

    long key()
    {
        return key;
    }

    /** @return true while the frontend holds the process: listed in its heartbeats, so the node keeps it running. */
    boolean isHeld()
    {
        return lost == null && !killed && !exit.isDone();
    }

    private void spawn()
    {
        final String endpoint = client.endpointFor(spec.nodeAddress());
        // the endpoint's own channel: a subscription with other parameters would be another endpoint, bound again
        replies = client.aeron().addSubscription(RemoteDescriptor.endpointChannel(endpoint), streamId);
        commands = client.aeron().addExclusivePublication(
            RemoteDescriptor.channel(spec.nodeAddress(), RemoteDescriptor.PROCESS_TERM_LENGTH), streamId);
        commandQueue = Queues.open(ProcessDirectoryDescriptor.commandQueue(spec.processDir()), spec.rollCycle(),
            spec.queueBlockSize(), null, true);
        replySender = QueueSender.open(ProcessDirectoryDescriptor.replyQueue(spec.processDir()), spec.rollCycle(),
                spec.queueBlockSize(), null, QueueRollCycles.indexReserveBytes(spec.rollCycle()))
            .process(spec.processName(), Direction.REPLIES)
            .backlog(Backlog.of(table, slot, Direction.REPLIES, spec.replyBacklog()))
            .maxMessageBytes(spec.maxMessageBytes())
            .sendTimeout(Duration.ZERO) // full: the receiver leaves the fragment in Aeron's image, never waits here
            .waitMode(WaitMode.BACKOFF)
            .afterWrite(this::replyWritten)
            .build();
        receiver = new DocumentReceiver(replySender, this::replyWritten, DocumentReceiver.UNKNOWN, this::ended);
        client.register(key, this);

        final byte[] nonce = new byte[RemoteDescriptor.NONCE_LENGTH];
        new SecureRandom().nextBytes(nonce);
        client.expectAnswer(key, nonce); // only an answer echoing it counts, and only the first
        final MessageWriter request = new SpawnRequest(System.currentTimeMillis(), nonce, client.frontendId(), key,
            commands.sessionId(), streamId, spec.commandBacklog(), spec.replyBacklog(), spec.queueBlockSize(),
            ClassPathHash.current(), endpoint, link.numericAddress, spec.processName(), spec.rollCycle(), spec.jvmArgs(),
            RemoteRings.geometries(spec.rings()), spec.liveness().toMillis()).encode(link.signer);
        final long deadline = System.nanoTime() + SPAWN_TIMEOUT.toNanos();
        while (!link.offer(request))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new TandemException("cannot start process '" + spec.processName() + "' on node " +
                    spec.nodeAddress() + ": no node answers there within " + SPAWN_TIMEOUT.toMillis() + " ms (is " +
                    "'tandem node --listen " + spec.nodeAddress() + "' running, and is the port open?)");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        requested = true;
        try
        {
            pid = answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw (RuntimeException)ex.getCause();
        }
        catch (final TimeoutException ex)
        {
            throw new TandemException("cannot start process '" + spec.processName() + "' on node " + spec.nodeAddress() +
                ": the node took the request but did not answer within " + SPAWN_TIMEOUT.toMillis() + " ms (wrong " +
                "secret? a node answers a request signed with another secret at most once a second; or the node is " +
                "overloaded, or its answers cannot reach this host)");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new TandemException("interrupted while starting process '" + spec.processName() + "' on node " +
                spec.nodeAddress());
        }
        if (!spec.rings().isEmpty())
        {
            // if this fails, start's handler kills the backend on the node
            rings = RemoteRings.forward(spec.rings(), ringStreams, client.aeron(), spec.nodeAddress(),
                spec.processName(), spec.liveness());
        }
        bridge = new Thread(this::runBridge, "tandem-remote-" + spec.processName());
        bridge.setDaemon(true);
        bridge.start();
    }

    /** The node's ACCEPTED. Conductor thread. */
    void accepted(final long remotePid, final int replySessionId, final int[] mirrorStreams)
    {
        this.replySessionId = replySessionId;
        receiver.sessionId(replySessionId);
        ringStreams = mirrorStreams; // before the answer completes: the starting thread reads it after
        answer.complete(remotePid);
    }

    /** The node's REFUSED. Conductor thread. */
    void refused(final String reason)
    {
        answer.completeExceptionally(new TandemException("node " + spec.nodeAddress() + " refused to start process '" +
            spec.processName() + "': " + reason));
    }

    /** Declares the node lost if it has been silent too long. Conductor thread. */
    void checkLiveness(final long now)
    {
        final long silent = now - link.lastHeardNanos;
        if (lost == null && answer.isDone() && silent > livenessNanos)
        {
            lost = "node " + spec.nodeAddress() + " (lost: no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms)";
            LOG.warn("process '{}': {}", spec.processName(), lost);
            // given up here: should the node come back (paused, or the network only dropped its heartbeats), its
            // backend must not live on beside a restart's
            link.stop(client.frontendId(), key, true);
        }
    }

    private void ended(final int exitCode)
    {
        endCode = exitCode;
    }

    private void replyWritten()
    {
        if (!startedSeen)
        {
            startedSeen = true; // the backend's first reply is its "started" (after preRun)
            table.state(slot, ProcessTableDescriptor.RUNNING);
        }
        table.increment(slot, ProcessTableDescriptor.REPLIES_SENT_OFFSET);
        table.ring(slot); // after the reply is complete: a manager that sees the bit finds the reply
        Doorbell.ring(table.replyBell(slot), table.pollBell()); // and its waiters and pollers wake
    }

    private void runBridge()
    {
        int code = ExitCodes.NODE_LOST;
        try
        {
            final MeteredIn in = new MeteredIn(commandQueue.createTailer(), Backlog.of(table, slot, Direction.COMMANDS, 0));
            final DocumentSender sender = new DocumentSender(in, commands);
            final BridgeIdle idle = new BridgeIdle(table.commandBell(slot), this::commandsWaiting);
            bridgeIdle = idle; // closed with the rest: the driver must stop ringing the bell
            // Aeron splits a message into MTU-sized frames: reassembled here (a fragment left by ABORT is kept whole)
            final ControlledFragmentHandler handler = new io.aeron.ControlledFragmentAssembler(receiver);
            Image replyImage = null;
            while (true)
            {
                if (endCode != Integer.MIN_VALUE)
                {
                    code = endCode;
                    break;
                }
                if (killed)
                {
                    code = KILLED;
                    break;
                }
                if (lost != null)
                {
                    break;
                }
                int work = sender.forward(DOCUMENTS_PER_PASS);
                work += replies.controlledPoll(handler, DOCUMENTS_PER_PASS);
                if (replyImage == null)
                {
                    replyImage = replies.imageBySessionId(replySessionId);
                }
                else if (work == 0 && endCode == Integer.MIN_VALUE && (replyImage.isClosed() || replyImage.isEndOfStream()))
                {
                    // the node closed the reply stream without END (it gave the process up), or the driver timed the
                    // image out: nothing more comes
                    lost = "node " + spec.nodeAddress() + " (the reply stream ended without the backend's exit code)";
                    LOG.warn("process '{}': {}", spec.processName(), lost);
                    link.stop(client.frontendId(), key, true);
                    break;
                }
                idle.idle(work, receiver.isFull() || (work == 0 && commandsWaiting()));
            }
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("process '{}': the bridge to node {} failed: {}", spec.processName(), spec.nodeAddress(), ex.toString(), ex);
            lost = "node " + spec.nodeAddress() + " (bridge failed: " + ex + ")";
        }
        closeResources();
        exit.complete(code);
    }

    private boolean commandsWaiting()
    {
        return table.counter(slot, ProcessTableDescriptor.COMMAND_BYTES_WRITTEN_OFFSET) !=
            table.counter(slot, ProcessTableDescriptor.COMMAND_BYTES_READ_OFFSET);
    }

    private void closeResources()
    {
        CloseHelper.quietClose(rings); // at once: a BLOCK producer of a local ring is no longer held by this process
        if (bridgeIdle != null)
        {
            bridgeIdle.close();
        }
        client.unregister(key);
        CloseHelper.quietCloseAll(commands, replies);
        if (replySender != null)
        {
            replySender.close();
        }
        if (commandQueue != null)
        {
            commandQueue.close();
        }
        client.release();
    }

    private void control(final boolean forcibly)
    {
        if (!link.stop(client.frontendId(), key, forcibly))
        {
            LOG.warn("process '{}': cannot reach node {} to {} its backend", spec.processName(), spec.nodeAddress(),
                forcibly ? "kill" : "stop");
        }
    }

    /** @return the backend's pid on the node's host (not a process of this one). */
    @Override
    public long pid()
    {
        return pid;
    }

    @Override
    public boolean isLocal()
    {
        return false;
    }

    @Override
    public String location()
    {
        final String l = lost;
        return l != null ? l : "node " + spec.nodeAddress();
    }

    @Override
    public boolean isAlive()
    {
        return !exit.isDone();
    }

    @Override
    public OptionalInt exitCode()
    {
        final Integer code = exit.getNow(null);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    @Override
    public boolean awaitExit(final Duration timeout) throws InterruptedException
    {
        try
        {
            exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (final TimeoutException ex)
        {
            return false;
        }
        catch (final ExecutionException ex)
        {
            return true;
        }
    }

    /** Asks the node to stop the backend (SIGTERM there: postRun runs). */
    @Override
    public void destroy()
    {
        if (isAlive())
        {
            control(false);
        }
    }

    /**
     * Asks the node to kill the backend (SIGKILL there; re-sent while the link lives) and ends the bridge at once with
     * exit code {@value #KILLED}: the frontend may free or reuse the process's slot right after, and nothing of this
     * process may write to it then.
     */
    @Override
    public void destroyForcibly()
    {
        if (isAlive())
        {
            killed = true;
            control(true);
            table.commandBell(slot).ring(); // the bridge may be asleep on it
        }
    }

    @Override
    public void onExit(final Runnable action)
    {
        exit.thenRun(action);
    }

    @Override
    public String toString()
    {
        return "remote backend pid " + pid + " on node " + spec.nodeAddress();
    }
}
