package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.ThreadLocalAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.MarshallableOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import net.openhft.chronicle.wire.WriteDocumentContext;

/**
 * One thread's message in the making for a {@link QueueSender}: what Chronicle's method writers and Tandem's
 * own events write into, and whose {@link #close()} sends it. One per thread and sender; not thread-safe.
 *
 * <p>Two ways, chosen per message:
 * <ul>
 *   <li><b>direct</b> (the usual): the queue's document is opened first and the message is encoded in place,
 *       through a view of the mapped file bounded to a window ({@value #WINDOW} bytes, or less where the
 *       mapping ends) whose pages {@link QueueSpace} has backed: nothing is copied, and an encoder can never
 *       touch a page that is not backed (it overflows the view instead). On close its size is known: its bytes
 *       are reserved in the backlog and the document is committed. If the backlog is full, the message is
 *       copied out, the document rolled back (Chronicle's write lock is not held while waiting), and it goes on
 *       the staged way, waiting for room;</li>
 *   <li><b>staged</b>: the message is encoded into a heap buffer, then handed to the sender, which checks its
 *       size, waits for room and appends it whole. For a message larger than the window (the direct attempt
 *       overflowed: the writer encodes it again this way, see {@link #retryStaged()}), and for a sender whose
 *       direct document could not be opened.</li>
 * </ul>
 */
final class SendDocument implements WriteDocumentContext, MarshallableOut
{
    /** Largest message encoded in place; a larger one is encoded again, staged. */
    static final int WINDOW = 16 << 10;
    /** A direct window smaller than this (the mapping ends just after) is not worth it: staged instead. */
    private static final int MIN_WINDOW = 1 << 10;
    private static final int INITIAL_CAPACITY = 256;
    /** A staging buffer grown past this is replaced by a small one after its message. */
    private static final int KEEP_CAPACITY = 64 << 10;

    private final QueueSender sender;
    private final WireType wireType;
    // staged
    private Bytes<?> staging;
    private Wire stagingWire;
    // direct
    private final PointerBytesStore window = new PointerBytesStore();
    private final Bytes<Void> windowBytes = window.bytesForWrite();
    private final Wire windowWire;
    private DocumentContext queueDocument;
    private Bytes<?> queueBytes;
    /** This thread's appender on the queue, kept: a document is one thread's, and so is its appender. */
    private ExcerptAppender appender;

    private Wire wire;
    private boolean direct;
    private boolean open;
    private boolean rollback;
    private boolean chained;
    private boolean overLimit;
    /** Set by a writer whose direct attempt overflowed the window: the next message on this thread is staged. */
    private boolean stageNext;
    private Runnable after;

    SendDocument(final QueueSender sender, final WireType wireType)
    {
        this.sender = sender;
        this.wireType = wireType;
        this.window.singleThreadedCheckDisabled(true); // one thread's by construction
        this.windowBytes.singleThreadedCheckDisabled(true);
        this.windowWire = wireType.apply(windowBytes);
        newStagingBuffer();
    }

    private void newStagingBuffer()
    {
        staging = Bytes.allocateElasticOnHeap(INITIAL_CAPACITY);
        staging.singleThreadedCheckDisabled(true); // one thread's by construction; the check costs more than the copy
        stagingWire = wireType.apply(staging);
    }

    /** Starts a message of Tandem's own events. */
    SendDocument open(final boolean overLimitEvent, final Runnable afterWritten)
    {
        if (open)
        {
            throw new IllegalStateException("a message to the queue is already being written on this thread");
        }
        begin(overLimitEvent, afterWritten);
        return this;
    }

    /**
     * Asks for the next message on this thread to be encoded staged: a writer whose message overflowed the direct
     * window (a {@link java.nio.BufferOverflowException} out of its encoding) encodes it again that way.
     *
     * @return false if this message was staged already: the overflow is the encoder's own, not the window's.
     */
    boolean retryStaged()
    {
        if (!direct)
        {
            return false;
        }
        stageNext = true;
        return true;
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
        if (metaData)
        {
            throw new UnsupportedOperationException("Tandem's queues carry no metadata messages");
        }
        begin(false, sender.afterWrite());
        return this;
    }

    @Override
    public boolean recordHistory()
    {
        return false;
    }

    private void begin(final boolean overLimitEvent, final Runnable afterWritten)
    {
        this.overLimit = overLimitEvent;
        this.after = afterWritten;
        rollback = false;
        chained = false;
        final boolean staged = stageNext || !openDirect();
        stageNext = false;
        if (staged)
        {
            direct = false;
            stagingWire.clear();
            wire = stagingWire;
        }
        open = true;
    }

    /** @return true if the queue's document is open with a window to encode into (a refusal throws). */
    private boolean openDirect()
    {
        sender.checkCanSend();
        try
        {
            return openDirectDocument();
        }
        catch (final RuntimeException | InternalError | AssertionError | StackOverflowError ex)
        {
            throw clear(ex);
        }
    }

    private boolean openDirectDocument()
    {
        ExcerptAppender appender = this.appender;
        if (appender == null || appender.isClosed())
        {
            appender = ThreadLocalAppender.acquireThreadLocalAppender(sender.queue()); // a thread-local lookup: once
            this.appender = appender;
        }
        final DocumentContext dc = appender.writingDocument(); // holds Chronicle's write lock until closed
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.writePosition();
            int capacity = WINDOW;
            while (capacity >= MIN_WINDOW && !((MappedBytesStore)bytes.bytesStore()).inside(start, capacity))
            {
                capacity >>= 1; // the mapping ends within the window: a smaller one, or staged
            }
            if (capacity < MIN_WINDOW)
            {
                dc.rollbackOnClose();
                dc.close();
                return false;
            }
            sender.space().reserve(bytes, capacity + Backlog.HEADER_BYTES);
            window.set(bytes.addressForWrite(start), capacity);
            windowBytes.clear();
            windowWire.clear();
            queueDocument = dc;
            queueBytes = bytes;
            direct = true;
            wire = windowWire;
            return true;
        }
        catch (final RuntimeException | Error ex)
        {
            rollBack(dc, ex); // nothing of it reaches the reader
            throw ex;
        }
    }

    /** Rolls back a queue document after {@code failure}; a damaged queue may fail that too (kept as suppressed). */
    private static void rollBack(final DocumentContext dc, final Throwable failure)
    {
        try
        {
            dc.rollbackOnClose();
            dc.close();
        }
        catch (final RuntimeException | InternalError | AssertionError rollbackFailure)
        {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /**
     * @return what a failure in Chronicle is thrown as: on a damaged file the sender's exception naming it (the
     * queue is known broken from then on), else {@code failure} itself.
     */
    private RuntimeException clear(final Throwable failure)
    {
        final RuntimeException clear = sender.sendFailed(failure);
        if (clear != null)
        {
            return clear;
        }
        if (failure instanceof RuntimeException)
        {
            return (RuntimeException)failure;
        }
        throw (Error)failure; // only the Errors caught for a damaged file come here: not one, so as it was
    }

    // ------------------------------------------------------------------------- WriteDocumentContext

    @Override
    public void start(final boolean metaData)
    {
        throw new UnsupportedOperationException("a message is started by the sender");
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
        return wire.bytes().writePosition() == 0;
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

    @Override
    public void rollbackIfNotComplete()
    {
        if (open)
        {
            rollback = true;
            close();
        }
    }

    /** Sends the message (or drops it after {@link #rollbackOnClose()}); the sender's failures surface here. */
    @Override
    public void close()
    {
        if (!open || chained)
        {
            return;
        }
        open = false;
        if (direct)
        {
            closeDirect();
            return;
        }
        try
        {
            if (!rollback)
            {
                sender.commit(staging, overLimit, after);
            }
        }
        finally
        {
            if (staging.realCapacity() > KEEP_CAPACITY)
            {
                newStagingBuffer();
            }
        }
    }

    private void closeDirect()
    {
        final DocumentContext dc = queueDocument;
        queueDocument = null;
        final long length = windowBytes.writePosition();
        if (rollback)
        {
            dc.rollbackOnClose();
            dc.close();
            return;
        }
        final long size = length + Backlog.HEADER_BYTES;
        final boolean reserved;
        try
        {
            reserved = overLimit ? sender.reserveOverLimit(size) : sender.tryReserve(size);
        }
        catch (final RuntimeException | Error ex)
        {
            rollBack(dc, ex);
            throw ex;
        }
        if (!reserved)
        {
            // The backlog is full: keep the message, let go of the queue, and send it the staged way (it waits).
            staging.clear();
            staging.write(windowBytes, 0, length);
            dc.rollbackOnClose();
            dc.close();
            sender.commit(staging, false, after);
            return;
        }
        queueBytes.writeSkip(length); // the queue's document now ends after the message encoded in place
        try
        {
            dc.close();
        }
        catch (final RuntimeException | InternalError | AssertionError | StackOverflowError ex)
        {
            sender.cancel(size);
            throw clear(ex); // Chronicle updating a damaged file's header and index as it commits
        }
        after.run();
    }

    @Override
    public void reset()
    {
        if (open && direct)
        {
            queueDocument.rollbackOnClose();
            queueDocument.close();
            queueDocument = null;
        }
        open = false;
        chained = false;
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
