package io.tandem;

import io.tandem.internal.channel.FrontendEvents;
import io.tandem.internal.channel.MeteredIn;
import io.tandem.internal.channel.WireError;
import io.tandem.internal.channel.WireMessage;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.idle.Await;
import io.tandem.idle.WaitMode;
import io.tandem.internal.launch.BackendHandle;
import io.tandem.internal.channel.TieredReader;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.ValueIn;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frontend's reader of a process's reply queue. One reader serves every frontend thread (reads are
 * serialised on a lock); each reply is consumed exactly once, by whichever read takes it:
 * <ul>
 *   <li>{@link #receive} returns the next reply as a {@link MessageObject} (typed replies decoded generically)
 *       or throws its error, waiting with a timeout and failing fast when the backend has died;</li>
 *   <li>{@link #poll(Object, int)} dispatches waiting replies to a handler: its typed interfaces,
 *       {@link MessageHandler}, {@link ErrorHandler}.</li>
 * </ul>
 * Tandem's own events (the backend's "started") are consumed here and never reach the user.
 */
final class ReplyInbox implements AutoCloseable
{
    private static final int HANDLER_READER_CACHE = 16;

    private final String processName;
    private final Logger logger;
    private final WaitMode waitMode;
    private final MeteredIn in;
    private final ExcerptTailer tailer;
    private final Events events = new Events();
    private final TieredReader plainReader;
    private final Map<Object, TieredReader> handlerReaders = new IdentityHashMap<>();
    /** The handler last polled with and its reader (under {@link #lock}). */
    private Object lastTarget;
    private TieredReader lastReader;
    private final Object lock = new Object();
    private volatile BackendHandle backend;
    /** Turn a failed read of the reply queue, and a wait that ended without a reply, into the exception naming a damaged queue file. */
    private volatile java.util.function.Function<Throwable, RuntimeException> replyDamage = failure -> null;
    private volatile java.util.function.Function<Throwable, RuntimeException> queueDamage = failure -> null;
    private volatile long startedPid;

    /** Replies read while no handler was given, oldest first: MessageObject or CommandFailedException. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    /** Set while a read runs (under {@link #lock}): where the read delivers, null for {@link #pending}. */
    private Object handler;
    /** An error reply the handler could not take, thrown once the read is complete. */
    private CommandFailedException unhandledError;
    /** Tandem's own events read so far (they do not count as replies). */
    private long internalEvents;

    private final Calls calls;

    private final Runnable afterRead;
    private final ReplySignal signal;
    /** The waits' checks, made once: a wait allocates none. */
    private final Await.Step startStep = this::startStep;
    private final Await.Step replyStep = this::replyStep;
    private final java.util.function.BooleanSupplier startedOrPending = () -> startedPid != 0 || hasPending();
    private final java.util.function.BooleanSupplier hasPending = this::hasPending;
    private final java.util.function.BooleanSupplier alive = () -> !isDead();

    /**
     * @param replies the reply queue's reading side, which counts what is read off its backlog.
     */
    ReplyInbox(final String processName, final Logger logger, final MeteredIn replies, final WaitMode waitMode,
        final Calls calls, final ReplySignal signal, final Runnable afterRead)
    {
        this.signal = signal;
        this.afterRead = afterRead;
        this.processName = processName;
        this.calls = calls;
        this.logger = logger;
        this.waitMode = waitMode;
        this.in = replies;
        this.tailer = replies.tailer();
        // Readers on any frontend thread take turns under this inbox's lock; Chronicle's own one-thread
        // check would refuse the second thread.
        this.tailer.singleThreadedCheckDisabled(true);
        this.plainReader = reader(null);
    }

    /** Called once the backend is launched: its liveness bounds every wait. */
    public void backend(final BackendHandle handle)
    {
        this.backend = handle;
    }

    /**
     * @param replies what a failed read of the reply queue is thrown as when its file is damaged (null if it is whole).
     * @param queues  what a wait that timed out is thrown as when a queue file of the process is damaged (null if none).
     */
    void damageChecks(final java.util.function.Function<Throwable, RuntimeException> replies,
        final java.util.function.Function<Throwable, RuntimeException> queues)
    {
        this.replyDamage = replies;
        this.queueDamage = queues;
    }

    /**
     * A SIGBUS in a read of the reply queue's mapping (its file cut short under it) reaches the reading thread as an
     * asynchronous InternalError, a little after the read (outside {@link #readDocument}'s catch, say); the waits
     * catch it and call this.
     *
     * @return the exception naming the damaged reply file, to throw instead; rethrows {@code fault} if the files are whole.
     */
    RuntimeException readFault(final InternalError fault)
    {
        final RuntimeException damaged = replyDamage.apply(fault);
        if (damaged == null)
        {
            throw fault;
        }
        return damaged;
    }

    private RuntimeException orQueueDamage(final ReplyTimeoutException timedOut)
    {
        final RuntimeException damaged = queueDamage.apply(timedOut);
        return damaged != null ? damaged : timedOut;
    }

    /**
     * Waits until the backend has run preRun and serves commands. Replies read meanwhile are kept for
     * {@link #receive} and {@link #poll}.
     *
     * @throws BackendDiedException if it exits first.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public void awaitStarted(final Duration timeout)
    {
        try
        {
            final Await await = signal.acquire(waitMode);
            final int result;
            try
            {
                result = await.until(startStep, startedOrPending, alive, await.deadline(timeout.toNanos()));
            }
            finally
            {
                signal.release(waitMode, await);
            }
            if (result == Await.DIED)
            {
                throw died("waiting for it to start");
            }
            if (result == Await.TIMED_OUT)
            {
                // Say what "started" means and what to do: a preRun() that blocks is the usual cause, and the
                // backend is still running (close() ends it).
                throw orQueueDamage(new ReplyTimeoutException(processName, timeout, "waiting for the backend to start (to boot its " +
                    "JVM and return from preRun(); if preRun() blocks, find what it waits for, or allow more time; " +
                    "close() ends the backend)"));
            }
        }
        catch (final InternalError fault)
        {
            throw readFault(fault);
        }
    }

    /** One look of {@link #awaitStarted}: reads a reply (kept for receive and poll) unless started. */
    private int startStep()
    {
        if (startedPid != 0)
        {
            return Await.Step.DONE;
        }
        final boolean read;
        synchronized (lock)
        {
            read = readDocument(null);
        }
        return startedPid != 0 ? Await.Step.DONE : read ? 1 : 0;
    }

    /** One look of {@link #receive(Duration)}: reads replies until one is kept for it, or none is left. */
    private int replyStep()
    {
        synchronized (lock)
        {
            while (pending.isEmpty())
            {
                if (!readDocument(null))
                {
                    return 0;
                }
            }
            return Await.Step.DONE;
        }
    }

    /**
     * @return the next reply as a message, waiting up to {@code timeout}.
     * @throws CommandFailedException if the next reply is an error.
     * @throws BackendDiedException if the backend exited and no reply is left.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public MessageObject receive(final Duration timeout)
    {
        try
        {
            final Await await = signal.acquire(waitMode);
            final long deadline = await.deadline(timeout.toNanos());
            try
            {
                while (true)
                {
                    final int result = await.until(replyStep, hasPending, alive, deadline);
                    if (result == Await.DIED)
                    {
                        throw died("waiting for a reply");
                    }
                    if (result == Await.TIMED_OUT)
                    {
                        throw orQueueDamage(new ReplyTimeoutException(processName, timeout, "waiting for a reply"));
                    }
                    final MessageObject message = pollMessage();
                    if (message != null)
                    {
                        return message;
                    }
                    // another thread took the reply that ended the wait: wait on, to the same deadline
                }
            }
            finally
            {
                signal.release(waitMode, await);
            }
        }
        catch (final InternalError fault)
        {
            throw readFault(fault);
        }
    }

    /**
     * @return the next reply as a message if one is waiting, else null.
     * @throws CommandFailedException if the next reply is an error (it is consumed).
     */
    public MessageObject pollMessage()
    {
        try
        {
            synchronized (lock)
            {
                while (pending.isEmpty())
                {
                    if (!readDocument(null))
                    {
                        return null;
                    }
                }
                final Object next = pending.poll();
                if (next instanceof CommandFailedException)
                {
                    throw (CommandFailedException)next;
                }
                return (MessageObject)next;
            }
        }
        catch (final InternalError fault)
        {
            throw readFault(fault);
        }
    }

    /**
     * Dispatches up to {@code limit} waiting replies to {@code handler}.
     *
     * @param handler implements reply interfaces, {@link MessageHandler} and/or {@link ErrorHandler}.
     * @return the number of replies dispatched.
     * @throws CommandFailedException for an error reply when the handler is not an {@link ErrorHandler}
     *                                (the reply is consumed; the next poll goes on after it).
     */
    public int poll(final Object handler, final int limit)
    {
        try
        {
            if (handler == null)
            {
                throw new NullPointerException("handler");
            }
            synchronized (lock)
            {
                int count = 0;
                while (count < limit && !pending.isEmpty())
                {
                    count++;
                    dispatch(pending.poll(), handler);
                }
                while (count < limit)
                {
                    final long internalBefore = internalEvents;
                    if (!readDocument(handler))
                    {
                        break;
                    }
                    if (internalEvents == internalBefore)
                    {
                        count++;
                    }
                    final CommandFailedException failure = unhandledError;
                    if (failure != null)
                    {
                        unhandledError = null;
                        throw failure;
                    }
                }
                return count;
            }
        }
        catch (final InternalError fault)
        {
            throw readFault(fault);
        }
    }

    /**
     * Waits up to {@code timeout} for one reply and dispatches it to {@code handler}.
     *
     * @throws BackendDiedException if the backend exited and no reply is left.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public void receive(final Object handler, final Duration timeout)
    {
        try
        {
            final Await await = signal.acquire(waitMode);
            final int result;
            try
            {
                result = await.until(() -> poll(handler, 1) > 0 ? Await.Step.DONE : 0, hasPending, alive,
                    await.deadline(timeout.toNanos()));
            }
            finally
            {
                signal.release(waitMode, await);
            }
            if (result == Await.DIED)
            {
                throw died("waiting for a reply");
            }
            if (result == Await.TIMED_OUT)
            {
                throw orQueueDamage(new ReplyTimeoutException(processName, timeout, "waiting for a reply"));
            }
        }
        catch (final InternalError fault)
        {
            throw readFault(fault);
        }
    }

    /** @return true if replies were read off the queue but not yet taken (receive/poll will return them). */
    public boolean hasPending()
    {
        synchronized (lock)
        {
            return !pending.isEmpty();
        }
    }

    /**
     * Reads every waiting reply: answers complete their calls, other replies are kept for
     * {@link #receive}/{@link #poll}.
     *
     * @return the number of documents read.
     */
    int drain()
    {
        return drainUntil(null);
    }

    /**
     * As {@link #drain()}, stopping early once {@code done} holds (a caller waiting for one answer need not
     * read further).
     */
    int drainUntil(final java.util.function.BooleanSupplier done)
    {
        synchronized (lock)
        {
            int count = 0;
            while ((done == null || !done.getAsBoolean()) && readDocument(null))
            {
                count++;
            }
            return count;
        }
    }

    /** Reads one document, delivering to {@code target} (null: to {@link #pending}). Under {@link #lock}. */
    private boolean readDocument(final Object target)
    {
        final TieredReader reader = target == null ? plainReader : handlerReader(target);
        handler = target;
        try
        {
            final boolean read;
            try
            {
                read = reader.readOne();
            }
            catch (final RuntimeException | InternalError | AssertionError | StackOverflowError ex)
            {
                if (ex instanceof io.tandem.failure.TandemException)
                {
                    throw ex;
                }
                final RuntimeException damaged = replyDamage.apply(ex); // Chronicle failing on a damaged reply file
                if (damaged != null)
                {
                    throw damaged;
                }
                throw ex;
            }
            if (read)
            {
                afterRead.run();
            }
            return read;
        }
        finally
        {
            handler = null;
        }
    }

    private void dispatch(final Object item, final Object target)
    {
        if (item instanceof CommandFailedException)
        {
            handler = target;
            try
            {
                deliverError((CommandFailedException)item);
            }
            finally
            {
                handler = null;
            }
            final CommandFailedException failure = unhandledError;
            if (failure != null)
            {
                unhandledError = null;
                throw failure;
            }
        }
        else
        {
            handler = target;
            try
            {
                deliver((MessageObject)item);
            }
            finally
            {
                handler = null;
            }
        }
    }

    private TieredReader handlerReader(final Object target)
    {
        if (target == lastTarget)
        {
            return lastReader; // a poll loop passes the same handler every time: skip the map (an identity hash)
        }
        TieredReader reader = handlerReaders.get(target);
        if (reader == null)
        {
            if (handlerReaders.size() >= HANDLER_READER_CACHE)
            {
                handlerReaders.clear();
            }
            reader = reader(target);
            handlerReaders.put(target, reader);
        }
        lastTarget = target;
        lastReader = reader;
        return reader;
    }

    private TieredReader reader(final Object target)
    {
        return target == null || isOnlyCallbacks(target) ?
            new TieredReader(in, this::untypedReply, null, events) :
            new TieredReader(in, this::untypedReply, null, events, target);
    }

    /** A handler that is only a MessageHandler/ErrorHandler (a lambda, say) has no reply interfaces to bind. */
    private static boolean isOnlyCallbacks(final Object target)
    {
        for (final Class<?> i : target.getClass().getInterfaces())
        {
            if (i != MessageHandler.class && i != ErrorHandler.class)
            {
                return false;
            }
        }
        return true;
    }

    private void untypedReply(final CharSequence name, final ValueIn in)
    {
        final Object value = in.object();
        final Object[] pairs;
        if (value == null)
        {
            pairs = new Object[0];
        }
        else if (value instanceof List)
        {
            final List<?> list = (List<?>)value;
            pairs = new Object[list.size() * 2];
            for (int i = 0; i < list.size(); i++)
            {
                pairs[2 * i] = "arg" + i;
                pairs[2 * i + 1] = list.get(i);
            }
        }
        else
        {
            pairs = new Object[] {"arg0", value};
        }
        deliver(new MessageObject(name.toString(), pairs));
    }

    private void deliver(final MessageObject message)
    {
        final Object target = handler;
        if (target == null)
        {
            pending.add(message);
        }
        else if (target instanceof MessageHandler)
        {
            ((MessageHandler)target).onMessage(message);
        }
        else
        {
            logger.warn("reply '{}' from process '{}' has no handler ({} implements neither its interface nor " +
                "MessageHandler): dropped", message.name(), processName, target.getClass().getName());
        }
    }

    private void deliverError(final CommandFailedException failure)
    {
        final Object target = handler;
        if (target == null)
        {
            pending.add(failure);
        }
        else if (target instanceof ErrorHandler)
        {
            ((ErrorHandler)target).onError(failure);
        }
        else
        {
            unhandledError = failure;
        }
    }

    private boolean isDead()
    {
        final BackendHandle b = backend;
        return b != null && !b.isAlive();
    }

    private BackendDiedException died(final String waitingFor)
    {
        return new BackendDiedException(processName, backend.exitCode().orElse(-1), waitingFor, backend.location());
    }

    @Override
    public void close()
    {
        synchronized (lock)
        {
            tailer.close();
        }
    }

    /** Tandem's own reply events. */
    private final class Events implements FrontendEvents
    {
        @Override
        public void tandemStarted(final long pid)
        {
            startedPid = pid;
            internalEvents++;
        }

        @Override
        public void tandemMessage(final WireMessage message)
        {
            deliver(MessageObject.of(message.name(), message.parameters()));
        }

        @Override
        public void tandemError(final WireError wireError)
        {
            if (wireError.correlationId() != 0)
            {
                internalEvents++;
                calls.failed(wireError.correlationId(), wireError.toException(processName));
                return;
            }
            deliverError(wireError.toException(processName));
        }

        @Override
        public void tandemResult(final long correlationId)
        {
            internalEvents++;
            // the value follows in this document: read here, into an object of the caller's own
            calls.completeFrom(correlationId, in.documentWire());
        }
    }
}
