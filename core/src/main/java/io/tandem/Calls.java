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

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
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
     * Calls {@code method} in the backend and waits for its result.
     *
     * @return the backend's value, converted to the method's return type.
     * @throws CommandFailedException if the backend's method threw.
     * @throws BackendDiedException if the backend exits first.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public Object call(final Method method, final Object[] args, final Duration timeout)
    {
        final long id = ids.incrementAndGet();
        final Pending call = register(id, method.getName(), method.getGenericReturnType(), timeout, false);
        send(id, () -> writer.call(id, method, args));
        return await(call, timeout);
    }

    /** As {@link #call(Method, Object[], Duration)}, by name, the result as decoded. */
    public Object call(final MessageObject message, final Duration timeout)
    {
        final long id = ids.incrementAndGet();
        final Pending call = register(id, message.name(), Object.class, timeout, false);
        send(id, () -> writer.call(id, new WireMessage(message.name(), message.parameters())));
        return await(call, timeout);
    }

    /** Calls {@code method} and returns at once; the future completes with the result or the failure. */
    public CompletableFuture<Object> callAsync(final Method method, final Object[] args, final Duration timeout)
    {
        final long id = ids.incrementAndGet();
        final Pending call = register(id, method.getName(), futureValueType(method), timeout, true);
        return sendAsync(id, call, () -> writer.call(id, method, args));
    }

    /** As {@link #callAsync(Method, Object[], Duration)}, by name. */
    public CompletableFuture<Object> callAsync(final MessageObject message, final Duration timeout)
    {
        final long id = ids.incrementAndGet();
        final Pending call = register(id, message.name(), Object.class, timeout, true);
        return sendAsync(id, call, () -> writer.call(id, new WireMessage(message.name(), message.parameters())));
    }

    /**
     * A result arrived (any thread reading the reply queue): {@code document} is positioned after its
     * {@code tandemResult} event, at the event {@link FrontendEvents#VALUE_ID} that carries the value. The value is
     * decoded into a new object (never one handed out before), as the call's declared type where that is a
     * primitive, and the rest of the document is consumed.
     */
    void completeFrom(final long correlationId, final WireIn document)
    {
        final Pending call = pending.remove(correlationId);
        if (document == null)
        {
            if (call != null)
            {
                call.future.completeExceptionally(new TandemException("the result of call '" + call.command +
                    "' to process '" + processName + "' was read outside its document"));
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
            value = readValue(document.getValueIn(), call.rawType);
        }
        catch (final RuntimeException ex)
        {
            bytes.readSkip(bytes.readRemaining());
            call.future.completeExceptionally(new TandemException("the result of call '" + call.command +
                "' to process '" + processName + "' could not be decoded: " + ex, ex));
            return;
        }
        try
        {
            // the value as declared (a long for a long, say) is complete as it is: no conversion, and no
            // description built for a mismatch that cannot happen
            call.future.complete(value != null && Arguments.box(call.rawType).isInstance(value) ? value :
                Arguments.convert(value, call.rawType, "result of '" + call.command + "'"));
        }
        catch (final IllegalArgumentException ex)
        {
            call.future.completeExceptionally(new TandemException("call '" + call.command + "' to process '" +
                processName + "' returned a value of another type: " + ex.getMessage(), ex));
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
        final Pending call = pending.remove(correlationId);
        if (call != null)
        {
            call.future.completeExceptionally(failure);
        }
    }

    /** The backend is gone: every call still waiting fails with {@code failure}. */
    void failAll(final RuntimeException failure)
    {
        for (final Iterator<Pending> it = pending.values().iterator(); it.hasNext(); )
        {
            final Pending call = it.next();
            it.remove();
            call.future.completeExceptionally(failure);
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

    private Pending register(final long id, final String command, final Type resultType, final Duration timeout,
        final boolean async)
    {
        if (closed)
        {
            throw new IllegalStateException("process '" + processName + "' is closed");
        }
        final Pending call = new Pending(command, resultType, clock().nanoTime() + timeout.toNanos(), timeout, async);
        pending.put(id, call);
        return call;
    }

    private void send(final long id, final Runnable write)
    {
        if (!backend.isAlive())
        {
            pending.remove(id);
            // a backend that exited on its damaged command queue: the exception naming the file, as every send gets
            final RuntimeException damaged = queueDamage.apply(null);
            throw damaged != null ? damaged : died();
        }
        try
        {
            write.run();
        }
        catch (final RuntimeException ex)
        {
            pending.remove(id);
            throw ex;
        }
    }

    private CompletableFuture<Object> sendAsync(final long id, final Pending call, final Runnable write)
    {
        try
        {
            send(id, write);
        }
        catch (final RuntimeException ex)
        {
            call.future.completeExceptionally(ex);
            return call.future;
        }
        ensurePump();
        return call.future;
    }

    private Object await(final Pending call, final Duration timeout)
    {
        try
        {
            final java.util.function.BooleanSupplier answered = call.future::isDone;
            final Await await = signal.acquire(waitMode);
            final int result;
            try
            {
                result = await.until(() ->
                {
                    if (call.future.isDone())
                    {
                        return Await.Step.DONE;
                    }
                    final int read = inbox.drainUntil(answered);
                    return call.future.isDone() ? Await.Step.DONE : read; // answered: over, whatever the clock says
                }, answered, () -> backend.isAlive(), call.deadlineNanos);
            }
            finally
            {
                signal.release(waitMode, await);
            }
            if (result == Await.DIED)
            {
                failAll(died());
            }
            else if (result == Await.TIMED_OUT)
            {
                pending.values().remove(call);
                throw orQueueDamage(new ReplyTimeoutException(processName, timeout, "waiting for the result of '" +
                    call.command + "'"));
            }
            try
            {
                return call.future.join();
            }
            catch (final java.util.concurrent.CompletionException ex)
            {
                if (ex.getCause() instanceof RuntimeException)
                {
                    throw (RuntimeException)ex.getCause();
                }
                throw ex;
            }
        }
        catch (final InternalError fault)
        {
            pending.values().remove(call);
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
        idle.watch(() -> closed, () -> backend.isAlive());
        idle.abandon(); // a spell left by the wait that used it last is not this loop's
        final NanoClock clock = idle.clock();
        while (!closed)
        {
            boolean anyAsync = false;
            final long now = clock.nanoTime();
            for (final Map.Entry<Long, Pending> e : pending.entrySet())
            {
                final Pending call = e.getValue();
                anyAsync |= call.async;
                if (call.async && now - call.deadlineNanos >= 0 && pending.remove(e.getKey(), call))
                {
                    call.future.completeExceptionally(orQueueDamage(new ReplyTimeoutException(processName, call.timeout,
                        "waiting for the result of '" + call.command + "'")));
                }
            }
            if (!anyAsync)
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

    private BackendDiedException died()
    {
        return new BackendDiedException(processName, backend.exitCode().orElse(-1), "waiting for the result of a call", backend.location());
    }

    private static Type futureValueType(final Method method)
    {
        final Type generic = method.getGenericReturnType();
        if (generic instanceof ParameterizedType)
        {
            return ((ParameterizedType)generic).getActualTypeArguments()[0];
        }
        return Object.class;
    }

    private static Class<?> rawClass(final Type type)
    {
        if (type instanceof Class)
        {
            return (Class<?>)type;
        }
        if (type instanceof ParameterizedType)
        {
            return (Class<?>)((ParameterizedType)type).getRawType();
        }
        return Object.class;
    }

    /** A call waiting for its answer. */
    private static final class Pending
    {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final String command;
        /** The result type's class: what the value is converted to. */
        final Class<?> rawType;
        final long deadlineNanos;
        final Duration timeout;
        final boolean async;

        Pending(final String command, final Type resultType, final long deadlineNanos, final Duration timeout,
            final boolean async)
        {
            this.command = command;
            this.rawType = rawClass(resultType);
            this.deadlineNanos = deadlineNanos;
            this.timeout = timeout;
            this.async = async;
        }
    }
}
