package io.tandem.remote.internal;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.tandem.internal.channel.MeteredIn;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Forwards a local queue's documents, verbatim, to an Aeron publication, each in chunks of at most
 * {@link RemoteDescriptor#CHUNK_BYTES} (DOCUMENT messages, the last flagged). A document counts as read (its bytes
 * leave the queue's backlog) only once its last chunk is accepted: while the publication is back-pressured (or not yet
 * connected) the document stays in the queue and is tried again, resuming after the chunks already sent, so the sender
 * of the queue feels the far side's flow control through its own backlog limit. One thread.
 */
final class DocumentSender
{
    private final MeteredIn in;
    private final ExclusivePublication publication;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[RemoteDescriptor.DOCUMENT_HEADER_LENGTH]);
    private final UnsafeBuffer chunk = new UnsafeBuffer(new byte[0]);
    private byte[] copy = new byte[4096];
    /** The queue index of a document partly sent, and how much of it went: resumed there, never sent twice. */
    private long pendingIndex = Long.MIN_VALUE;
    private int sentOffset;
    private long lastResult;

    DocumentSender(final MeteredIn in, final ExclusivePublication publication)
    {
        this.in = in;
        this.publication = publication;
        header.putByte(RemoteDescriptor.TYPE_OFFSET, RemoteDescriptor.DOCUMENT);
        header.putByte(RemoteDescriptor.VERSION_OFFSET, RemoteDescriptor.VERSION);
    }

    /**
     * Sends up to {@code limit} whole documents.
     *
     * @return how many went.
     */
    int forward(final int limit)
    {
        int sent = 0;
        while (sent < limit)
        {
            try (DocumentContext dc = in.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (!sendWhole(dc))
                {
                    dc.rollbackOnClose(); // not all of it went: read again, resumed after what did
                    break;
                }
                sent++;
            }
        }
        return sent;
    }

    private boolean sendWhole(final DocumentContext dc)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final int length = (int)bytes.readRemaining();
        if (dc.index() != pendingIndex)
        {
            pendingIndex = dc.index();
            sentOffset = 0;
        }
        if (copy.length < length)
        {
            copy = new byte[Math.max(length, copy.length * 2)];
        }
        for (int read = 0; read < length; )
        {
            final int n = bytes.read(copy, read, length - read);
            if (n <= 0)
            {
                throw new IllegalStateException("a document of " + length + " bytes ended after " + read);
            }
            read += n;
        }
        do
        {
            final int size = Math.min(RemoteDescriptor.CHUNK_BYTES, length - sentOffset);
            final boolean last = sentOffset + size == length;
            header.putByte(RemoteDescriptor.DOCUMENT_FLAGS_OFFSET, last ? RemoteDescriptor.LAST_CHUNK : 0);
            chunk.wrap(copy, sentOffset, size);
            final long result = publication.offer(header, 0, RemoteDescriptor.DOCUMENT_HEADER_LENGTH, chunk, 0, size, null);
            lastResult = result;
            if (result < 0)
            {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("publication " + publication.channel() + " closed (" + result + ")");
                }
                return false; // back-pressured, not connected, admin action: later
            }
            sentOffset += size;
        }
        while (sentOffset < length);
        pendingIndex = Long.MIN_VALUE;
        return true;
    }

    /** @return true if the last offer was refused for want of a connected subscriber. */
    boolean notConnected()
    {
        return lastResult == Publication.NOT_CONNECTED;
    }
}
