package io.tandem.channel;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.MarshallableOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import net.openhft.chronicle.wire.WriteDocumentContext;

/**
 * One thread's staging buffer for a {@link QueueSender}: a message is encoded here, in the queue's wire
 * format, and {@link #close()} hands it to the sender, which appends it in one piece (or refuses it). So its
 * size is known before a byte of it reaches the queue. Chronicle's method writers see a
 * {@link MarshallableOut} whose documents are these.
 *
 * <p>One per thread and sender; not thread-safe. A buffer grown for a large message is dropped after it, so a
 * thread does not keep megabytes for one big send.
 */
final class StagedDocument implements WriteDocumentContext, MarshallableOut
{
    private static final int INITIAL_CAPACITY = 256;
    /** A buffer grown past this is replaced by a small one after its message. */
    private static final int KEEP_CAPACITY = 64 << 10;

    private final QueueSender sender;
    private final WireType wireType;
    private Bytes<?> bytes;
    private Wire wire;
    private boolean open;
    private boolean rollback;
    private boolean chained;
    private boolean overLimit;
    private Runnable after;

    StagedDocument(final QueueSender sender, final WireType wireType)
    {
        this.sender = sender;
        this.wireType = wireType;
        newBuffer();
    }

    private void newBuffer()
    {
        bytes = Bytes.allocateElasticOnHeap(INITIAL_CAPACITY);
        bytes.singleThreadedCheckDisabled(true); // one thread's buffer by construction; the check costs more than the copy
        wire = wireType.apply(bytes);
    }

    /** Starts a message of Tandem's own events. */
    StagedDocument open(final boolean overLimitEvent, final Runnable afterWritten)
    {
        if (open)
        {
            throw new IllegalStateException("a message to the queue is already being written on this thread");
        }
        this.overLimit = overLimitEvent;
        this.after = afterWritten;
        start(false);
        return this;
    }

    // ------------------------------------------------------------------------------ MarshallableOut (method writers)

    @Override
    public DocumentContext writingDocument(final boolean metaData)
    {
        return acquireWritingDocument(metaData);
    }

    @Override
    public DocumentContext acquireWritingDocument(final boolean metaData)
    {
        if (open)
        {
            if (chained)
            {
                return this; // a chained call (a method returning the next writer) continues the same message
            }
            throw new IllegalStateException("a message to the queue is already being written on this thread");
        }
        this.overLimit = false;
        this.after = sender.afterWrite();
        start(metaData);
        return this;
    }

    @Override
    public boolean recordHistory()
    {
        return false;
    }

    // ------------------------------------------------------------------------- WriteDocumentContext

    @Override
    public void start(final boolean metaData)
    {
        if (metaData)
        {
            throw new UnsupportedOperationException("Tandem's queues carry no metadata messages");
        }
        wire.clear();
        open = true;
        rollback = false;
        chained = false;
    }

    @Override
    public boolean chainedElement()
    {
        return chained;
    }

    @Override
    public void chainedElement(final boolean chainedElement)
    {
        this.chained = chainedElement;
    }

    @Override
    public boolean isEmpty()
    {
        return bytes.writePosition() == 0;
    }

    @Override
    public boolean isMetaData()
    {
        return false;
    }

    @Override
    public boolean isPresent()
    {
        return false;
    }

    @Override
    public Wire wire()
    {
        return wire;
    }

    @Override
    public boolean isNotComplete()
    {
        return open;
    }

    @Override
    public void rollbackOnClose()
    {
        rollback = true;
    }

    /** Commits the message (or drops it after {@link #rollbackOnClose()}); the sender's failures surface here. */
    @Override
    public void close()
    {
        if (!open || chained)
        {
            return;
        }
        open = false;
        try
        {
            if (!rollback)
            {
                sender.commit(bytes, overLimit, after);
            }
        }
        finally
        {
            if (bytes.realCapacity() > KEEP_CAPACITY)
            {
                newBuffer();
            }
        }
    }

    @Override
    public void reset()
    {
        open = false;
        chained = false;
        wire.clear();
    }

    @Override
    public void rollbackIfNotComplete()
    {
        if (open)
        {
            rollback = true;
            close();
        }
    }

    @Override
    public int sourceId()
    {
        return -1;
    }

    @Override
    public long index()
    {
        return Long.MIN_VALUE;
    }
}
