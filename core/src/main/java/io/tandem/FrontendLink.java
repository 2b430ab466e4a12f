package io.tandem;

import io.tandem.failure.BackendDiedException;
import io.tandem.failure.Direction;
import io.tandem.failure.ExitCodes;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.MeteredIn;
import io.tandem.internal.channel.ProtocolWriter;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.Queues;
import io.tandem.internal.channel.TieredWriter;
import io.tandem.internal.channel.WireMessage;
import io.tandem.internal.launch.BackendHandle;
import io.tandem.internal.launch.BackendLauncher;
import io.tandem.internal.launch.BackendSpec;
import io.tandem.internal.launch.SpareFit;
import io.tandem.internal.launch.SparePool;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntConsumer;

/**
 * Everything the frontend of a started process holds: its directory in the session, the command queue's
 * writers, the reply inbox, and the handle on the backend. What {@link MessageProcess} delegates to.
 *
 * <p>Two steps, as Chronicle's builders do it: {@link #open} reserves the directory, the queues and the slot (its
 * constructor only assigns them); {@link #start} ships the state, launches the backend and wires the inbox. Either
 * undoes what it made if it fails. {@code close()} releases it all.
 */
final class FrontendLink implements AutoCloseable
{
    private final String processName;
    private final Logger logger;
    private final ProcessOptions options;
    private final Session session;
    private final Path processDir;
    private final SingleChronicleQueue replyQueue;
    private final QueueSender.Builder commandQueue;
    private final ConcurrentMap<Class<?>, TieredWriter> commandWriters = new ConcurrentHashMap<>();
    private final List<IntConsumer> exitListeners = new java.util.ArrayList<>();
    private final ProcessTable table;
    private final int slot;
    private final io.tandem.idle.Doorbell commandBell;
    /* Set once by start(), before the link is published (MessageProcess's volatile field, the at-exit list). */
    private QueueSender commandSender;
    private ProtocolWriter control;
    private ReplyInbox inbox;
    private Calls calls;
    private volatile BackendHandle backend;
    private boolean exitNotified;
    private volatile boolean stopRequested;
    private volatile boolean closed;

    private FrontendLink(final String processName, final ProcessOptions options, final Logger logger,
        final Session session, final Path processDir, final QueueSender.Builder commandQueue,
        final SingleChronicleQueue replyQueue, final int slot)
    {
        this.processName = processName;
        this.options = options;
        this.logger = logger;
        this.session = session;
        this.processDir = processDir;
        this.commandQueue = commandQueue;
        this.replyQueue = replyQueue;
        this.slot = slot;
        this.table = session.processTable();
        this.commandBell = table.commandBell(slot);
    }

    /**
     * Reserves what a process needs before it can start: its directory, its two queues, a process-table slot (the
     * one it had when {@code reuseSlot >= 0}, so a manager's registration stays valid across a restart) and its
     * registry entry. On any failure, everything made so far is undone.
     *
     * @param processClass the process's class name, for the registry ({@code tandem ps}).
     */
    static FrontendLink open(final String processName, final ProcessOptions o, final String processClass,
        final Logger logger, final int reuseSlot)
    {
        final Session session = Session.acquire();
        Path processDir = null;
        QueueSender.Builder commands = null;
        SingleChronicleQueue replies = null;
        int slot = -1;
        try
        {
            session.checkFreeSpace(RuntimeRoot.minFreeBytes());
            processDir = session.reserveProcessDirectory(processName);
            commands = QueueSender.open(ProcessDirectoryDescriptor.commandQueue(processDir), o.rollCycle(),
                o.queueBlockSize(), null, o.indexReserveBytes());
            replies = Queues.open(ProcessDirectoryDescriptor.replyQueue(processDir), o.rollCycle(), o.queueBlockSize(),
                null, true);
            slot = reuseSlot >= 0 ? session.processTable().reclaim(reuseSlot) : session.processTable().claim();
            if (session.isOwned())
            {
                final java.util.Map<String, String> entry = new java.util.LinkedHashMap<>();
                entry.put("class", processClass);
                entry.put("slot", Integer.toString(slot));
                entry.put("mode", o.remoteNode() != null ? "REMOTE" : o.mode().name());
                if (o.remoteNode() != null)
                {
                    entry.put("node", o.remoteNode());
                }
                entry.put("started", Long.toString(System.currentTimeMillis()));
                session.registry().put(processName, entry);
            }
            return new FrontendLink(processName, o, logger, session, processDir, commands, replies, slot);
        }
        catch (final RuntimeException | Error ex)
        {
            undoOpen(session, processName, processDir, commands, null, replies, slot);
            throw ex;
        }
    }

    /**
     * Ships the start document, launches the backend, wires the inbox and calls, and binds {@code resources} to the
     * backend. Once only. On failure, everything {@link #open} made is undone and the link is unusable.
     *
     * @param startDocument the process's state, encoded (see {@link StateShipper}).
     * @param resources     the resources in its shipped fields (see {@link ShippedFields}).
     */
    void start(final BytesStore<?, ?> startDocument, final List<ProcessResource> resources)
    {
        try
        {
            table.set(slot, ProcessTableDescriptor.COMMAND_BACKLOG_LIMIT_OFFSET, options.commandBacklog());
            table.set(slot, ProcessTableDescriptor.REPLY_BACKLOG_LIMIT_OFFSET, options.replyBacklog());
            commandSender = commandQueue
                .process(processName, Direction.COMMANDS)
                .backlog(Backlog.of(table, slot, Direction.COMMANDS, options.commandBacklog()))
                .maxMessageBytes(options.maxMessageBytes())
                .sendTimeout(options.sendTimeout())
                .waitMode(options.frontendWaitMode())
                .gate(this::commandRefusal)
                .afterWrite(this::commandSent)
                .build();
            control = new ProtocolWriter(commandSender);
            control.start(startDocument);
            final List<io.tandem.internal.launch.RemoteSpec.Ring> rings = new java.util.ArrayList<>();
            if (options.remoteNode() != null)
            {
                final List<ProcessResource> local = new java.util.ArrayList<>();
                for (final ProcessResource resource : resources)
                {
                    if (resource instanceof io.tandem.internal.launch.ShippedRing)
                    {
                        final io.tandem.internal.launch.ShippedRing ring = (io.tandem.internal.launch.ShippedRing)resource;
                        rings.add(new io.tandem.internal.launch.RemoteSpec.Ring(ring.name(), ring.ring()));
                    }
                    else
                    {
                        local.add(resource);
                    }
                }
                if (!local.isEmpty())
                {
                    throw new IllegalStateException("process '" + processName + "' runs on node " +
                        options.remoteNode() + ", but its fields hold host-local shared memory (" + local + "): shared " +
                        "arrays and event groups do not cross hosts (rings do: the node mirrors them); make those " +
                        "fields transient, or run the process on this host");
                }
            }
            final BackendHandle handle = launch(rings);
            backend = handle;
            table.pid(slot, handle.isLocal() ? handle.pid() : 0); // a remote pid means nothing to this host's tools
            calls = new Calls(processName, control, options.frontendWaitMode());
            final ReplySignal replySignal = new ReplySignal(table, slot);
            inbox = new ReplyInbox(processName, logger,
                new MeteredIn(replyQueue.createTailer(), Backlog.of(table, slot, Direction.REPLIES, options.replyBacklog())),
                options.frontendWaitMode(), calls, replySignal,
                () -> table.incrementSingleWriter(slot, ProcessTableDescriptor.REPLIES_READ_OFFSET));
            inbox.backend(handle);
            inbox.damageChecks(this::replyQueueDamage, this::queueDamage);
            calls.attach(inbox, handle, replySignal, this::queueDamage);
            final BackendBinding binding = new BackendBinding(processName, handle::isAlive, handle::exitCode,
                options.frontendWaitMode(), options.replyTimeout(), table.replyBell(slot));
            for (final ProcessResource resource : resources)
            {
                resource.bind(binding);
            }
            handle.onExit(this::backendExited);
            Session.closeAtExit(this);
        }
        catch (final RuntimeException | Error ex)
        {
            undoOpen(session, processName, processDir, commandSender == null ? commandQueue : null, commandSender,
                replyQueue, slot);
            closed = true;
            throw ex;
        }
    }

    private BackendHandle launch(final List<io.tandem.internal.launch.RemoteSpec.Ring> rings)
    {
        if (options.mode() == ProcessOptions.Mode.IN_JVM)
        {
            return BackendLauncher.startThread(
                new BackendRuntime(processDir, options.rollCycle(), options.queueBlockSize(), slot, table), processName);
        }
        if (options.remoteNode() != null)
        {
            return io.tandem.internal.launch.RemoteLauncher.find().launch(new io.tandem.internal.launch.RemoteSpec(
                processName, processDir, table, slot, options.rollCycle(), options.queueBlockSize(),
                options.commandBacklog(), options.replyBacklog(), options.maxMessageBytes(), options.sendTimeout(),
                options.jvmArgs(), options.remoteNode(), options.remoteSecret(), options.remoteLiveness(), rings));
        }
        final BackendSpec spec = new BackendSpec(processName, processDir, session.dir(), slot,
            options.rollCycle(), options.queueBlockSize(), options.jvmArgs(),
            options.output() == ProcessOptions.Output.PIPE, BackendMain.class.getName());
        if (options.spares() == 0 && SparePool.existing() == null)
        {
            return BackendLauncher.startJvm(spec); // no spares in this JVM: not even their fit to work out
        }
        final SpareFit fit = SpareFit.of(spec);
        final BackendHandle spare = SparePool.claim(spec, fit);
        final BackendHandle handle = spare != null ? spare : BackendLauncher.startJvm(spec);
        if (options.spares() > 0)
        {
            SparePool.acquire().keep(fit, options.spares()); // after this start: its JVM boots first
        }
        return handle;
    }

    private static void undoOpen(final Session session, final String processName, final Path processDir,
        final QueueSender.Builder unbuiltCommands, final QueueSender commands, final SingleChronicleQueue replies,
        final int slot)
    {
        if (unbuiltCommands != null)
        {
            unbuiltCommands.abandon();
        }
        if (commands != null)
        {
            commands.close();
        }
        closeQuietly(replies);
        if (slot >= 0)
        {
            session.processTable().free(slot);
            if (session.isOwned())
            {
                session.registry().remove(processName);
            }
        }
        if (processDir != null)
        {
            FileTrees.deleteRecursively(processDir);
        }
        session.release();
    }

    /** A command to a backend known dead fails at once, as a call does. */
    private RuntimeException commandRefusal(final boolean waiting)
    {
        final BackendHandle handle = backend; // null while the start document is written, before launch
        if (handle != null && !handle.isAlive())
        {
            return new BackendDiedException(processName, handle.exitCode().orElse(-1), "sending it a command", handle.location());
        }
        return null;
    }

    /**
     * After a wait for the backend that ended without an answer: if a queue file of this process is damaged (see
     * {@link io.tandem.internal.channel.QueueDamage}), the exception naming it, to throw instead; else null.
     */
    private RuntimeException queueDamage(final Throwable failure)
    {
        final RuntimeException commands = commandSender.damage(failure);
        return commands != null ? commands : replyQueueDamage(failure);
    }

    /** After a read of the reply queue failed: the exception naming its damaged file, or null if it is whole. */
    private RuntimeException replyQueueDamage(final Throwable failure)
    {
        final String[] damaged = io.tandem.internal.channel.QueueDamage.inFiles(ProcessDirectoryDescriptor.replyQueue(processDir));
        return damaged == null ? null : io.tandem.internal.channel.QueueDamage.of(Path.of(damaged[0]), damaged[1], processName,
            Direction.REPLIES, failure).exception();
    }

    /** @return the writer of {@code commandInterface}'s void methods on the command queue (any thread). */
    TieredWriter commandWriter(final Class<?> commandInterface)
    {
        final TieredWriter writer = commandWriters.get(commandInterface);
        return writer != null ? writer : commandWriters.computeIfAbsent(commandInterface,
            type -> TieredWriter.of(commandSender, type));
    }

    /** @return the calls with results of this process. */
    Calls calls()
    {
        return calls;
    }

    void sendMessage(final MessageObject message)
    {
        control.message(new WireMessage(message.name(), message.parameters()));
    }

    ReplyInbox inbox()
    {
        return inbox;
    }

    BackendHandle backend()
    {
        return backend;
    }

    /** Runs {@code listener} with the exit code when the backend exits (at once if it has); once per link. */
    void onExit(final IntConsumer listener)
    {
        synchronized (exitListeners)
        {
            if (!exitNotified)
            {
                exitListeners.add(listener);
                return;
            }
        }
        backend.exitCode().ifPresent(listener);
    }

    /** Queues a stop after the commands already sent. Harmless when repeated or when the backend is gone. */
    synchronized void requestStop()
    {
        if (stopRequested || closed)
        {
            return;
        }
        stopRequested = true;
        if (backend.isAlive())
        {
            try
            {
                control.stop();
            }
            catch (final BackendDiedException ex)
            {
                // it died meanwhile: stopped all the same
            }
            catch (final RuntimeException ex)
            {
                // The stop command cannot be written (a full tmpfs, say): SIGTERM asks the backend to stop the
                // same way (postRun, then exit), as interrupting its thread does in-JVM.
                logger.warn("cannot send the stop command ({}); asking the backend to stop by signal", ex.getMessage());
                backend.destroy();
            }
        }
    }

    /**
     * Waits for the backend to exit; past {@code timeout} destroys it (SIGTERM, then SIGKILL).
     *
     * @return true if it exited by itself in time.
     */
    boolean waitStop(final Duration timeout)
    {
        try
        {
            if (backend.awaitExit(timeout))
            {
                return true;
            }
            logger.warn("backend did not stop within {} ms: destroying it", timeout.toMillis());
            backend.destroy();
            if (!backend.awaitExit(Duration.ofSeconds(1)))
            {
                backend.destroyForcibly();
                backend.awaitExit(Duration.ofSeconds(5));
            }
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            backend.destroyForcibly();
            return false;
        }
    }

    boolean isStopRequested()
    {
        return stopRequested;
    }

    /** Stops the backend if it runs, then removes the process's queues and directory. Idempotent. */
    @Override
    public void close()
    {
        close(false);
    }

    /**
     * As {@link #close()}; with {@code keepSlot} the process-table slot stays claimed, for a restart.
     */
    synchronized void close(final boolean keepSlot)
    {
        if (closed)
        {
            return;
        }
        table.frontendClosing(slot, true); // a backend waiting for room for a reply need not wait any longer
        requestStop();
        waitStop(options.stopTimeout());
        closed = true;
        Session.cancelAtExit(this);
        calls.close();
        inbox.close();
        commandSender.close();
        closeQuietly(replyQueue);
        FileTrees.deleteRecursively(processDir);
        if (!keepSlot)
        {
            table.free(slot);
            if (session.isOwned())
            {
                session.registry().remove(processName);
            }
        }
        session.release();
    }

    boolean isClosed()
    {
        return closed;
    }

    private void commandSent()
    {
        table.increment(slot, ProcessTableDescriptor.COMMANDS_SENT_OFFSET);
        commandBell.ring(); // the backend may be asleep on it
    }

    /** @return the process's slot in the session's process table. */
    int slot()
    {
        return slot;
    }

    private void backendExited()
    {
        final int code = backend.exitCode().orElse(-1);
        if (!closed)
        {
            table.exited(slot, code);
        }
        // Waiters on this process (receives, calls, its resources' waits) and pollers sleep on these: a death
        // wakes them at once, to find the backend gone.
        io.tandem.idle.Doorbell.ring(table.replyBell(slot), table.pollBell());
        if (!closed)
        {
            try
            {
                inbox.drain(); // answers written before the end still count
            }
            catch (final RuntimeException ignored)
            {
                // closed meanwhile
            }
            calls.failAll(new io.tandem.failure.BackendDiedException(processName, code, "waiting for the result of a call", backend.location()));
        }
        if (!stopRequested)
        {
            logger.warn("backend exited unexpectedly with code {} ({})", code, ExitCodes.describe(code));
        }
        final List<IntConsumer> listeners;
        synchronized (exitListeners)
        {
            exitNotified = true;
            listeners = List.copyOf(exitListeners);
        }
        for (final IntConsumer listener : listeners)
        {
            try
            {
                listener.accept(code);
            }
            catch (final RuntimeException ex)
            {
                logger.warn("exit listener failed: {}", ex.toString());
            }
        }
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable != null)
        {
            try
            {
                closeable.close();
            }
            catch (final Exception ignored)
            {
                // closing on the way out: nothing more to do
            }
        }
    }

    @Override
    public String toString()
    {
        return "FrontendLink{" + processName + ", " + backend + '}';
    }
}
