package io.tandem;

import io.tandem.internal.channel.FrontendEvents;
import io.tandem.internal.channel.ProtocolWriter;
import io.tandem.internal.channel.WireMessage;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.failure.TandemException;
import io.tandem.idle.Await;
import io.tandem.idle.NanoClock;
import io.tandem.idle.WaitMode;
import io.tandem.internal.launch.BackendHandle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls with results: each call gets a correlation id, travels as {@code tandemCall: id} plus the command
 * in one document, and is answered by a result or an error carrying the id (Tandem's call events go by method id,
 * see {@link io.tandem.internal.channel.FrontendEvents#RESERVED_METHOD_IDS}). Many calls may be in flight
 * from many threads; each gets its own answer, whoever happens to read it off the reply queue.
 * <ul>
 *   <li>a blocking call reads the reply queue itself until its answer comes, the backend dies, or its
 *       timeout passes;</li>
 *   <li>an asynchronous call returns a future at once; a daemon thread reads replies while such calls are
 *       outstanding, and times them out.</li>
 * </ul>
 * Replies that are not answers (messages, typed replies) are kept for {@code receive}/{@code poll}.
 */
final class Calls
{
    private final String processName;
    private final ProtocolWriter writer;
    private final WaitMode waitMode;
    private final AtomicLong ids = new AtomicLong();
    private final PendingCalls pending = new PendingCalls();
    /** The backend still runs: what every wait checks. */
    private final java.util.function.BooleanSupplier alive = this::backendAlive;
    private volatile ReplyInbox inbox;
    private volatile ReplySignal signal;
    private volatile BackendHandle backend;
    private volatile Thread pump;
    /** Turns a wait that ended without an answer into the exception naming a damaged queue file, if one is. */
    private volatile java.util.function.Function<Throwable, RuntimeException> queueDamage = failure -> null;
    private volatile boolean closed;

    Calls(final String processName, final ProtocolWriter writer, final WaitMode waitMode)
    {
        this.processName = processName;
        this.writer = writer;
        this.waitMode = waitMode;
    }

    void attach(final ReplyInbox replyInbox, final BackendHandle backendHandle, final ReplySignal replySignal,
        final java.util.function.Function<Throwable, RuntimeException> damage)
    {
        this.queueDamage = damage;
        this.signal = replySignal;
        this.inbox = replyInbox;
        this.backend = backendHandle;
    }

    /**
     * Calls the method {@code shape} describes in the backend and waits for its result.
     *
     * @return the backend's value, converted to the method's return type.
     * @throws CommandFailedException if the backend's method threw.
     * @throws BackendDiedException if the backend exits first.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public Object call(final CallShape shape, final Object[] args, final Duration timeout)
    {
        final PendingCall call = register(shape.name, shape.resultType, timeout, false);
        send(call, shape, args, null);
        return await(call);
    }

    /** As {@link #call(CallShape, Object[], Duration)}, by name, the result as decoded. */
    public Object call(final MessageObject message, final Duration timeout)
    {
        final PendingCall call = register(message.name(), Object.class, timeout, false);
        send(call, null, null, new WireMessage(message.name(), message.parameters()));
        return await(call);
    }

    /** Calls the method {@code shape} describes and returns at once; the future completes with the result or the failure. */
    public CompletableFuture<Object> callAsync(final CallShape shape, final Object[] args, final Duration timeout)
    {
        final PendingCall call = register(shape.name, shape.resultType, timeout, true);
        return sendAsync(call, shape, args, null);
    }

    /** As {@link #callAsync(CallShape, Object[], Duration)}, by name. */
    public CompletableFuture<Object> callAsync(final MessageObject message, final Duration timeout)
    {
        final PendingCall call = register(message.name(), Object.class, timeout, true);
        return sendAsync(call, null, null, new WireMessage(message.name(), message.parameters()));
    }

    /**
     * A result arrived (any thread reading the reply queue): {@code document} is positioned after its
     * {@code tandemResult} event, at the event {@link FrontendEvents#VALUE_ID} that carries the value. The value is
     * decoded into a new object (never one handed out before), as the call's declared type where that is a
     * primitive, and the rest of the document is consumed.
     */
    void completeFrom(final long correlationId, final WireIn document)
    {
        final PendingCall call = pending.take(correlationId);
        if (document == null)
        {
            if (call != null)
            {
                call.fail(new TandemException("the result of call '" + call.command + "' to process '" + processName +
                    "' was read outside its document"));
            }
            return;
        }
        final Bytes<?> bytes = document.bytes();
        if (call == null)
        {
            bytes.readSkip(bytes.readRemaining()); // timed out or failed already: its value is nobody's
            return;
        }
        final Object value;
        try
        {
            final long event = document.readEventNumber();
            if (event != FrontendEvents.VALUE_ID)
            {
                throw new IllegalStateException("event " + event + " where the value was expected");
            }
            value = readValue(document.getValueIn(), call.resultType);
        }
        catch (final RuntimeException | Error ex)
        {
            // taken from the table: it is completed here whatever happens, or its caller would wait for it
            call.fail(new TandemException("the result of call '" + call.command + "' to process '" + processName +
                "' could not be decoded: " + ex, ex));
            if (ex instanceof Error)
            {
                throw (Error)ex; // a read of a file cut short, say: the reader reports it
            }
            bytes.readSkip(bytes.readRemaining());
            return;
        }
        try
        {
            // the value as declared (a long for a long, say) is complete as it is: no conversion, and no
            // description built for a mismatch that cannot happen
            call.complete(value != null && Arguments.box(call.resultType).isInstance(value) ? value :
                Arguments.convert(value, call.resultType, "result of '" + call.command + "'"));
        }
        catch (final IllegalArgumentException ex)
        {
            call.fail(new TandemException("call '" + call.command + "' to process '" + processName +
                "' returned a value of another type: " + ex.getMessage(), ex));
        }
    }

    /**
     * @return the value {@code in} holds, decoded as {@code type} where that is a {@code long} or an {@code int} (any
     * integer encoding reads as one), else self-described: a new object, never one decoded into before.
     */
    private static Object readValue(final ValueIn in, final Class<?> type)
    {
        if (type == long.class)
        {
            return in.int64();
        }
        if (type == int.class)
        {
            return in.int32();
        }
        return in.object();
    }

    /** A call failed in the backend. */
    void failed(final long correlationId, final CommandFailedException failure)
    {
        final PendingCall call = pending.take(correlationId);
        if (call != null)
        {
            call.fail(failure);
        }
    }

    /** The backend is gone: every call still waiting fails with {@code failure}. */
    void failAll(final RuntimeException failure)
    {
        for (final PendingCall call : pending.snapshot())
        {
            if (pending.remove(call))
            {
                call.fail(failure);
            }
        }
    }

    void close()
    {
        closed = true;
        failAll(new TandemException("process '" + processName + "' was closed with the call outstanding"));
        final Thread t = pump;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    private PendingCall register(final String command, final Class<?> resultType, final Duration timeout,
        final boolean async)
    {
        if (closed)
        {
            throw new IllegalStateException("process '" + processName + "' is closed");
        }
        final PendingCall call = new PendingCall(ids.incrementAndGet(), command, resultType,
            clock().nanoTime() + timeout.toNanos(), timeout, async);
        pending.add(call);
        return call;
    }

    /** Writes {@code call}: the method {@code shape} describes with {@code args}, or {@code message} by name. */
    private void send(final PendingCall call, final CallShape shape, final Object[] args, final WireMessage message)
    {
        if (!backend.isAlive())
        {
            pending.remove(call);
            // a backend that exited on its damaged command queue: the exception naming the file, as every send gets
            final RuntimeException damaged = queueDamage.apply(null);
            throw damaged != null ? damaged : died();
        }
        try
        {
            if (shape != null)
            {
                writer.call(call.id, shape.name, shape.parameterTypes, args);
            }
            else
            {
                writer.call(call.id, message);
            }
        }
        catch (final RuntimeException ex)
        {
            pending.remove(call);
            throw ex;
        }
    }

    private CompletableFuture<Object> sendAsync(final PendingCall call, final CallShape shape, final Object[] args,
        final WireMessage message)
    {
        try
        {
            send(call, shape, args, message);
        }
        catch (final RuntimeException ex)
        {
            call.fail(ex);
            return call.future;
        }
        ensurePump();
        return call.future;
    }

    private Object await(final PendingCall call)
    {
        try
        {
            final java.util.function.BooleanSupplier answered = call::isDone;
            final Await await = signal.acquire(waitMode);
            final int result;
            try
            {
                result = await.until(() ->
                {
                    if (call.isDone())
                    {
                        return Await.Step.DONE;
                    }
                    final int read = inbox.drainUntil(answered);
                    return call.isDone() ? Await.Step.DONE : read; // answered: over, whatever the clock says
                }, answered, alive, call.deadlineNanos);
            }
            finally
            {
                signal.release(waitMode, await);
            }
            if (result == Await.DIED)
            {
                failAll(died());
            }
            else if (result == Await.TIMED_OUT && pending.remove(call))
            {
                throw orQueueDamage(new ReplyTimeoutException(processName, call.timeout, "waiting for the result of '" +
                    call.command + "'"));
            }
            // answered; or taken by a reader that completes it now (the wait ended just as its answer was read)
            return call.outcome();
        }
        catch (final InternalError fault)
        {
            pending.remove(call);
            throw inbox.readFault(fault); // a read of a reply file cut short, delivered late: naming the file
        }
    }

    private synchronized void ensurePump()
    {
        if (pump == null)
        {
            final Thread t = new Thread(this::pumpReplies, "tandem-calls-" + processName);
            t.setDaemon(true);
            pump = t;
            t.start();
        }
        else
        {
            LockSupport.unpark(pump);
        }
    }

    /** Reads replies while asynchronous calls are outstanding; times them out; fails them if the backend dies. */
    private void pumpReplies()
    {
        // a loop of its own (no deadline): the shared wait's idling, woken by a reply, a close or the backend's death
        final Await idle = signal.acquire(waitMode);
        idle.watch(() -> closed, alive);
        idle.abandon(); // a spell left by the wait that used it last is not this loop's
        final NanoClock clock = idle.clock();
        while (!closed)
        {
            final long now = clock.nanoTime();
            for (final PendingCall call : pending.asyncCalls())
            {
                if (now - call.deadlineNanos >= 0 && pending.remove(call))
                {
                    call.fail(orQueueDamage(new ReplyTimeoutException(processName, call.timeout,
                        "waiting for the result of '" + call.command + "'")));
                }
            }
            if (!pending.anyAsync())
            {
                LockSupport.parkNanos(this, 50_000_000L); // woken by the next async call
                idle.abandon(); // asleep apart from the strategy: what comes next did not come at its last look
                continue;
            }
            final boolean wasDead = !backend.isAlive();
            final int read;
            try
            {
                read = inbox.drain();
            }
            catch (final RuntimeException ex)
            {
                continue; // the inbox closed under us; the loop ends with it
            }
            catch (final InternalError fault)
            {
                failAll(inbox.readFault(fault)); // a read of a reply file cut short: its calls fail naming it
                continue;
            }
            if (wasDead && read == 0)
            {
                failAll(died());
            }
            idle.idle(read);
        }
    }

    /** @return the clock call deadlines are instants of: the frontend's, once attached. */
    private NanoClock clock()
    {
        final ReplySignal s = signal;
        return s != null ? s.clock() : NanoClock.SYSTEM;
    }

    /**
     * @return {@code timedOut}, or if a queue file of the process is damaged (a command written where the backend
     * never looks, say) the exception naming it, with {@code timedOut} as its cause.
     */
    private RuntimeException orQueueDamage(final ReplyTimeoutException timedOut)
    {
        final RuntimeException damaged = queueDamage.apply(timedOut);
        return damaged != null ? damaged : timedOut;
    }

    private boolean backendAlive()
    {
        return backend.isAlive();
    }

    private BackendDiedException died()
    {
        return new BackendDiedException(processName, backend.exitCode().orElse(-1), "waiting for the result of a call", backend.location());
    }
}
