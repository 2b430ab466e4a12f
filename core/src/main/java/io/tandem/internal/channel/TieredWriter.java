package io.tandem.internal.channel;

import net.openhft.chronicle.wire.BinaryMethodWriterInvocationHandler;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.BufferOverflowException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A method writer on a queue that any thread may use, writing through the queue's {@link QueueSender} (so
 * each call is one message, under the backlog limit and the message size), that starts reflective and
 * switches to a Chronicle-generated writer once it has written enough events (see {@link Codegen}). The
 * events on the queue are the same either way.
 *
 * <pre>{@code
 * Commands commands = TieredWriter.create(sender, Commands.class);
 * commands.ping("gotcha!");
 * }</pre>
 */
public final class TieredWriter implements InvocationHandler
{
    private final QueueSender sender;
    private final Class<?> type;
    private final Object reflective;
    private final AtomicLong writes = new AtomicLong();
    /** Set once by the compiler thread (volatile: publishes the generated writer to every writing thread). */
    private volatile Object generated;

    private TieredWriter(final QueueSender sender, final Class<?> type)
    {
        this.sender = sender;
        this.type = type;
        this.reflective = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            new BinaryMethodWriterInvocationHandler(type, false, sender::out));
        if (Codegen.threshold() == 0 && Codegen.canGenerate(type))
        {
            generated = generate(sender, type);
        }
    }

    /**
     * @return Chronicle's generated writer of {@code type}, writing through {@code sender}. Generation takes
     * seconds (javac) and the queue may be closed meanwhile; the writer is built without touching the queue,
     * and a closed queue refuses its writes.
     */
    static Object generate(final QueueSender sender, final Class<?> type)
    {
        return sender.queue().methodWriterBuilder(type).marshallableOutSupplier(sender::out).build();
    }

    /**
     * @return a writer of {@code type} through {@code sender}: a stub calling the current writer directly (see
     * {@link WriterStubs}), or where none can be made a proxy.
     */
    public static <T> T create(final QueueSender sender, final Class<T> type)
    {
        final TieredWriter writer = of(sender, type);
        final T stub = WriterStubs.create(type, new StubTarget()
        {
            @Override
            public Object writer()
            {
                return writer.target();
            }

            @Override
            public void retryStaged(final BufferOverflowException overflow)
            {
                writer.retryStaged(overflow);
            }

            @Override
            public Object call(final int method, final Object[] args)
            {
                throw new UnsupportedOperationException("a reply writer makes no calls");
            }

            @Override
            public String describe()
            {
                return writer.toString();
            }
        }, false);
        return stub != null ? stub : type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, writer));
    }

    /** @return a tiered writer of {@code type} through {@code sender}, for a stub or proxy that adds behaviour of its own. */
    public static TieredWriter of(final QueueSender sender, final Class<?> type)
    {
        return new TieredWriter(sender, type);
    }

    /**
     * @return the writer to call for one message now: the reflective one, counted, until the generated one is ready
     * (see {@link Codegen}). Any thread.
     */
    public Object target()
    {
        final Object ready = generated;
        if (ready != null)
        {
            return ready;
        }
        if (writes.incrementAndGet() == Codegen.threshold() && Codegen.canGenerate(type))
        {
            Codegen.compileInBackground(() -> generated = generate(sender, type));
        }
        return reflective;
    }

    /**
     * A call of {@link #target()}'s method overflowed the window its message was encoded into in place: the next
     * encoding is staged, and takes any size.
     *
     * @throws BufferOverflowException {@code overflow} if the message was staged already (the encoder's own overflow).
     */
    public void retryStaged(final BufferOverflowException overflow)
    {
        if (!sender.retryStaged())
        {
            throw overflow;
        }
    }

    private static Object invokeStaged(final Object target, final Method method, final Object[] args) throws Throwable
    {
        try
        {
            return method.invoke(target, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }

    @Override
    public String toString()
    {
        return "TieredWriter{" + type.getSimpleName() + (generated != null ? ", generated" : ", reflective") + '}';
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (ProxyObjectMethods.handles(method))
        {
            return ProxyObjectMethods.invoke(proxy, method, args, this::toString);
        }
        final Object target = target();
        try
        {
            return method.invoke(target, args);
        }
        catch (final InvocationTargetException ex)
        {
            if (ex.getCause() instanceof BufferOverflowException && sender.retryStaged())
            {
                return invokeStaged(target, method, args); // larger than the window it was encoded into in place
            }
            throw ex.getCause();
        }
    }
}
