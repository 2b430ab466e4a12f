package io.tandem.internal.channel;

import io.tandem.failure.BacklogFullException;
import io.tandem.failure.Direction;
import io.tandem.failure.MessageTooLargeException;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.NanoClock;
import io.tandem.idle.WaitMode;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.ClosedIllegalStateException;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.ThreadLocalAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.MarshallableOut;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The one way anything is written to a process's command or reply queue, from any thread. A message is
 * encoded in place into the queue, or staged (see {@link SendDocument}); closing its document sends it:
 * <ol>
 *   <li>a message larger than the queue takes fails: {@link MessageTooLargeException};</li>
 *   <li>a send on a queue whose file another program damaged fails, naming the file (see {@link QueueDamage}:
 *       the header of the file written last is compared with what it was before Chronicle reads its write
 *       position there), and so does every send after it;</li>
 *   <li>a send the {@link SendGate} refuses fails (to a backend known dead, from a backend whose frontend
 *       is gone);</li>
 *   <li>its bytes are reserved in the queue's {@link Backlog}; while the backlog is full the sender waits
 *       with its idle strategy, up to the send timeout, then fails with {@link BacklogFullException};</li>
 *   <li>the file pages it will touch are backed ({@link QueueSpace}), or it fails naming the full file
 *       system;</li>
 *   <li>it is appended to the queue in one piece, and the after-write action runs (counters, doorbells).</li>
 * </ol>
 * A message that fails at any step is not written at all, and gives back what it reserved: nothing is
 * half-sent, lost or duplicated. Chronicle failing on a damaged file (a RuntimeException, or the InternalError of a
 * SIGBUS on a file cut short) is thrown as a {@link io.tandem.failure.RuntimeDirectoryException} naming it, the
 * original as its cause. Chronicle's method writers write through {@link #out()}. The sender owns its
 * queue: {@link #close()} closes it.
 */
public final class QueueSender
{
    private final SingleChronicleQueue queue;
    private final String processName;
    private final Direction direction;
    private final Backlog backlog;
    private final QueueSpace space;
    private final SendGate gate;
    private final long maxMessageBytes;
    private final long blockSize;
    private final long indexReserve;
    private final long sendTimeoutNanos;
    private final WaitMode waitMode;
    private final NanoClock clock;
    private final Runnable afterWrite;
    private final ThreadLocal<SendDocument> documents;
    /** Set once the queue's file is known damaged (see {@link QueueDamage}): every send fails with it from then on. */
    private volatile QueueDamage damage;
    /** The document of the thread that sent last: most senders send from one thread, and a field beats a lookup. */
    private volatile Owned lastDocument = new Owned(null, null);

    private QueueSender(final Builder b)
    {
        this.space = b.space;
        this.queue = b.space.queue();
        this.processName = b.processName;
        this.direction = b.direction;
        this.backlog = b.backlog;
        this.gate = b.gate;
        this.maxMessageBytes = b.maxMessageBytes;
        this.blockSize = b.blockSize;
        this.indexReserve = b.indexReserve;
        this.sendTimeoutNanos = b.sendTimeout.toNanos();
        this.waitMode = b.waitMode;
        this.clock = b.clock;
        this.afterWrite = b.afterWrite;
        this.documents = ThreadLocal.withInitial(() -> new SendDocument(this, queue.wireType()));
    }

    /**
     * Opens a process's queue in {@code dir} for writing (see {@link QueueSpace}) and starts a sender on it.
     *
     * @param clock the clock deciding the queue's cycle (tests inject one), null for the system clock.
     */
    public static Builder open(final Path dir, final String rollCycle, final long blockSize, final TimeProvider clock,
        final long indexReserve)
    {
        return new Builder(QueueSpace.open(dir, rollCycle, blockSize, clock, indexReserve), blockSize, indexReserve);
    }

    /**
     * @return where Chronicle method writers write on this thread: each method call becomes one message,
     * committed when the writer closes its document.
     */
    public MarshallableOut out()
    {
        return document(Thread.currentThread());
    }

    private SendDocument document(final Thread thread)
    {
        final Owned last = lastDocument;
        if (last.thread == thread)
        {
            return last.document;
        }
        final SendDocument mine = documents.get();
        lastDocument = new Owned(thread, mine);
        return mine;
    }

    /**
     * Opens a message for Tandem's own events on this thread; {@code close()} commits it.
     *
     * @param overLimit true for the few control events (stop, started, the start document) that must get
     *                  through even a full backlog.
     * @param after     what runs once it is written, instead of the sender's after-write action.
     */
    public DocumentContext document(final boolean overLimit, final Runnable after)
    {
        return document(Thread.currentThread()).open(overLimit, after);
    }

    /**
     * A writer whose message overflowed while encoded in place (a {@link java.nio.BufferOverflowException} out
     * of its encoding) calls this, then encodes the message again: it is then staged, which takes any size.
     *
     * @return false if the message was staged already (the overflow is the encoder's own: rethrow it).
     */
    public boolean retryStaged()
    {
        return document(Thread.currentThread()).retryStaged();
    }

    /** @return a message opened for this sender's ordinary traffic. */
    public DocumentContext document()
    {
        return document(false, afterWrite);
    }

    /** @return the queue written. */
    public SingleChronicleQueue queue()
    {
        return queue;
    }

    /** @return the name of the process whose queue this is, for messages. */
    String processName()
    {
        return processName;
    }

    /** @return this queue's backlog. */
    public Backlog backlog()
    {
        return backlog;
    }

    /** Closes the queue, and removes what the sender reserved that the queue never used. */
    public void close()
    {
        space.close();
    }

    /** @return what runs after each message of ordinary traffic (a bridge appending for a far sender runs it too). */
    public Runnable afterWrite()
    {
        return afterWrite;
    }

    QueueSpace space()
    {
        return space;
    }

    /**
     * Throws what a send must fail with now (the other side gone, the queue closed, its file damaged), if
     * anything. The header of the file written last is compared with what it was before Chronicle reads its write
     * position out of it (see {@link QueueDamage}).
     */
    void checkCanSend()
    {
        final QueueDamage known = damage;
        if (known != null)
        {
            throw known.exception(); // first: the same exception every time until restart(), the backend dead or not
        }
        final RuntimeException refused = gate.refusal(false);
        if (refused != null)
        {
            throw refused;
        }
        if (queue.isClosing())
        {
            throw new ClosedIllegalStateException("the " + direction.noun() + " queue of process '" + processName +
                "' is closed");
        }
        final String[] damaged = space.headerDamage();
        if (damaged != null)
        {
            throw damaged(damaged, null).exception();
        }
    }

    /**
     * Looks at the queue's files after {@code failure} (a send that failed in Chronicle, a wait for a reply that
     * timed out): if the header of the file written last changed since it was seen whole, the queue is known
     * broken from now on; another damaged file is reported each time it is found.
     *
     * @return the exception to throw instead of {@code failure}, naming the damaged file; null if the files are whole.
     */
    public RuntimeException damage(final Throwable failure)
    {
        final QueueDamage known = damage;
        if (known != null)
        {
            return known.exception();
        }
        final String[] header = space.headerDamage();
        if (header != null)
        {
            return damaged(header, failure).exception(); // seen whole before, changed since: broken for good
        }
        // An older cycle file, or one this sender has no view of: said this time, and again each time it is found.
        final String[] inFiles = QueueDamage.inFiles(queue.file().toPath());
        return inFiles == null ? null :
            QueueDamage.of(java.nio.file.Path.of(inFiles[0]), inFiles[1], processName, direction, failure).exception();
    }

    /**
     * What a send that failed in Chronicle throws: Tandem's own exceptions and a closed queue as they are, and a
     * failure on a damaged file as the exception naming it (see {@link #damage}).
     *
     * @return the exception to throw, or null to rethrow {@code failure} as it is.
     */
    RuntimeException sendFailed(final Throwable failure)
    {
        if (failure instanceof io.tandem.failure.TandemException || failure instanceof ClosedIllegalStateException)
        {
            return null;
        }
        return damage(failure);
    }

    private synchronized QueueDamage damaged(final String[] fileAndWhat, final Throwable failure)
    {
        if (damage == null)
        {
            damage = QueueDamage.of(java.nio.file.Path.of(fileAndWhat[0]), fileAndWhat[1], processName, direction, failure);
        }
        return damage;
    }

    /** @return true if {@code size} bytes were reserved in the backlog (room now). */
    boolean tryReserve(final long size)
    {
        return backlog.tryReserve(size);
    }

    /** Reserves {@code size} bytes for a control event, even past the limit. @return true. */
    boolean reserveOverLimit(final long size)
    {
        backlog.reserveOverLimit(size);
        return true;
    }

    /** Gives back bytes reserved for a message that was not written. */
    void cancel(final long size)
    {
        backlog.cancel(size);
    }

    /** Writes a staged message (see the class comment). Called by {@link SendDocument#close()}. */
    void commit(final Bytes<?> message, final boolean overLimit, final Runnable after)
    {
        final long size = message.readRemaining() + Backlog.HEADER_BYTES;
        if (size > maxMessageBytes)
        {
            throw new MessageTooLargeException(processName, direction, size, maxMessageBytes, blockSize, indexReserve);
        }
        checkCanSend();
        if (overLimit)
        {
            backlog.reserveOverLimit(size);
        }
        else if (!backlog.tryReserve(size))
        {
            awaitRoom(size);
        }
        boolean written = false;
        try
        {
            append(message, size);
            written = true;
        }
        finally
        {
            if (!written)
            {
                backlog.cancel(size);
            }
        }
        after.run();
    }

    private void append(final Bytes<?> message, final long size)
    {
        final ExcerptAppender appender = ThreadLocalAppender.acquireThreadLocalAppender(queue);
        try (DocumentContext dc = appender.writingDocument())
        {
            try
            {
                final Bytes<?> bytes = dc.wire().bytes();
                space.reserve(bytes, size);
                bytes.write(message, message.readPosition(), message.readRemaining());
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose(); // nothing of it reaches the reader
                throw ex;
            }
        }
        catch (final RuntimeException | InternalError | AssertionError | StackOverflowError ex)
        {
            // Chronicle failing on a damaged file: as it opened the document, wrote it, or rolled it back
            final RuntimeException clear = sendFailed(ex);
            if (clear != null)
            {
                throw clear;
            }
            throw ex;
        }
    }

    private void awaitRoom(final long size)
    {
        if (sendTimeoutNanos == 0)
        {
            throw new BacklogFullException(processName, direction, backlog.used(), backlog.limit(), size, 0); // fail fast
        }
        final long start = clock.nanoTime();
        final IdleStrategy idle = waitMode.newIdleStrategy();
        while (true)
        {
            final RuntimeException refused = gate.refusal(true);
            if (refused != null)
            {
                throw refused;
            }
            final long waited = clock.nanoTime() - start;
            if (waited - sendTimeoutNanos >= 0)
            {
                throw new BacklogFullException(processName, direction, backlog.used(), backlog.limit(), size,
                    waited / 1_000_000);
            }
            idle.idle();
            if (backlog.tryReserve(size))
            {
                return;
            }
        }
    }

    @Override
    public String toString()
    {
        return "QueueSender{" + processName + ' ' + direction.noun() + "s, backlog " + backlog.used() + '/' +
            backlog.limit() + '}';
    }

    /** A thread and its document (immutable: read whole from one field). */
    private static final class Owned
    {
        final Thread thread;
        final SendDocument document;

        Owned(final Thread thread, final SendDocument document)
        {
            this.thread = thread;
            this.document = document;
        }
    }

    /** Configures a {@link QueueSender}; every setting but the optional ones is required. */
    public static final class Builder
    {
        private final QueueSpace space;
        private String processName;
        private Direction direction;
        private Backlog backlog;
        private SendGate gate = SendGate.OPEN;
        private long maxMessageBytes;
        private long blockSize;
        private long indexReserve;
        private Duration sendTimeout = Duration.ofSeconds(30);
        private WaitMode waitMode = WaitMode.BACKOFF;
        private NanoClock clock = NanoClock.SYSTEM;
        private Runnable afterWrite = () -> { };

        private Builder(final QueueSpace space, final long blockSize, final long indexReserve)
        {
            this.space = space;
            this.blockSize = blockSize;
            this.indexReserve = indexReserve;
        }

        /** @param name the process whose queue this is, and which way it goes (for messages). */
        public Builder process(final String name, final Direction direction)
        {
            this.processName = name;
            this.direction = direction;
            return this;
        }

        public Builder backlog(final Backlog backlog)
        {
            this.backlog = backlog;
            return this;
        }

        public Builder gate(final SendGate gate)
        {
            this.gate = gate;
            return this;
        }

        /** @param maxMessageBytes the largest message, header included. */
        public Builder maxMessageBytes(final long maxMessageBytes)
        {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /** @param timeout how long a send waits for room; zero fails at once. */
        public Builder sendTimeout(final Duration timeout)
        {
            this.sendTimeout = timeout;
            return this;
        }

        public Builder waitMode(final WaitMode waitMode)
        {
            this.waitMode = waitMode;
            return this;
        }

        public Builder clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /** @param afterWrite runs after each message of ordinary traffic is written (counts it, rings a bell). */
        public Builder afterWrite(final Runnable afterWrite)
        {
            this.afterWrite = afterWrite;
            return this;
        }

        /** Closes the queue this builder opened, for a start that fails before {@link #build()}. */
        public void abandon()
        {
            space.close();
        }

        public QueueSender build()
        {
            if (processName == null || direction == null || backlog == null || maxMessageBytes <= 0)
            {
                space.close();
                throw new IllegalStateException("a QueueSender needs its process, direction, backlog and largest message");
            }
            return new QueueSender(this);
        }
    }
}
