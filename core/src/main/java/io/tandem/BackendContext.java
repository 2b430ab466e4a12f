package io.tandem;

import io.tandem.internal.sharedfile.ProcessLiveness;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.ProtocolNames;
import io.tandem.internal.channel.ProtocolWriter;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.TieredWriter;
import io.tandem.internal.channel.WireMessage;
import io.tandem.failure.Direction;
import io.tandem.failure.FrontendGoneException;
import io.tandem.idle.Doorbell;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.ParkingIdleStrategy;
import io.tandem.idle.WaitMode;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a process object holds while it runs as a backend: the reply queue's sender and writers, and the stop
 * flag. Reply writers are safe to use from any backend thread. Replies obey the reply backlog's limit; once the
 * frontend is gone they fail at once with {@link FrontendGoneException}.
 */
final class BackendContext
{
    private final String processName;
    private final Logger logger;
    private final QueueSender replies;
    private final ProtocolWriter protocol;
    private final ConcurrentMap<Class<?>, Object> replyWriters = new ConcurrentHashMap<>();
    /**
     * An idle backend's longest sleep: a safety net only, everything that gives it work rings its bell. Each
     * timed-out sleep costs a pass of the loop with cold caches (about 60 us): at 10 s, 100 idle workers spend
     * 0.06% of a core on them.
     */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * How long the counters may say a command waits while the queue shows none. A sender counts a command just
     * before it appends it, so a healthy queue shows it within microseconds (a frontend stopped by SIGSTOP
     * mid-append is not counted: see {@link #commandQueueStalled}); one that shows nothing for this long has
     * garbage where the next document's header should be, and the loop would spin on it forever.
     */
    static final long UNREADABLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * How often a loop finding no command looks at the counters for a stalled queue, at most. The command counter
     * lies on the frontend's line: read on every empty pass of a spinning loop, it is pulled across while the
     * frontend writes its next command, and each send waits for it to come back (about half a busy-spin round
     * trip). A stall takes {@link #UNREADABLE_LIMIT_NANOS} to call; a millisecond more is nothing.
     */
    static final long STALL_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Empty passes between two reads of the clock for {@link #STALL_LOOK_NANOS} (a power of two): a spinning loop's
     * passes take well under a microsecond, one that backs off parks up to 20 ms a pass, so the clock is read
     * every 16th and the counters looked at within a millisecond, or within 16 parks, of being due.
     */
    static final int STALL_CLOCK_PASSES = 16;
    /** How often an idle backend whose betweenCommands() polls what rings no bell looks: as the old back-off did. */
    static final long POLL_BETWEEN_COMMANDS_MILLIS = 20;

    private final ProcessTable table;
    private final int slot;
    private final Runnable replySent;
    private final Doorbell commandBell;
    private final Doorbell replyBell;
    /** What else wakes the loop (rings the process watches between commands), with how to tell they have work. */
    private final List<Doorbell> wakeBells = new CopyOnWriteArrayList<>();
    private final List<BooleanSupplier> wakeChecks = new CopyOnWriteArrayList<>();
    private volatile ParkingIdleStrategy parking;
    /** A command was read since the loop last slept (loop thread only). */
    private boolean commandsFlowing;
    /** When the loop must call betweenCommands() again at the latest (System.nanoTime()), or none. Loop thread. */
    private long wakeAtNanos;
    private boolean wakeAtSet;
    /** The process says how it wants to be woken (wakeOn, wakeAt): no need to poll it every 20 ms. */
    private volatile boolean wakesExplicitly;
    private boolean pollsBetweenCommands;
    private volatile boolean stopRequested;
    private volatile boolean frontendGone;
    /**
     * Since when (System.nanoTime()) the loop has found no command to read although the counters say one waits,
     * 0 while it reads. Loop thread.
     */
    private long unreadableSince;
    /** Empty passes since a command was last read. Loop thread. */
    private int emptyPasses;
    /** When (System.nanoTime()) the counters were last looked at for a stall. Loop thread. */
    private long lastStallLook;

    BackendContext(final String processName, final Logger logger, final QueueSender.Builder replyQueue,
        final ProcessTable table, final int slot, final ProcessOptions options)
    {
        this.processName = processName;
        this.logger = logger;
        this.table = table;
        this.slot = slot;
        this.commandBell = table.commandBell(slot);
        this.replyBell = table.replyBell(slot);
        final Doorbell pollBell = table.pollBell();
        this.replySent = () ->
        {
            table.increment(slot, ProcessTableDescriptor.REPLIES_SENT_OFFSET);
            table.ring(slot); // after the reply is complete: a manager that sees the bit finds the reply
            Doorbell.ring(replyBell, pollBell); // and one sleeping on it wakes: its frontend's waiters, pollers
        };
        this.replies = replyQueue
            .process(processName, Direction.REPLIES)
            .backlog(Backlog.of(table, slot, Direction.REPLIES, options.replyBacklog()))
            .maxMessageBytes(options.maxMessageBytes())
            .sendTimeout(options.sendTimeout())
            .waitMode(options.backendWaitMode())
            .gate(this::replyRefusal)
            .afterWrite(replySent)
            .build();
        // "started" is counted (the frontend reads it like any reply) and wakes its waiters, but not a manager.
        this.protocol = new ProtocolWriter(replies, () ->
        {
            table.increment(slot, ProcessTableDescriptor.REPLIES_SENT_OFFSET);
            replyBell.ring();
        });
    }

    /** Replies go nowhere once the frontend is gone; a closing frontend is not waited for when the backlog is full. */
    private RuntimeException replyRefusal(final boolean waiting)
    {
        if (frontendGone || waiting && table.isFrontendClosing(slot))
        {
            return new FrontendGoneException(processName, "a reply");
        }
        return null;
    }

    /** The frontend is gone: every send fails from now on. */
    void frontendGone()
    {
        frontendGone = true;
    }

    /** Closes the reply queue, removing what its sender reserved and the queue never used. */
    void close()
    {
        replies.close();
    }

    /** Announces the backend: running, with this pid. */
    void started(final long pid)
    {
        table.pid(slot, pid);
        table.state(slot, ProcessTableDescriptor.RUNNING);
        protocol.started(pid);
    }

    /** Counts a command taken off the queue. */
    void commandRun()
    {
        table.incrementSingleWriter(slot, ProcessTableDescriptor.COMMANDS_RUN_OFFSET);
    }

    public String processName()
    {
        return processName;
    }

    public Logger logger()
    {
        return logger;
    }

    /** Sends a {@link MessageObject} to the frontend. */
    public void sendOut(final MessageObject message)
    {
        protocol.message(new WireMessage(message.name(), message.parameters()));
    }

    /** @return a writer whose calls become replies of that interface at the frontend. */
    public <R> R replies(final Class<R> replyInterface)
    {
        final Object known = replyWriters.get(replyInterface);
        if (known != null)
        {
            return replyInterface.cast(known); // the common case, without the capturing lambda below (garbage per reply)
        }
        final Object writer = replyWriters.computeIfAbsent(replyInterface, type ->
        {
            ProtocolNames.checkInterface("reply", type);
            return TieredWriter.create(replies, type);
        });
        return replyInterface.cast(writer);
    }

    /** Asks the loop to finish after the current command and run postRun. Any thread. */
    public void requestStop()
    {
        stopRequested = true;
        commandBell.ring(); // the loop may be asleep on it
    }

    /**
     * Wakes the backend's loop when {@code bell} rings, as commands do: for a source {@code betweenCommands()}
     * polls (a ring consumer, say). {@code hasWork} tells the loop, before it sleeps, that the source has work.
     */
    public void wakeOn(final Doorbell bell, final BooleanSupplier hasWork)
    {
        wakeBells.add(bell);
        wakeChecks.add(hasWork);
        wakesExplicitly = true;
        final ParkingIdleStrategy p = parking;
        if (p != null)
        {
            p.bells(bells());
        }
    }

    /**
     * Makes the loop call betweenCommands() again by {@code nanoTime} ({@link System#nanoTime()}) at the latest,
     * however idle it is: for work due at a time (a frame rate, a periodic task). Until the next call.
     */
    public void wakeAt(final long nanoTime)
    {
        wakeAtNanos = nanoTime;
        wakeAtSet = true;
        wakesExplicitly = true;
    }

    /** One idle pass of the loop, its sleep capped by {@link #wakeAt}. Loop thread. */
    void idle(final IdleStrategy idle, final int work)
    {
        if (work == 0 && idle == parking)
        {
            parking.sleepAtMost(wakeAtSet ? wakeAtNanos - System.nanoTime() :
                pollsBetweenCommands && !wakesExplicitly ? TimeUnit.MILLISECONDS.toNanos(POLL_BETWEEN_COMMANDS_MILLIS) :
                    Long.MAX_VALUE);
            wakeAtSet = false;
        }
        idle.idle(work);
    }

    /**
     * @param pollsBetweenCommands true if the process does work of its own between commands: unless what it
     *                             polls rings a bell it registered ({@link #wakeOn}) or it said when to look again
     *                             ({@link #wakeAt}), an idle loop then looks at least every
     *                             {@value #POLL_BETWEEN_COMMANDS_MILLIS} ms, as before doorbells.
     * @return the loop's idle strategy: asleep on the command bell (and the registered ones) in {@code PARK} mode.
     */
    IdleStrategy idleStrategy(final WaitMode waitMode, final boolean pollsBetweenCommands)
    {
        if (waitMode != WaitMode.PARK)
        {
            return waitMode.newIdleStrategy();
        }
        this.pollsBetweenCommands = pollsBetweenCommands;
        final ParkingIdleStrategy p = new ParkingIdleStrategy(this::hasWork, MAX_SLEEP_NANOS, bells());
        parking = p;
        return p;
    }

    /** @return true if the loop has something to do: a command waiting, a stop, a registered source with work. */
    private boolean hasWork()
    {
        if (stopRequested || commandsWaiting())
        {
            return true;
        }
        for (final BooleanSupplier check : wakeChecks)
        {
            if (check.getAsBoolean())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true if the loop should read the command queue now. While commands flow (one was read since the loop
     * last slept), or in a wait mode that never sleeps, it reads the queue itself: the sender's next write keeps that
     * line moving between the two cores anyway, and a look at the counters first would put a second line on every
     * command's path (and make each send's reservation wait for its line to come back). Otherwise the counters say
     * whether there is a command, so a wake by a ring or a timer does not touch the queue, cold by then.
     */
    boolean shouldReadCommands()
    {
        final ParkingIdleStrategy p = parking;
        if (p == null)
        {
            return true;
        }
        if (p.hasSlept())
        {
            commandsFlowing = false;
        }
        return commandsFlowing || commandsWaiting();
    }

    /**
     * After a pass that looked at the command queue and read {@code count} commands. Loop thread.
     *
     * @return how long (ns) the queue has shown nothing although the counters say a command waits, once that is
     * past {@link #UNREADABLE_LIMIT_NANOS}; else 0.
     */
    long commandQueueStalled(final int count)
    {
        // Two counter reads at most every STALL_LOOK_NANOS; nothing else until the limit has passed. A command
        // counted but still being appended is seen here on most round trips of back-to-back traffic, so a costlier
        // look (the /proc read of frontendStopped) on every such pass cost a busy-spin round trip about 17 us.
        if (count > 0)
        {
            unreadableSince = 0;
            emptyPasses = 0;
            return 0;
        }
        if ((++emptyPasses & (STALL_CLOCK_PASSES - 1)) != 0)
        {
            return 0;
        }
        final long now = System.nanoTime();
        if (now - lastStallLook < STALL_LOOK_NANOS)
        {
            return 0;
        }
        lastStallLook = now;
        if (!commandsWaiting())
        {
            unreadableSince = 0;
            return 0;
        }
        if (unreadableSince == 0)
        {
            unreadableSince = now;
            return 0;
        }
        if (now - unreadableSince <= UNREADABLE_LIMIT_NANOS)
        {
            return 0;
        }
        if (frontendStopped())
        {
            unreadableSince = now; // a frontend stopped mid-append: look again a limit later
            return 0;
        }
        return now - unreadableSince;
    }

    /** @return true if the frontend JVM (this JVM's parent) is stopped (SIGSTOP), perhaps in the middle of an append. */
    private static boolean frontendStopped()
    {
        return ProcessHandle.current().parent().map(p -> ProcessLiveness.isStopped(p.pid())).orElse(false);
    }

    /** The loop read {@code count} commands in its last pass. Loop thread. */
    void commandsRead(final int count)
    {
        if (count > 0)
        {
            commandsFlowing = true;
        }
    }

    /**
     * @return true if the command queue holds bytes not yet read (or a command still runs): the frontend counts a
     * command written before it commits it, so a command the queue shows is always counted. Two reads of the
     * process table: the loop looks here before touching the queue, whose read is the costlier, cold after a sleep.
     */
    boolean commandsWaiting()
    {
        return table.counter(slot, ProcessTableDescriptor.COMMAND_BYTES_WRITTEN_OFFSET) !=
            table.counter(slot, ProcessTableDescriptor.COMMAND_BYTES_READ_OFFSET);
    }

    private Doorbell[] bells()
    {
        final List<Doorbell> all = new ArrayList<>(wakeBells.size() + 1);
        all.add(commandBell);
        all.addAll(wakeBells);
        return all.toArray(new Doorbell[0]);
    }

    public boolean isStopRequested()
    {
        return stopRequested;
    }

    ProtocolWriter protocol()
    {
        return protocol;
    }
}
