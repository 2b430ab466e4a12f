package io.tandem.remote.internal;

import io.tandem.failure.TandemException;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A frontend's request that a node run a process's backend (layout: {@link RemoteDescriptor}, SPAWN). Signed; the
 * timestamp and the nonce let the node refuse a stale or replayed request.
 *
 * @param timestampMillis  when the frontend made it (wall clock).
 * @param nonce            16 random bytes, never used twice.
 * @param frontendId       the frontend JVM's random id (its heartbeats carry it).
 * @param processKey       the process's id among that frontend's.
 * @param commandSessionId the session id of the frontend's command publication: the node reads only it.
 * @param streamId         the process's command stream (to the node) and reply stream (to the frontend).
 * @param frontendEndpoint where the frontend listens, numeric {@code ip:port}.
 * @param nodeAddress      the node the request is for, numeric {@code ip:port}: another node refuses it (a request
 *                         captured on its way to one node cannot start a backend on another).
 * @param rings            the rings the process's fields hold: the node mirrors each ({@link RemoteRings}).
 * @param livenessMillis   the frontend's liveness timeout for this process: the node tethers it with the smaller of
 *                         this and its own (0: the node's).
 */
public record SpawnRequest(long timestampMillis, byte[] nonce, long frontendId, long processKey, int commandSessionId,
    int streamId, long commandBacklog, long replyBacklog, long queueBlockSize, byte[] classPathHash,
    String frontendEndpoint, String nodeAddress, String processName, String rollCycle, List<String> jvmArgs,
    List<RemoteRings.Geometry> rings, long livenessMillis)
{
    public SpawnRequest
    {
        jvmArgs = List.copyOf(jvmArgs);
        rings = List.copyOf(rings);
    }

    /** A request for a process holding no ring. */
    public SpawnRequest(final long timestampMillis, final byte[] nonce, final long frontendId, final long processKey,
        final int commandSessionId, final int streamId, final long commandBacklog, final long replyBacklog,
        final long queueBlockSize, final byte[] classPathHash, final String frontendEndpoint, final String nodeAddress,
        final String processName, final String rollCycle, final List<String> jvmArgs)
    {
        this(timestampMillis, nonce, frontendId, processKey, commandSessionId, streamId, commandBacklog, replyBacklog,
            queueBlockSize, classPathHash, frontendEndpoint, nodeAddress, processName, rollCycle, jvmArgs, List.of(), 0);
    }

    /**
     * @return the signed message.
     * @throws TandemException naming the process, the node, the size and the limit if it does not fit one control
     *                         message ({@link RemoteDescriptor#MAX_CONTROL_MESSAGE}) or a string is too long.
     */
    MessageWriter encode(final Signer signer)
    {
        final MessageWriter w;
        try
        {
            w = new MessageWriter(RemoteDescriptor.SPAWN)
                .int64(timestampMillis).bytes(nonce).int64(frontendId).int64(processKey).int32(commandSessionId)
                .int32(streamId).int64(commandBacklog).int64(replyBacklog).int64(queueBlockSize).bytes(classPathHash)
                .string(frontendEndpoint, "frontend endpoint").string(nodeAddress, "node address")
                .string(processName, "process name").string(rollCycle, "roll cycle");
            if (jvmArgs.size() > 0xFFFF)
            {
                throw new IllegalArgumentException(jvmArgs.size() + " JVM arguments (at most 65535)");
            }
            w.int8(jvmArgs.size() & 0xFF).int8(jvmArgs.size() >>> 8);
            for (int i = 0; i < jvmArgs.size(); i++)
            {
                w.string(jvmArgs.get(i), "JVM argument " + i);
            }
            RemoteRings.encode(rings, w);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new TandemException("cannot start process '" + processName + "' on node " + nodeAddress + ": " +
                ex.getMessage());
        }
        w.int64(livenessMillis);
        w.signed(signer);
        if (w.length() > RemoteDescriptor.MAX_CONTROL_MESSAGE)
        {
            throw new TandemException("cannot start process '" + processName + "' on node " + nodeAddress + ": its " +
                "spawn request is " + w.length() + " bytes, more than the " + RemoteDescriptor.MAX_CONTROL_MESSAGE +
                " a control message may hold (mostly its " + jvmArgs.size() + " JVM arguments): pass fewer or shorter " +
                "JVM arguments, e.g. put long settings in a file on the node and pass its path");
        }
        return w;
    }

    /**
     * Reads a spawn request (signature already checked) of {@code length} bytes at {@code offset}, signature included.
     *
     * @throws MalformedMessageException if it does not parse.
     */
    static SpawnRequest decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageReader r = MessageReader.signedFields(buffer, offset, length);
        final long timestamp = r.int64("timestamp");
        final byte[] nonce = r.bytes(RemoteDescriptor.NONCE_LENGTH, "nonce");
        final long frontendId = r.int64("frontend id");
        final long processKey = r.int64("process key");
        final int sessionId = r.int32("command session id");
        final int streamId = r.int32("stream id");
        final long commandBacklog = r.int64("command backlog");
        final long replyBacklog = r.int64("reply backlog");
        final long blockSize = r.int64("queue block size");
        final byte[] hash = r.bytes(RemoteDescriptor.CLASS_PATH_HASH_LENGTH, "class path hash");
        final String endpoint = r.string("frontend endpoint");
        final String nodeAddress = r.string("node address");
        final String name = r.string("process name");
        final String rollCycle = r.string("roll cycle");
        final int count = (r.int8("jvm argument count") & 0xFF) | (r.int8("jvm argument count") & 0xFF) << 8;
        final List<String> args = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++)
        {
            args.add(r.string("jvm argument " + i));
        }
        final List<RemoteRings.Geometry> rings = RemoteRings.decode(r);
        final long liveness = r.int64("liveness");
        r.end();
        if (streamId < RemoteDescriptor.FIRST_PROCESS_STREAM || commandBacklog <= 0 || replyBacklog <= 0 || blockSize <= 0 ||
            liveness < 0)
        {
            throw new MalformedMessageException("stream id " + streamId + ", backlogs " + commandBacklog + "/" +
                replyBacklog + ", block size " + blockSize + " or liveness " + liveness + " out of range");
        }
        if (!Endpoints.isNumeric(endpoint) || !Endpoints.isNumeric(nodeAddress))
        {
            // a host name would have the node's media driver ask DNS on the sender's behalf
            throw new MalformedMessageException("frontend endpoint '" + LogText.escape(endpoint) + "' and node address '" +
                LogText.escape(nodeAddress) + "' must be numeric ip:port");
        }
        return new SpawnRequest(timestamp, nonce, frontendId, processKey, sessionId, streamId, commandBacklog, replyBacklog,
            blockSize, hash, endpoint, nodeAddress, name, rollCycle, args, rings, liveness);
    }
}
