package io.tandem;

import io.tandem.internal.launch.StartupTrace;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.MeteredIn;
import io.tandem.internal.channel.QueueRollCycles;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.Queues;
import io.tandem.failure.Direction;
import io.tandem.internal.launch.BackendTask;
import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.failure.ExitCodes;
import io.tandem.failure.TandemException;
import io.tandem.idle.IdleStrategy;
import io.tandem.internal.logging.ProcessLoggers;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The backend side of a process, the same in a child JVM and on a thread: open the queues, rebuild the
 * process object from its start document, then {@code preRun()}, serve commands (and {@code betweenCommands()})
 * until stopped, {@code postRun()}. It runs the process through its {@link BackendAgent}, as Agrona's
 * {@code AgentRunner} runs an {@code Agent}: nothing else of the process is in reach.
 *
 * <pre>
 *   preRun ─▶ "started" reply ─▶ loop { run waiting commands; betweenCommands(); idle if neither did anything }
 *          ─▶ stop command / frontend gone / requestStop ─▶ postRun ─▶ exit code
 * </pre>
 */
final class BackendRuntime implements BackendTask
{
    /** Commands run per pass before {@code betweenCommands()} gets its turn. */
    static final int COMMANDS_PER_PASS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(BackendRuntime.class);
    private static final long START_DOCUMENT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Path processDir;
    private final String rollCycle;
    private final long blockSize;
    private final int slot;
    /** The session's process table when this JVM has it mapped already (in-JVM mode), else null: opened in run(). */
    private final io.tandem.internal.runtime.ProcessTable sharedTable;
    private volatile boolean stopRequested;
    private volatile boolean frontendGone;
    private volatile BackendContext context;
    private volatile boolean finished;

    /**
     * @param processDir the process directory, laid out as {@link ProcessDirectoryDescriptor} says.
     * @param rollCycle  the queues' roll cycle name.
     * @param blockSize  the queues' block size.
     * @param slot       the process's slot in its session's process table.
     */
    BackendRuntime(final Path processDir, final String rollCycle, final long blockSize, final int slot)
    {
        this(processDir, rollCycle, blockSize, slot, null);
    }

    /**
     * As above, with the session's process table this JVM has mapped already (in-JVM mode: the frontend's, so a
     * thousand backends share one mapping; a spare: the one it mapped to wait) instead of attaching to the file again.
     *
     * @param table the session's process table, or null to open it in {@link #run()}.
     */
    BackendRuntime(final Path processDir, final String rollCycle, final long blockSize, final int slot,
        final io.tandem.internal.runtime.ProcessTable table)
    {
        this.processDir = processDir;
        this.rollCycle = rollCycle;
        this.blockSize = blockSize;
        this.slot = slot;
        this.sharedTable = table;
    }

    /**
     * Runs the backend to its end.
     *
     * @return the exit code, see {@link ExitCodes}.
     */
    @Override
    public int run()
    {
        QueueSender.Builder replies = null;
        try (SingleChronicleQueue commands = Queues.open(ProcessDirectoryDescriptor.commandQueue(processDir), rollCycle, blockSize, null, true))
        {
            StartupTrace.mark("commandQueue");
            replies = QueueSender.open(ProcessDirectoryDescriptor.replyQueue(processDir), rollCycle, blockSize, null,
                QueueRollCycles.indexReserveBytes(rollCycle));
            StartupTrace.mark("replyQueue");
            final io.tandem.internal.runtime.ProcessTable table = sharedTable != null ? sharedTable :
                io.tandem.internal.runtime.ProcessTable.openOrCreate(ProcessDirectoryDescriptor.sessionDirectory(processDir));
            StartupTrace.mark("processTable");
            final MeteredIn in = new MeteredIn(commands.createTailer(), Backlog.of(table, slot, Direction.COMMANDS, 0));
            final BackendAgent process;
            try
            {
                process = readStart(in);
            }
            catch (final RuntimeException ex)
            {
                LOG.error("backend in {} could not start: {}", processDir, ex.toString(), ex);
                return ExitCodes.START_FAILED;
            }
            StartupTrace.mark("startDocument");
            final Logger logger = ProcessLoggers.of(process.commandTarget().getClass(), process.name());
            final BackendContext ctx = new BackendContext(process.name(), logger, replies, table, slot, process.options());
            replies = null; // the context's now: it closes them
            context = ctx;
            if (frontendGone)
            {
                ctx.frontendGone();
            }
            if (stopRequested)
            {
                ctx.requestStop();
            }
            process.attach(ctx);
            try
            {
                return serve(process, ctx, in);
            }
            finally
            {
                ctx.close();
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("backend in {} could not open its queues: {}", processDir, ex.toString(), ex);
            return ExitCodes.START_FAILED;
        }
        finally
        {
            if (replies != null)
            {
                replies.abandon();
            }
            finished = true;
        }
    }

    /** Asks the backend to finish the command in hand, run postRun and exit. Any thread. */
    @Override
    public void requestStop()
    {
        stopRequested = true;
        final BackendContext ctx = context;
        if (ctx != null)
        {
            ctx.requestStop();
        }
    }

    /**
     * The frontend is gone (its JVM exited or was killed): replies are no longer read, so sends fail at once
     * ({@link io.tandem.failure.FrontendGoneException}) instead of waiting for room. Call before
     * {@link #requestStop()}.
     */
    @Override
    public void frontendGone()
    {
        frontendGone = true;
        final BackendContext ctx = context;
        if (ctx != null)
        {
            ctx.frontendGone();
        }
    }

    /** @return true once {@link #run()} has returned. */
    @Override
    public boolean isFinished()
    {
        return finished;
    }

    private int serve(final BackendAgent process, final BackendContext ctx, final MeteredIn commands)
    {
        final Logger logger = ctx.logger();
        try
        {
            process.preRun();
        }
        catch (final Throwable t)
        {
            logger.error("preRun failed, the backend exits: {}", t.toString(), t);
            runPostRun(process, logger);
            process.closeResources();
            return ExitCodes.BACKEND_FAILED;
        }
        StartupTrace.mark("preRun");
        ctx.started(ProcessHandle.current().pid());
        StartupTrace.mark("started");

        final CommandDispatcher dispatcher = new CommandDispatcher(commands, ProcessDirectoryDescriptor.commandQueue(processDir), process.commandTarget(), ctx,
            process.commandExecutor());
        final IdleStrategy idle = ctx.idleStrategy(process.options().backendWaitMode(), process.overridesBetweenCommands());
        int exitCode = ExitCodes.STOPPED;
        boolean firstCommandRun = false;
        try
        {
            while (!ctx.isStopRequested())
            {
                final boolean look = ctx.shouldReadCommands();
                int work = look ? dispatcher.poll(COMMANDS_PER_PASS) : 0;
                if (work > 0 && !firstCommandRun)
                {
                    firstCommandRun = true;
                    StartupTrace.markAndPrint("firstCommand", process.name());
                }
                ctx.commandsRead(work);
                final String[] damaged = dispatcher.queueDamage();
                final long stalled = look && damaged == null ? ctx.commandQueueStalled(work) : 0;
                if (ctx.isStopRequested())
                {
                    break;
                }
                if (damaged != null)
                {
                    // Chronicle failed reading a file another program damaged: nothing more can be read from it.
                    logDamaged(logger, damaged);
                    exitCode = ExitCodes.QUEUE_CORRUPTED;
                    break;
                }
                if (stalled > 0)
                {
                    // Garbage where the next document's header should be: Chronicle shows nothing, for ever, and the
                    // counters keep the loop awake. Exit, so the frontend learns it (BackendDiedException with this code).
                    logger.error("its command queue {} is corrupted: commands were written that cannot be read for {} ms " +
                        "(at index 0x{}); the backend exits with code {}. Restart the process; if it recurs, look for " +
                        "another program writing under {}", ProcessDirectoryDescriptor.commandQueue(processDir), stalled / 1_000_000,
                        Long.toHexString(commands.tailer().index()), ExitCodes.QUEUE_CORRUPTED, ProcessDirectoryDescriptor.sessionDirectory(processDir));
                    exitCode = ExitCodes.QUEUE_CORRUPTED;
                    break;
                }
                try
                {
                    work += process.betweenCommands();
                }
                catch (final Throwable t)
                {
                    final String[] late = t instanceof InternalError ?
                        io.tandem.internal.channel.QueueDamage.inFiles(ProcessDirectoryDescriptor.commandQueue(processDir)) : null;
                    if (late != null)
                    {
                        // the fault of a read of the damaged command queue, delivered late
                        logDamaged(logger, late);
                        exitCode = ExitCodes.QUEUE_CORRUPTED;
                        break;
                    }
                    logger.error("betweenCommands failed, the backend exits: {}", t.toString(), t);
                    exitCode = ExitCodes.BACKEND_FAILED;
                    break;
                }
                ctx.idle(idle, work);
            }
        }
        catch (final InternalError fault)
        {
            // A SIGBUS in a read of the command queue's mapping (a file cut short under it) reaches this thread as an
            // asynchronous InternalError, thrown a little after the read that faulted: at the next call, which may be
            // anywhere in the loop (the idle wait's doorbell sleep, say), outside the dispatcher's catch. A fault
            // while the queue's files are whole is not the queue's, and is rethrown.
            final String[] damaged = damagedCommandQueue(fault);
            if (!ctx.isStopRequested())
            {
                logDamaged(logger, damaged);
                exitCode = ExitCodes.QUEUE_CORRUPTED;
            }
        }
        dispatcher.drain(process.options().stopTimeout().toMillis());
        final boolean postRunOk = runPostRun(process, logger);
        process.closeResources(); // the backend's attachments: unmap, give back references
        return postRunOk ? exitCode : ExitCodes.BACKEND_FAILED;
    }

    private void logDamaged(final Logger logger, final String[] damaged)
    {
        logger.error("its command queue file {} is damaged: {}; the backend exits with code {}. Restart the process; " +
            "if it recurs, look for another program writing under {}", damaged[0], damaged[1], ExitCodes.QUEUE_CORRUPTED,
            ProcessDirectoryDescriptor.sessionDirectory(processDir));
    }

    /** @return the damaged command queue file and what is wrong with it, after {@code fault}; rethrows it if the files are whole. */
    private String[] damagedCommandQueue(final InternalError fault)
    {
        final String[] damaged = io.tandem.internal.channel.QueueDamage.inFiles(ProcessDirectoryDescriptor.commandQueue(processDir));
        if (damaged == null)
        {
            throw fault;
        }
        return damaged;
    }

    private static boolean runPostRun(final BackendAgent process, final Logger logger)
    {
        try
        {
            process.postRun();
            return true;
        }
        catch (final Throwable t)
        {
            logger.error("postRun failed: {}", t.toString(), t);
            return false;
        }
    }

    private BackendAgent readStart(final MeteredIn commands)
    {
        final long deadline = System.nanoTime() + START_DOCUMENT_TIMEOUT_NS;
        while (true)
        {
            try (DocumentContext dc = commands.readingDocument())
            {
                if (dc.isPresent())
                {
                    return StateShipper.decode(dc.wire(), Thread.currentThread().getContextClassLoader() != null ?
                        Thread.currentThread().getContextClassLoader() : BackendRuntime.class.getClassLoader());
                }
            }
            if (stopRequested || System.nanoTime() - deadline > 0)
            {
                throw new TandemException("no start document in " + ProcessDirectoryDescriptor.commandQueue(processDir));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000); // written before launch: rarely taken
        }
    }
}
