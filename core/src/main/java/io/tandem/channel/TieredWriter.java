package io.tandem.channel;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.ThreadLocalAppender;
import net.openhft.chronicle.wire.BinaryMethodWriterInvocationHandler;
import net.openhft.chronicle.wire.MarshallableOut;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A method writer on a queue that any thread may use (each thread appends through its own appender), and
 * that starts reflective and switches to a Chronicle-generated writer once it has written enough events
 * (see {@link Codegen}). The events on the queue are the same either way.
 *
 * <pre>{@code
 * Commands commands = TieredWriter.create(queue, Commands.class, () -> { });
 * commands.ping("gotcha!");
 * }</pre>
 */
public final class TieredWriter implements InvocationHandler
{
    private final ChronicleQueue queue;
    private final Class<?> type;
    private final Runnable afterWrite;
    private final Object reflective;
    private final AtomicLong writes = new AtomicLong();
    /** Set once by the compiler thread (volatile: publishes the generated writer to every writing thread). */
    private volatile Object generated;

    private TieredWriter(final ChronicleQueue queue, final Class<?> type, final Runnable afterWrite)
    {
        this.queue = queue;
        this.type = type;
        this.afterWrite = afterWrite;
        final Supplier<MarshallableOut> out = () -> ThreadLocalAppender.acquireThreadLocalAppender(queue);
        this.reflective = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            new BinaryMethodWriterInvocationHandler(type, false, out));
        if (Codegen.threshold() == 0)
        {
            generated = generate(queue, type);
        }
    }

    /**
     * @return Chronicle's generated writer of {@code type} on {@code queue}, writing through each thread's own
     * appender. Generation takes seconds (javac) and the queue may be closed meanwhile; Chronicle would then log
     * a warning with a stack trace when it first asks for an appender, so a closed queue answers that probe with
     * {@link ClosedQueueOut} instead: the writer is built quietly and, like the queue, refuses every write.
     */
    static Object generate(final ChronicleQueue queue, final Class<?> type)
    {
        final Supplier<MarshallableOut> out = () ->
            queue.isClosing() ? ClosedQueueOut.INSTANCE : ThreadLocalAppender.acquireThreadLocalAppender(queue);
        return queue.methodWriterBuilder(type).marshallableOutSupplier(out).build();
    }

    /**
     * @param afterWrite runs after each event is written (counts it, rings a doorbell).
     * @return a writer of {@code type} on {@code queue}.
     */
    public static <T> T create(final ChronicleQueue queue, final Class<T> type, final Runnable afterWrite)
    {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            handler(queue, type, afterWrite)));
    }

    /** @return the invocation handler behind {@link #create}, for a proxy that adds behaviour of its own. */
    public static InvocationHandler handler(final ChronicleQueue queue, final Class<?> type, final Runnable afterWrite)
    {
        return new TieredWriter(queue, type, afterWrite);
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (ProxyObjectMethods.handles(method))
        {
            return ProxyObjectMethods.invoke(proxy, method, args,
                () -> "TieredWriter{" + type.getSimpleName() + (generated != null ? ", generated" : ", reflective") + '}');
        }
        Object target = generated;
        if (target == null)
        {
            target = reflective;
            if (writes.incrementAndGet() == Codegen.threshold())
            {
                Codegen.compileInBackground(() -> generated = generate(queue, type));
            }
        }
        final Object result;
        try
        {
            result = method.invoke(target, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
        afterWrite.run();
        return result;
    }
}
