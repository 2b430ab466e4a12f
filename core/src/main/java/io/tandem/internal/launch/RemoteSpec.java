package io.tandem.internal.launch;

import io.tandem.internal.runtime.ProcessTable;
import io.tandem.ringbuffer.RingBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link RemoteLauncher} needs to run a process's backend on a tandem node: the process's local directory (its
 * queues, the start document already written), its slot, and the options that must be the same on both hosts.
 *
 * @param processName     the process name.
 * @param processDir      its local directory: the command queue the bridge reads, the reply queue it writes.
 * @param table           this session's process table (the slot's counters and doorbells).
 * @param slot            its slot in {@code table}.
 * @param rollCycle       the queues' roll cycle name.
 * @param queueBlockSize  the queues' block size.
 * @param commandBacklog  the command backlog limit, in bytes (the node applies it to its own queue too).
 * @param replyBacklog    the reply backlog limit, in bytes.
 * @param maxMessageBytes the largest message either queue takes.
 * @param sendTimeout     how long a full backlog is waited for.
 * @param jvmArgs         the user's JVM arguments for the backend JVM.
 * @param nodeAddress     the node, {@code host:port}.
 * @param secretFile      the cluster secret file, or null for the default.
 * @param liveness        how long without the node's heartbeats before it counts as lost.
 * @param rings           the rings the process's shipped fields hold: the node mirrors each, and the frontend forwards
 *                        the local ring's frames to the mirror (the remote backend consumes them).
 */
public record RemoteSpec(String processName, Path processDir, ProcessTable table, int slot, String rollCycle,
    long queueBlockSize, long commandBacklog, long replyBacklog, long maxMessageBytes, Duration sendTimeout,
    List<String> jvmArgs, String nodeAddress, Path secretFile, Duration liveness, List<Ring> rings)
{
    public RemoteSpec
    {
        jvmArgs = List.copyOf(jvmArgs);
        rings = List.copyOf(rings);
    }

    /** As the full constructor, with no rings. */
    public RemoteSpec(final String processName, final Path processDir, final ProcessTable table, final int slot,
        final String rollCycle, final long queueBlockSize, final long commandBacklog, final long replyBacklog,
        final long maxMessageBytes, final Duration sendTimeout, final List<String> jvmArgs, final String nodeAddress,
        final Path secretFile, final Duration liveness)
    {
        this(processName, processDir, table, slot, rollCycle, queueBlockSize, commandBacklog, replyBacklog,
            maxMessageBytes, sendTimeout, jvmArgs, nodeAddress, secretFile, liveness, List.of());
    }

    /**
     * A ring held by a remote process's fields.
     *
     * @param name the ring's name in the session: the node's mirror takes the same name, so the shipped handle
     *             attaches it unchanged.
     * @param ring this side's ring (its geometry is the mirror's; its frames are forwarded).
     */
    public record Ring(String name, RingBuffer ring)
    {
    }
}
