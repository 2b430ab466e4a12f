package io.tandem.remote.internal;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.tandem.failure.BacklogFullException;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.QueueSender;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.function.IntConsumer;

/**
 * Appends the documents arriving as DOCUMENT chunks on a subscription, verbatim, to a local queue through its
 * {@link QueueSender} (so the queue's backlog, counters and doorbells work as for a local sender). While the backlog has
 * no room for the next document it returns {@link Action#ABORT}: the fragment stays in the subscription's image, the
 * subscriber stops consuming, and Aeron's flow control holds the far publisher back. An END message ends the stream.
 * Fragments of another publication than the one named are ignored. One thread.
 */
final class DocumentReceiver implements ControlledFragmentHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(DocumentReceiver.class);

    private final QueueSender sender;
    private final Backlog backlog;
    private final Runnable afterWrite;
    private final IntConsumer onEnd;
    private final ExpandableArrayBuffer assembly = new ExpandableArrayBuffer(4096);
    private byte[] scratch = new byte[4096];
    private int assembled;
    /** No publication named yet: every fragment waits. */
    static final int UNKNOWN = Integer.MIN_VALUE;

    private volatile int sessionId;
    private boolean full;

    /**
     * @param sessionId the publication read, or {@link #UNKNOWN} until {@link #sessionId(int)} names it.
     * @param onEnd     runs with the exit code of an END message.
     */
    DocumentReceiver(final QueueSender sender, final Runnable afterWrite, final int sessionId, final IntConsumer onEnd)
    {
        this.sender = sender;
        this.backlog = sender.backlog();
        this.afterWrite = afterWrite;
        this.sessionId = sessionId;
        this.onEnd = onEnd;
    }

    /** Reads only the publication of {@code id} from now on. */
    void sessionId(final int id)
    {
        sessionId = id;
    }

    /** @return true if the last fragment was left for want of room in the backlog. */
    boolean isFull()
    {
        return full;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        full = false;
        final int expected = sessionId;
        if (expected == UNKNOWN)
        {
            return Action.ABORT; // its publisher is not known yet (its ACCEPTED is on another stream): keep it
        }
        if (header.sessionId() != expected || length < RemoteDescriptor.HEADER_LENGTH)
        {
            return Action.CONTINUE;
        }
        final byte type = buffer.getByte(offset + RemoteDescriptor.TYPE_OFFSET);
        if (type == RemoteDescriptor.END && length >= RemoteDescriptor.HEADER_LENGTH + 4)
        {
            onEnd.accept(buffer.getInt(offset + RemoteDescriptor.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN));
            return Action.BREAK;
        }
        if (type != RemoteDescriptor.DOCUMENT || length < RemoteDescriptor.DOCUMENT_HEADER_LENGTH)
        {
            LOG.warn("ignored a message of type {} ({} bytes) on stream {}", type, length, header.streamId());
            return Action.CONTINUE;
        }
        final boolean last = (buffer.getByte(offset + RemoteDescriptor.DOCUMENT_FLAGS_OFFSET) & RemoteDescriptor.LAST_CHUNK) != 0;
        final int payload = offset + RemoteDescriptor.DOCUMENT_HEADER_LENGTH;
        final int size = length - RemoteDescriptor.DOCUMENT_HEADER_LENGTH;
        if (!last)
        {
            assembly.putBytes(assembled, buffer, payload, size);
            assembled += size;
            return Action.CONTINUE;
        }
        final int total = assembled + size;
        final long cost = total + Backlog.HEADER_BYTES;
        if (!backlog.tryReserve(cost))
        {
            full = true;
            return Action.ABORT; // no room: leave it in the image; flow control holds the publisher back
        }
        backlog.cancel(cost); // the sender reserves it again as it writes; only this thread adds, so the room stays
        if (scratch.length < total)
        {
            scratch = new byte[Math.max(total, scratch.length * 2)];
        }
        assembly.getBytes(0, scratch, 0, assembled);
        buffer.getBytes(payload, scratch, assembled, size);
        try
        {
            VerbatimAppender.append(sender, scratch, total, afterWrite);
        }
        catch (final BacklogFullException ex)
        {
            full = true;
            return Action.ABORT; // room went after all (cannot while this thread is the only writer): try again later
        }
        assembled = 0;
        return Action.CONTINUE;
    }
}
