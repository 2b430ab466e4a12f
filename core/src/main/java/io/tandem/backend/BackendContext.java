package io.tandem.backend;

import io.tandem.MessageObject;
import io.tandem.channel.ProtocolNames;
import io.tandem.channel.ProtocolWriter;
import io.tandem.channel.TieredWriter;
import io.tandem.channel.WireMessage;
import io.tandem.runtime.ProcessTable;
import io.tandem.runtime.ProcessTableDescriptor;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a process object holds while it runs as a backend: the reply queue's writers and the stop flag.
 * Reply writers are safe to use from any backend thread (each thread appends through its own appender).
 */
public final class BackendContext
{
    private final String processName;
    private final Logger logger;
    private final ChronicleQueue replyQueue;
    private final ProtocolWriter protocol;
    private final ConcurrentMap<Class<?>, Object> replyWriters = new ConcurrentHashMap<>();
    private final ProcessTable table;
    private final int slot;
    private final Runnable replySent;
    private volatile boolean stopRequested;

    BackendContext(final String processName, final Logger logger, final ChronicleQueue replyQueue,
        final ProcessTable table, final int slot)
    {
        this.processName = processName;
        this.logger = logger;
        this.replyQueue = replyQueue;
        this.table = table;
        this.slot = slot;
        this.replySent = () ->
        {
            table.increment(slot, ProcessTableDescriptor.REPLIES_SENT);
            table.ring(slot); // after the reply is complete: a manager that sees the bell finds the reply
        };
        // "started" is counted (the frontend reads it like any reply) but rings no doorbell.
        this.protocol = new ProtocolWriter(replyQueue, replySent,
            () -> table.increment(slot, ProcessTableDescriptor.REPLIES_SENT));
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
            return TieredWriter.create(replyQueue, type, replySent);
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
