package io.tandem.remote.internal;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.tandem.ProcessOptions;
import io.tandem.failure.Direction;
import io.tandem.failure.ExitCodes;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.MeteredIn;
import io.tandem.internal.channel.QueueRollCycles;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.Queues;
import io.tandem.internal.launch.BackendHandle;
import io.tandem.internal.launch.BackendLauncher;
import io.tandem.internal.launch.BackendSpec;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One backend a node runs for a remote frontend: a process of the node's own session (directory, queues, slot, made
 * and launched by core's machinery as a local frontend would), bridged to the frontend: commands arriving on the
 * process's command stream (only from the publication the signed request named) are appended to the local command
 * queue within its backlog limit (when full, the stream is not read: Aeron's flow control holds the frontend back);
 * local replies are forwarded on the reply stream; when the backend exits, its last replies go, then END with its
 * exit code: however slowly the frontend reads (no deadline while it lives: locally too replies stay readable), given
 * up only when the frontend is lost or no longer holds the process, or the node closes. Everything it made is removed
 * when it ends.
 */
final class NodeProcess
{
    private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);
    private static final int DOCUMENTS_PER_PASS = 64;
    /** How long a closing node gives an exited backend's last replies and END to go out. */
    static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * How long the reply stream stays open after END when the frontend does not say it has read it (its heartbeats
     * do not list its processes: more than {@link RemoteDescriptor#MAX_HEARTBEAT_KEYS} on this node).
     */
    static final long END_ACK_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String localName;
    private final SpawnRequest request;
    private final Session session;
    private final ProcessTable table;
    private final Path processDir;
    private final int slot;
    private final QueueSender commandSender;
    private final SingleChronicleQueue replyQueue;
    private final Subscription commands;
    private final ExclusivePublication replies;
    private final BackendHandle backend;
    private final RemoteRings rings;
    private final Thread bridge;
    /** The smaller of the node's liveness timeout and the frontend's for this process. */
    private final long livenessNanos;
    private volatile boolean frontendLost;
    /** Set when the node closes: the drain and END give up at this time (System.nanoTime()). */
    private volatile long closeDeadlineNanos;
    private volatile boolean closing;
    /** The frontend no longer holds the process: what it has is all it wants (after END: it read it). */
    private volatile boolean released;
    private boolean stopAsked;
    private boolean killAsked;
    private volatile boolean finished;
    private long forceKillAtNanos;
    private BridgeIdle bridgeIdle;

    private NodeProcess(final String localName, final SpawnRequest request, final Session session, final Path processDir,
        final int slot, final QueueSender commandSender, final SingleChronicleQueue replyQueue, final Subscription commands,
        final ExclusivePublication replies, final BackendHandle backend, final RemoteRings rings, final Duration liveness)
    {
        final long asked = TimeUnit.MILLISECONDS.toNanos(request.livenessMillis());
        this.livenessNanos = asked > 0 ? Math.min(asked, liveness.toNanos()) : liveness.toNanos();
        this.localName = localName;
        this.request = request;
        this.session = session;
        this.table = session.processTable();
        this.processDir = processDir;
        this.slot = slot;
        this.commandSender = commandSender;
        this.replyQueue = replyQueue;
        this.commands = commands;
        this.replies = replies;
        this.backend = backend;
        this.rings = rings;
        this.bridge = new Thread(this::runBridge, "tandem-node-" + localName);
        bridge.setDaemon(true);
    }

    /**
     * Makes the process's directory, queues and slot in the node's session, subscribes to its commands, publishes its
     * replies and launches its backend JVM. Undoes what it made if any step fails.
     *
     * @param listenEndpoint the node's endpoint, {@code host:port}.
     * @param liveness       the node's liveness timeout (the request's, if smaller, is used).
     */
    static NodeProcess start(final SpawnRequest request, final Session session, final AeronRuntime runtime,
        final String listenEndpoint, final Duration liveness)
    {
        final String localName = localName(request);
        final ProcessTable table = session.processTable();
        final ProcessOptions options = ProcessOptions.builder().queueBlockSize(request.queueBlockSize())
            .rollCycle(request.rollCycle()).commandBacklog(Math.max(request.commandBacklog(), 1))
            .replyBacklog(request.replyBacklog()).build(); // validates what the frontend asked for
        Path processDir = null;
        QueueSender.Builder commandQueue = null;
        QueueSender commandSender = null;
        SingleChronicleQueue replyQueue = null;
        Subscription commands = null;
        ExclusivePublication replies = null;
        RemoteRings rings = null;
        int slot = -1;
        try
        {
            processDir = session.reserveProcessDirectory(localName);
            commandQueue = QueueSender.open(ProcessDirectoryDescriptor.commandQueue(processDir), request.rollCycle(),
                request.queueBlockSize(), null, QueueRollCycles.indexReserveBytes(request.rollCycle()));
            replyQueue = Queues.open(ProcessDirectoryDescriptor.replyQueue(processDir), request.rollCycle(),
                request.queueBlockSize(), null, true);
            slot = table.claim();
            table.set(slot, ProcessTableDescriptor.COMMAND_BACKLOG_LIMIT_OFFSET, request.commandBacklog());
            table.set(slot, ProcessTableDescriptor.REPLY_BACKLOG_LIMIT_OFFSET, request.replyBacklog());
            final int s = slot;
            final io.tandem.idle.Doorbell commandBell = table.commandBell(slot);
            final Runnable commandSent = () ->
            {
                table.increment(s, ProcessTableDescriptor.COMMANDS_SENT_OFFSET);
                commandBell.ring(); // the backend may be asleep on it
            };
            commandSender = commandQueue.process(localName, Direction.COMMANDS)
                .backlog(Backlog.of(table, slot, Direction.COMMANDS, request.commandBacklog()))
                .maxMessageBytes(options.maxMessageBytes())
                .sendTimeout(Duration.ZERO) // full: the stream is left unread, never waited on here
                .afterWrite(commandSent)
                .build();
            commandQueue = null;
            commands = runtime.aeron().addSubscription(RemoteDescriptor.sessionChannel(listenEndpoint, request.commandSessionId()),
                request.streamId());
            replies = runtime.aeron().addExclusivePublication(RemoteDescriptor.channel(request.frontendEndpoint(),
                RemoteDescriptor.PROCESS_TERM_LENGTH), request.streamId());
            if (session.isOwned())
            {
                final Map<String, String> entry = new java.util.LinkedHashMap<>();
                entry.put("class", "remote:" + request.processName());
                entry.put("slot", Integer.toString(slot));
                entry.put("mode", "NODE");
                entry.put("frontend", request.frontendEndpoint());
                entry.put("started", Long.toString(System.currentTimeMillis()));
                session.registry().put(localName, entry);
            }
            rings = RemoteRings.mirror(request.rings(), runtime, listenEndpoint); // before the backend attaches them
            final BackendHandle backend = BackendLauncher.startJvm(new BackendSpec(localName, processDir, session.dir(),
                slot, request.rollCycle(), request.queueBlockSize(), request.jvmArgs(), false, "io.tandem.BackendMain"));
            table.pid(slot, backend.pid());
            final NodeProcess process = new NodeProcess(localName, request, session, processDir, slot, commandSender,
                replyQueue, commands, replies, backend, rings, liveness);
            process.bridge.start();
            return process;
        }
        catch (final RuntimeException | Error ex)
        {
            if (commandQueue != null)
            {
                commandQueue.abandon();
            }
            if (commandSender != null)
            {
                commandSender.close();
            }
            CloseHelper.quietCloseAll(rings, replyQueue, commands, replies);
            if (slot >= 0)
            {
                table.free(slot);
                if (session.isOwned())
                {
                    session.registry().remove(localName);
                }
            }
            if (processDir != null)
            {
                FileTrees.deleteRecursively(processDir);
            }
            throw ex;
        }
    }

    /** @return the name in the node's session: the frontend's name, made unique by the frontend and the key. */
    private static String localName(final SpawnRequest request)
    {
        final String suffix = "-" + Long.toHexString(request.frontendId() & 0xFFFFFFL) + "-" + request.processKey();
        final String base = request.processName().replaceAll("[^A-Za-z0-9._-]", "_");
        return (base.length() + suffix.length() > 64 ? base.substring(0, 64 - suffix.length()) : base) + suffix;
    }

    long pid()
    {
        return backend.pid();
    }

    int replySessionId()
    {
        return replies.sessionId();
    }

    /** @return the mirrors of the process's rings. */
    RemoteRings rings()
    {
        return rings;
    }

    SpawnRequest request()
    {
        return request;
    }

    boolean isFinished()
    {
        return finished;
    }

    /** @return the liveness timeout tethering this process to its frontend. */
    long livenessNanos()
    {
        return livenessNanos;
    }

    /** @return true once the node has given up the frontend for this process (lost or no longer holding it). */
    boolean isFrontendLost()
    {
        return frontendLost;
    }

    /**
     * The frontend asked: stop (SIGTERM: postRun runs) or kill. A kill means the frontend gave the process up (its
     * bridge has ended): its replies and END are no longer sent. Re-sent kills are taken once. Conductor thread.
     */
    void stop(final boolean forcibly)
    {
        if (forcibly ? killAsked : stopAsked)
        {
            return;
        }
        LOG.info("{}: the frontend asks to {} the backend", localName, forcibly ? "kill" : "stop");
        if (forcibly)
        {
            killAsked = true;
            released = true;
            backend.destroyForcibly();
        }
        else
        {
            stopAsked = true;
            backend.destroy();
        }
    }

    /**
     * The frontend's heartbeat no longer lists the process: if the backend has exited, the frontend has its END and
     * the bridge may go; if not, the frontend gave it up: stopped as for a lost frontend. Conductor thread.
     */
    void frontendReleased(final Duration grace, final long now)
    {
        if (backend.isAlive() && !killAsked)
        {
            frontendLost(grace, now, "no longer holds the process (not in its heartbeat)");
        }
        released = true;
    }

    /**
     * Its frontend is silent past the liveness timeout, or no longer lists the process in its heartbeats: stop the
     * backend, kill it after {@code grace}.
     */
    void frontendLost(final Duration grace, final long now, final String why)
    {
        if (frontendLost)
        {
            return;
        }
        frontendLost = true;
        LOG.warn("{}: frontend {} {}: stopping the backend (pid {}), killing it after {} ms", localName,
            request.frontendEndpoint(), why, backend.pid(), grace.toMillis());
        backend.destroy();
        forceKillAtNanos = now + grace.toNanos();
    }

    /** Kills a backend stopped for a lost frontend that outlived its grace. Conductor thread. */
    void checkGrace(final long now)
    {
        if (frontendLost && forceKillAtNanos != 0 && now - forceKillAtNanos > 0 && backend.isAlive())
        {
            LOG.warn("{}: backend still running {} after its grace: killing it", localName, backend.pid());
            backend.destroyForcibly();
            forceKillAtNanos = 0;
        }
    }

    /** The node is closing: SIGTERM the backend (postRun runs); see {@link #awaitStop}. */
    void shutdown()
    {
        closing = true;
        backend.destroy();
    }

    /**
     * Waits until {@code deadline} for the backend to exit, kills it if it did not, then gives its last replies and
     * END {@link #CLOSE_DRAIN_NANOS} to go and waits for the bridge.
     */
    void awaitStop(final long deadline)
    {
        try
        {
            backend.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (backend.isAlive())
            {
                LOG.warn("{}: backend (pid {}) still running after the node's stop grace: killing it", localName,
                    backend.pid());
                backend.destroyForcibly();
                backend.awaitExit(Duration.ofSeconds(5));
            }
            closeDeadlineNanos = System.nanoTime() + CLOSE_DRAIN_NANOS;
            bridge.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_DRAIN_NANOS) + 1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** @return true if the last replies and END are to be given up: nobody reads them, or the node closes past its deadline. */
    private boolean givenUp()
    {
        if (frontendLost || released)
        {
            return true;
        }
        final long deadline = closeDeadlineNanos;
        return closing && deadline != 0 && System.nanoTime() - deadline > 0;
    }

    private void runBridge()
    {
        try
        {
            final MeteredIn in = new MeteredIn(replyQueue.createTailer(), Backlog.of(table, slot, Direction.REPLIES, 0));
            final DocumentSender sender = new DocumentSender(in, replies);
            final DocumentReceiver receiver = new DocumentReceiver(commandSender, commandSender.afterWrite(),
                request.commandSessionId(), code -> { });
            final io.aeron.ControlledFragmentAssembler assembler = new io.aeron.ControlledFragmentAssembler(receiver);
            final BridgeIdle idle = new BridgeIdle(table.replyBell(slot), this::repliesWaiting);
            bridgeIdle = idle; // closed in release: the driver must stop ringing the bell
            while (backend.isAlive())
            {
                int work = commands.controlledPoll(assembler, DOCUMENTS_PER_PASS);
                work += forwardReplies(sender, in);
                idle.idle(work, receiver.isFull());
            }
            final int code = backend.exitCode().orElse(ExitCodes.BACKEND_FAILED);
            LOG.info("{}: backend (pid {}) exited with code {} ({})", localName, backend.pid(), code, ExitCodes.describe(code));
            CloseHelper.quietClose(rings); // before END: a restart's new request may mirror the same names at once
            // No deadline while the frontend holds the process: a slow reader gets every reply, as locally
            while (!givenUp() && (forwardReplies(sender, in) > 0 || repliesWaiting()))
            {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
            sendEnd(code);
            // Offered is not delivered: the reply stream stays open until the frontend has it all (it stops listing
            // the process once it read END; or its reply subscription has gone), or is lost, or the node closes.
            final long endSent = System.nanoTime();
            while (!givenUp() && replies.isConnected() && System.nanoTime() - endSent < END_ACK_NANOS)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("{}: bridge failed: {}", localName, ex.toString(), ex);
            backend.destroyForcibly();
        }
        finally
        {
            release();
            finished = true;
        }
    }

    private int forwardReplies(final DocumentSender sender, final MeteredIn in)
    {
        if ((frontendLost || released) && sender.notConnected())
        {
            // Nobody reads them any more: drop them, so the backend's sends go on while it is being stopped.
            int dropped = 0;
            while (dropped < DOCUMENTS_PER_PASS)
            {
                try (net.openhft.chronicle.wire.DocumentContext dc = in.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    dropped++;
                }
            }
            return dropped;
        }
        return sender.forward(DOCUMENTS_PER_PASS);
    }

    private void sendEnd(final int code)
    {
        final UnsafeBuffer end = new UnsafeBuffer(new byte[RemoteDescriptor.HEADER_LENGTH + 4]);
        end.putByte(RemoteDescriptor.TYPE_OFFSET, RemoteDescriptor.END);
        end.putByte(RemoteDescriptor.VERSION_OFFSET, RemoteDescriptor.VERSION);
        end.putInt(RemoteDescriptor.HEADER_LENGTH, code, ByteOrder.LITTLE_ENDIAN);
        while (!givenUp() && replies.offer(end) < 0)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    private boolean repliesWaiting()
    {
        return table.counter(slot, ProcessTableDescriptor.REPLY_BYTES_WRITTEN_OFFSET) !=
            table.counter(slot, ProcessTableDescriptor.REPLY_BYTES_READ_OFFSET);
    }

    private void release()
    {
        if (bridgeIdle != null)
        {
            bridgeIdle.close();
        }
        CloseHelper.quietCloseAll(rings, commands, replies);
        commandSender.close();
        CloseHelper.quietClose(replyQueue);
        FileTrees.deleteRecursively(processDir);
        table.free(slot);
        if (session.isOwned())
        {
            session.registry().remove(localName);
        }
    }

    @Override
    public String toString()
    {
        return localName + " (pid " + backend.pid() + ", frontend " + request.frontendEndpoint() + ")";
    }
}
