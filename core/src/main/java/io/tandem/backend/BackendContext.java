package io.tandem.backend;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.channel.Backlog;
import io.tandem.channel.ProtocolNames;
import io.tandem.channel.ProtocolWriter;
import io.tandem.channel.QueueSender;
import io.tandem.channel.TieredWriter;
import io.tandem.channel.WireMessage;
import io.tandem.failure.Direction;
import io.tandem.failure.FrontendGoneException;
import io.tandem.runtime.ProcessTable;
import io.tandem.runtime.ProcessTableDescriptor;
import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a process object holds while it runs as a backend: the reply queue's sender and writers, and the stop
 * flag. Reply writers are safe to use from any backend thread. Replies obey the reply backlog's limit; once the
 * frontend is gone they fail at once with {@link FrontendGoneException}.
 */
public final class BackendContext
{
    private final String processName;
    private final Logger logger;
    private final QueueSender replies;
    private final ProtocolWriter protocol;
    private final ConcurrentMap<Class<?>, Object> replyWriters = new ConcurrentHashMap<>();
    private final ProcessTable table;
    private final int slot;
    private final Runnable replySent;
    private volatile boolean stopRequested;
    private volatile boolean frontendGone;

    BackendContext(final String processName, final Logger logger, final QueueSender.Builder replyQueue,
        final ProcessTable table, final int slot, final ProcessOptions options)
    {
        this.processName = processName;
        this.logger = logger;
        this.table = table;
        this.slot = slot;
        this.replySent = () ->
        {
            table.increment(slot, ProcessTableDescriptor.REPLIES_SENT);
            table.ring(slot); // after the reply is complete: a manager that sees the bell finds the reply
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
        // "started" is counted (the frontend reads it like any reply) but rings no doorbell.
        this.protocol = new ProtocolWriter(replies, () -> table.increment(slot, ProcessTableDescriptor.REPLIES_SENT));
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
        table.incrementSingleWriter(slot, ProcessTableDescriptor.COMMANDS_RUN);
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
        protocol.message(new WireMessage(message));
    }

    /** @return a writer whose calls become replies of that interface at the frontend. */
    public <R> R replies(final Class<R> replyInterface)
    {
        final Object writer = replyWriters.computeIfAbsent(replyInterface, type ->
        {
            ProtocolNames.checkInterface("reply", type);
            return TieredWriter.create(replies, type);
        });
        return replyInterface.cast(writer);
    }

    /** Asks the loop to finish after the current command and run postRun. */
    public void requestStop()
    {
        stopRequested = true;
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
