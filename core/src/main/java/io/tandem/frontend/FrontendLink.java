package io.tandem.frontend;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.backend.BackendRuntime;
import io.tandem.channel.Backlog;
import io.tandem.channel.MeteredIn;
import io.tandem.channel.ProtocolWriter;
import io.tandem.channel.QueueSender;
import io.tandem.channel.Queues;
import io.tandem.channel.TieredWriter;
import io.tandem.channel.WireMessage;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.Direction;
import io.tandem.failure.ExitCodes;
import io.tandem.launch.BackendHandle;
import io.tandem.launch.BackendLauncher;
import io.tandem.runtime.FileTrees;
import io.tandem.runtime.RuntimeRoot;
import io.tandem.runtime.Session;
import io.tandem.state.StateShipper;
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
 * writers, the reply inbox, and the handle on the backend. Created by {@code start()}, released by
 * {@code close()}; what {@link MessageProcess} delegates to.
 */
public final class FrontendLink implements AutoCloseable
{
    private final String processName;
    private final Logger logger;
    private final ProcessOptions options;
    private final Session session;
    private final Path processDir;
    private final SingleChronicleQueue replyQueue;
    private final QueueSender commandSender;
    private final ProtocolWriter control;
    private final ReplyInbox inbox;
    private final Calls calls;
    private final ConcurrentMap<Class<?>, TieredWriter> commandWriters = new ConcurrentHashMap<>();
    private final List<IntConsumer> exitListeners = new java.util.ArrayList<>();
    private boolean exitNotified;
    private final BackendHandle backend;
    private final io.tandem.runtime.ProcessTable table;
    private final int slot;
    private final io.tandem.idle.Doorbell commandBell;
    private volatile boolean stopRequested;
    private volatile boolean closed;

    private FrontendLink(final MessageProcess process, final Logger logger, final Session session, final Path processDir,
        final QueueSender.Builder commands, final SingleChronicleQueue replyQueue, final int slot)
    {
        this.table = session.processTable();
        this.slot = slot;
        this.commandBell = table.commandBell(slot);
        this.processName = process.name();
        this.logger = logger;
        this.options = process.options();
        this.session = session;
        this.processDir = processDir;
        this.replyQueue = replyQueue;
        table.set(slot, io.tandem.runtime.ProcessTableDescriptor.COMMAND_BACKLOG_LIMIT_OFFSET, options.commandBacklog());
        table.set(slot, io.tandem.runtime.ProcessTableDescriptor.REPLY_BACKLOG_LIMIT_OFFSET, options.replyBacklog());
        this.commandSender = commands
            .process(processName, Direction.COMMANDS)
            .backlog(Backlog.of(table, slot, Direction.COMMANDS, options.commandBacklog()))
            .maxMessageBytes(options.maxMessageBytes())
            .sendTimeout(options.sendTimeout())
            .waitMode(options.frontendWaitMode())
            .gate(this::commandRefusal)
            .afterWrite(this::commandSent)
            .build();
        this.control = new ProtocolWriter(commandSender);
        control.start(StateShipper.encode(process));
        this.backend = BackendLauncher.launch(processName, processDir, session.dir(), slot, options);
        table.pid(slot, backend.pid());
        this.calls = new Calls(processName, control, options.frontendWaitMode());
        final ReplySignal replySignal = new ReplySignal(table, slot);
        this.inbox = new ReplyInbox(processName, logger,
            new MeteredIn(replyQueue.createTailer(), Backlog.of(table, slot, Direction.REPLIES, options.replyBacklog())),
            options.frontendWaitMode(), calls, replySignal,
            () -> table.incrementSingleWriter(slot, io.tandem.runtime.ProcessTableDescriptor.REPLIES_READ_OFFSET));
        this.inbox.backend(backend);
        this.inbox.damageChecks(this::replyQueueDamage, this::queueDamage);
        this.calls.attach(inbox, backend, replySignal, this::queueDamage);
        final io.tandem.BackendBinding binding = new io.tandem.BackendBinding(processName, backend::isAlive,
            backend::exitCode, options.frontendWaitMode(), options.replyTimeout(), table.replyBell(slot));
        for (final io.tandem.ProcessResource resource : io.tandem.state.ResourceFields.of(process))
        {
            resource.bind(binding);
        }
        this.backend.onExit(this::backendExited);
    }

    /**
     * Starts {@code process}: reserves its directory, opens its queues, ships its state, launches its
     * backend. On any failure, everything made so far is undone.
     */
    public static FrontendLink start(final MessageProcess process, final Logger logger)
    {
        return start(process, logger, -1);
    }

    /**
     * Starts {@code process} again in the process-table slot it had (so a manager's registration stays
     * valid), or in a new slot when {@code slot} is negative.
     */
    public static FrontendLink start(final MessageProcess process, final Logger logger, final int reuseSlot)
    {
        final Session session = Session.acquire();
        Path processDir = null;
        QueueSender.Builder commands = null;
        SingleChronicleQueue replies = null;
        int slot = -1;
        try
        {
            RuntimeRoot.checkFreeSpace(session.dir(), RuntimeRoot.minFreeBytes());
            processDir = session.reserveProcessDirectory(process.name());
            final ProcessOptions o = process.options();
            commands = QueueSender.open(processDir.resolve(BackendRuntime.COMMAND_QUEUE), o.rollCycle(), o.queueBlockSize(), null,
                o.indexReserveBytes());
            replies = Queues.open(processDir.resolve(BackendRuntime.REPLY_QUEUE), o.rollCycle(), o.queueBlockSize(), null, true);
            slot = reuseSlot >= 0 ? session.processTable().reclaim(reuseSlot) : session.processTable().claim();
            if (session.isOwned())
            {
                final java.util.Map<String, String> entry = new java.util.LinkedHashMap<>();
                entry.put("class", process.getClass().getName());
                entry.put("slot", Integer.toString(slot));
                entry.put("mode", o.mode().name());
                entry.put("started", Long.toString(System.currentTimeMillis()));
                session.registry().put(process.name(), entry);
            }
            final FrontendLink link = new FrontendLink(process, logger, session, processDir, commands, replies, slot);
            Session.closeAtExit(link);
            return link;
        }
        catch (final RuntimeException | Error ex)
        {
            if (commands != null)
            {
                commands.abandon(); // the link, once made, closes its sender
            }
            closeQuietly(replies);
            if (slot >= 0)
            {
                session.processTable().free(slot);
                if (session.isOwned())
                {
                    session.registry().remove(process.name());
                }
            }
            if (processDir != null)
            {
                FileTrees.deleteRecursively(processDir);
            }
            session.release();
            throw ex;
        }
    }

    /** A command to a backend known dead fails at once, as a call does. */
    private RuntimeException commandRefusal(final boolean waiting)
    {
        final BackendHandle handle = backend; // null while the start document is written, before launch
        if (handle != null && !handle.isAlive())
        {
            return new BackendDiedException(processName, handle.exitCode().orElse(-1), "sending it a command");
        }
        return null;
    }

    /**
     * After a wait for the backend that ended without an answer: if a queue file of this process is damaged (see
     * {@link io.tandem.channel.QueueDamage}), the exception naming it, to throw instead; else null.
     */
    private RuntimeException queueDamage(final Throwable failure)
    {
        final RuntimeException commands = commandSender.damage(failure);
        return commands != null ? commands : replyQueueDamage(failure);
    }

    /** After a read of the reply queue failed: the exception naming its damaged file, or null if it is whole. */
    private RuntimeException replyQueueDamage(final Throwable failure)
    {
        final String[] damaged = io.tandem.channel.QueueDamage.inFiles(processDir.resolve(BackendRuntime.REPLY_QUEUE));
        return damaged == null ? null : io.tandem.channel.QueueDamage.of(Path.of(damaged[0]), damaged[1], processName,
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
    public Calls calls()
    {
        return calls;
    }

    public void sendMessage(final MessageObject message)
    {
        control.message(new WireMessage(message));
    }

    public ReplyInbox inbox()
    {
        return inbox;
    }

    public BackendHandle backend()
    {
        return backend;
    }

    /** Runs {@code listener} with the exit code when the backend exits (at once if it has); once per link. */
    public void onExit(final IntConsumer listener)
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
    public synchronized void requestStop()
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
    public boolean waitStop(final Duration timeout)
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

    public boolean isStopRequested()
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
    public synchronized void close(final boolean keepSlot)
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

    public boolean isClosed()
    {
        return closed;
    }

    private void commandSent()
    {
        table.increment(slot, io.tandem.runtime.ProcessTableDescriptor.COMMANDS_SENT_OFFSET);
        commandBell.ring(); // the backend may be asleep on it
    }

    /** @return the process's slot in the session's process table. */
    public int slot()
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
            calls.failAll(new io.tandem.failure.BackendDiedException(processName, code, "waiting for the result of a call"));
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
