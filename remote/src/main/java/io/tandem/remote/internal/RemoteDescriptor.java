package io.tandem.remote.internal;

/**
 * The wire between a frontend and a tandem node: streams, message types and each message's layout. All integers
 * little-endian; a string is a 2-byte length then its UTF-8 bytes.
 *
 * <pre>
 * streams (one UDP endpoint each side):
 *   node endpoint      CONTROL_STREAM          frontend -&gt; node: SPAWN, HEARTBEAT, STOP   (signed)
 *                      command stream (per process, chosen by the frontend, bound to its publication's session id):
 *                                              frontend -&gt; node: DOCUMENT chunks
 *                      ring streams (per ring of a process, chosen by the node, named in ACCEPTED):
 *                                              frontend -&gt; node: ring frames ({@code io.tandem.remote.ring})
 *   frontend endpoint  FRONTEND_CONTROL_STREAM node -&gt; frontend: ACCEPTED, REFUSED, NODE_HEARTBEAT  (signed)
 *                      reply stream (per process, same id as its command stream, read from the session id ACCEPTED names):
 *                                              node -&gt; frontend: DOCUMENT chunks, then END
 *
 * every message:   0 type (1 byte)   1 version (1 byte)   2 reserved (2 bytes)   4 body
 * signed messages end in a 32-byte HmacSHA256 over everything before it (see {@link Signer}).
 *
 * SPAWN body (4):  timestampMillis(8) nonce(16) frontendId(8) processKey(8) commandSessionId(4) streamId(4)
 *                  commandBacklog(8) replyBacklog(8) queueBlockSize(8) classPathHash(32)
 *                  then strings: frontendEndpoint (numeric ip:port), nodeAddress (the node it is meant for, numeric
 *                  ip:port as the frontend addressed it: another node refuses it), processName, rollCycle;
 *                  then jvmArgs: count(2) and each string;
 *                  then rings: count(2) and each: name (string) slotCount(4) slotSize(4) policy(1: 0 BLOCK, 1 OVERWRITE)
 *                  then livenessMillis(8): the frontend's liveness timeout for the process (0: the node's)
 *                  a SPAWN, signature included, is at most {@link #MAX_CONTROL_MESSAGE} bytes
 * HEARTBEAT:       frontendId(8) timestampMillis(8) (strictly increasing per frontend, within the window) then the
 *                  keys of the frontend's live processes on this node: count(4) and each processKey(8); count -1: not
 *                  listed (too many), stop none for it
 * STOP:            frontendId(8) processKey(8) forcibly(1)
 * ACCEPTED:        frontendId(8) processKey(8) nonce(16: the request's) nodeId(8) pid(8) replySessionId(4) then
 *                  rings: count(2) and each ring's mirror stream id(4) on the node endpoint, in the request's order
 *                  (see {@link RemoteRings})
 * REFUSED:         frontendId(8) processKey(8) nonce(16: the request's) then string reason
 * NODE_HEARTBEAT:  frontendId(8) nodeId(8) timestampMillis(8): strictly increasing per node, within the window
 * DOCUMENT:        flags(1: LAST_CHUNK) reserved(3) then the chunk: a Chronicle document's bytes, verbatim, split
 *                  in chunks of at most {@link #CHUNK_BYTES}
 * END:             exitCode(4)
 * </pre>
 */
public final class RemoteDescriptor
{
    public static final byte VERSION = 2;

    public static final int CONTROL_STREAM = 1;
    public static final int FRONTEND_CONTROL_STREAM = 2;
    /** The first per-process stream id a frontend hands out. */
    public static final int FIRST_PROCESS_STREAM = 1000;

    public static final byte SPAWN = 1;
    public static final byte HEARTBEAT = 2;
    public static final byte STOP = 3;
    public static final byte ACCEPTED = 10;
    public static final byte REFUSED = 11;
    public static final byte NODE_HEARTBEAT = 12;
    public static final byte DOCUMENT = 20;
    public static final byte END = 21;

    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = 1;
    public static final int HEADER_LENGTH = 4;

    /** SPAWN's fixed fields; its strings start at {@link #SPAWN_STRINGS_OFFSET}. */
    public static final int SPAWN_TIMESTAMP_OFFSET = HEADER_LENGTH;
    public static final int SPAWN_NONCE_OFFSET = SPAWN_TIMESTAMP_OFFSET + 8;
    public static final int SPAWN_FRONTEND_ID_OFFSET = SPAWN_NONCE_OFFSET + 16;
    public static final int SPAWN_PROCESS_KEY_OFFSET = SPAWN_FRONTEND_ID_OFFSET + 8;
    public static final int SPAWN_COMMAND_SESSION_ID_OFFSET = SPAWN_PROCESS_KEY_OFFSET + 8;
    public static final int SPAWN_STREAM_ID_OFFSET = SPAWN_COMMAND_SESSION_ID_OFFSET + 4;
    public static final int SPAWN_COMMAND_BACKLOG_OFFSET = SPAWN_STREAM_ID_OFFSET + 4;
    public static final int SPAWN_REPLY_BACKLOG_OFFSET = SPAWN_COMMAND_BACKLOG_OFFSET + 8;
    public static final int SPAWN_QUEUE_BLOCK_SIZE_OFFSET = SPAWN_REPLY_BACKLOG_OFFSET + 8;
    public static final int SPAWN_CLASS_PATH_HASH_OFFSET = SPAWN_QUEUE_BLOCK_SIZE_OFFSET + 8;
    public static final int SPAWN_STRINGS_OFFSET = SPAWN_CLASS_PATH_HASH_OFFSET + 32;

    public static final int HEARTBEAT_FRONTEND_ID_OFFSET = HEADER_LENGTH;
    public static final int HEARTBEAT_TIMESTAMP_OFFSET = HEARTBEAT_FRONTEND_ID_OFFSET + 8;

    public static final int STOP_FRONTEND_ID_OFFSET = HEADER_LENGTH;
    public static final int STOP_PROCESS_KEY_OFFSET = STOP_FRONTEND_ID_OFFSET + 8;
    public static final int STOP_FORCIBLY_OFFSET = STOP_PROCESS_KEY_OFFSET + 8;

    /** ACCEPTED and REFUSED start alike: frontend id, process key, the request's nonce. */
    public static final int ANSWER_FRONTEND_ID_OFFSET = HEADER_LENGTH;
    public static final int ANSWER_PROCESS_KEY_OFFSET = ANSWER_FRONTEND_ID_OFFSET + 8;
    public static final int ANSWER_NONCE_OFFSET = ANSWER_PROCESS_KEY_OFFSET + 8;
    public static final int ACCEPTED_NODE_ID_OFFSET = ANSWER_NONCE_OFFSET + 16;
    public static final int ACCEPTED_PID_OFFSET = ACCEPTED_NODE_ID_OFFSET + 8;
    public static final int ACCEPTED_REPLY_SESSION_ID_OFFSET = ACCEPTED_PID_OFFSET + 8;
    public static final int ACCEPTED_RINGS_OFFSET = ACCEPTED_REPLY_SESSION_ID_OFFSET + 4;
    public static final int REFUSED_REASON_OFFSET = ANSWER_NONCE_OFFSET + 16;

    public static final int NODE_HEARTBEAT_FRONTEND_ID_OFFSET = HEADER_LENGTH;
    public static final int NODE_HEARTBEAT_NODE_ID_OFFSET = NODE_HEARTBEAT_FRONTEND_ID_OFFSET + 8;
    public static final int NODE_HEARTBEAT_TIMESTAMP_OFFSET = NODE_HEARTBEAT_NODE_ID_OFFSET + 8;

    public static final byte LAST_CHUNK = 1;
    public static final int DOCUMENT_FLAGS_OFFSET = HEADER_LENGTH;
    public static final int DOCUMENT_HEADER_LENGTH = HEADER_LENGTH + 4;

    /** Term length of a process's command and reply streams: Aeron's largest message is an eighth of it. */
    public static final int PROCESS_TERM_LENGTH = 1 << 20;
    /** Term length of the control streams: small, rare messages. */
    public static final int CONTROL_TERM_LENGTH = 64 << 10;
    /** The largest control message: Aeron's limit for a message on a {@link #CONTROL_TERM_LENGTH} term. */
    public static final int MAX_CONTROL_MESSAGE = CONTROL_TERM_LENGTH / 8;
    /** A document's bytes per DOCUMENT message: well under an eighth of {@link #PROCESS_TERM_LENGTH}. */
    public static final int CHUNK_BYTES = 64 << 10;
    /** Bytes of the HMAC that ends a signed message. */
    public static final int SIGNATURE_LENGTH = 32;
    /** Bytes of a spawn request's nonce. */
    public static final int NONCE_LENGTH = 16;
    /** Bytes of a class path hash (SHA-256). */
    public static final int CLASS_PATH_HASH_LENGTH = 32;
    /**
     * The most process keys a HEARTBEAT lists (8 bytes each: the message stays well under an eighth of
     * {@link #CONTROL_TERM_LENGTH}); a frontend with more on one node sends count -1.
     */
    public static final int MAX_HEARTBEAT_KEYS = 512;
    /** A HEARTBEAT's key count meaning "not listed": the node then stops none of that frontend's processes for it. */
    public static final int KEYS_NOT_LISTED = -1;
    /** The longest string a message may carry. */
    public static final int MAX_STRING_BYTES = 4096;

    private RemoteDescriptor()
    {
    }

    /** @return a UDP channel to {@code endpoint} ({@code host:port}) with terms of {@code termLength}. */
    public static String channel(final String endpoint, final int termLength)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + termLength;
    }

    /** @return the subscription channel of {@code endpoint}: every subscription on it must use exactly this. */
    public static String endpointChannel(final String endpoint)
    {
        return "aeron:udp?endpoint=" + endpoint;
    }

    /** @return a subscription channel on {@code endpoint} taking only the publication of {@code sessionId}. */
    public static String sessionChannel(final String endpoint, final int sessionId)
    {
        return "aeron:udp?endpoint=" + endpoint + "|session-id=" + sessionId;
    }
}
