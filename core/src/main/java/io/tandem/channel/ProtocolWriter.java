package io.tandem.channel;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.ThreadLocalAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueOut;

/**
 * Writes Tandem's own events ({@link BackendControl}, {@link FrontendEvents}) the way a Chronicle method
 * writer would (no argument: an empty text; one argument: the value), without generating a writer class:
 * these events are rare, and compiling a writer for them would only slow every start. Any thread.
 */
public final class ProtocolWriter
{
    /** Method.getParameterTypes() copies its array on each call; a call's path asks for it every time. */
    private static final ClassValue<java.util.Map<java.lang.reflect.Method, Class<?>[]>> PARAMETER_TYPES =
        new ClassValue<>()
        {
            @Override
            protected java.util.Map<java.lang.reflect.Method, Class<?>[]> computeValue(final Class<?> type)
            {
                return new java.util.concurrent.ConcurrentHashMap<>();
            }
        };

    private final ChronicleQueue queue;
    private final Runnable afterWrite;
    private final Runnable afterStarted;

    /**
     * @param queue      where to write.
     * @param afterWrite runs after each document is complete (counts it, rings a doorbell).
     */
    public ProtocolWriter(final ChronicleQueue queue, final Runnable afterWrite)
    {
        this(queue, afterWrite, afterWrite);
    }

    /**
     * @param afterStarted runs after the "started" event instead of {@code afterWrite}: it is Tandem's own
     *                     and need not wake a manager.
     */
    public ProtocolWriter(final ChronicleQueue queue, final Runnable afterWrite, final Runnable afterStarted)
    {
        this.queue = queue;
        this.afterWrite = afterWrite;
        this.afterStarted = afterStarted;
    }

    /** {@link BackendControl#tandemStop()}. */
    public void stop()
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().writeEventName("tandemStop").text("");
        }
        afterWrite.run();
    }

    /** {@link BackendControl#tandemMessage} and {@link FrontendEvents#tandemMessage}. */
    public void message(final WireMessage message)
    {
        write("tandemMessage", WireMessage.class, message);
    }

    /** {@link FrontendEvents#tandemStarted(long)}. */
    public void started(final long pid)
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().writeEventName("tandemStarted").int64(pid);
        }
        afterStarted.run();
    }

    /**
     * A call's answer: {@link FrontendEvents#tandemResult} (the correlation id) then
     * {@link FrontendEvents#tandemValue} (the value, self-describing) in one document: two plain events
     * decode faster than one object with named fields.
     */
    public void result(final long correlationId, final Object value)
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            try
            {
                dc.wire().writeEventName("tandemResult").int64(correlationId);
                dc.wire().writeEventName("tandemValue").object(value);
            }
            catch (final RuntimeException ex)
            {
                dc.rollbackOnClose(); // a value Wire cannot encode: no half answer
                throw ex;
            }
        }
        afterWrite.run();
    }

    /**
     * Writes a call: {@link BackendControl#tandemCall} then the method's event, in one document, with the
     * arguments encoded as a Chronicle method writer encodes them (none: empty text; one: the value;
     * several: a sequence), so the backend's method reader decodes it like any command.
     */
    public void call(final long correlationId, final java.lang.reflect.Method method, final Object[] args)
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            try
            {
                dc.wire().writeEventName("tandemCall").int64(correlationId);
                final ValueOut out = dc.wire().writeEventName(method.getName());
                final Class<?>[] types = PARAMETER_TYPES.get(method.getDeclaringClass())
                    .computeIfAbsent(method, java.lang.reflect.Method::getParameterTypes);
                if (types.length == 0)
                {
                    out.text("");
                }
                else if (types.length == 1)
                {
                    out.object(types[0], args[0]);
                }
                else
                {
                    out.sequence(args, (values, seq) ->
                    {
                        for (int i = 0; i < types.length; i++)
                        {
                            seq.object(types[i], values[i]);
                        }
                    });
                }
            }
            catch (final RuntimeException ex)
            {
                dc.rollbackOnClose(); // never leave half a call on the queue
                throw ex;
            }
        }
        afterWrite.run();
    }

    /** Writes a call by name: {@link BackendControl#tandemCall} then {@link BackendControl#tandemMessage}. */
    public void call(final long correlationId, final WireMessage message)
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().writeEventName("tandemCall").int64(correlationId);
            dc.wire().writeEventName("tandemMessage").object(WireMessage.class, message);
        }
        afterWrite.run();
    }

    /** {@link FrontendEvents#tandemError}. */
    public void error(final WireError error)
    {
        write("tandemError", WireError.class, error);
    }

    private void write(final String event, final Class<?> type, final Object value)
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            try
            {
                dc.wire().writeEventName(event).object(type, value);
            }
            catch (final RuntimeException ex)
            {
                dc.rollbackOnClose(); // e.g. a value Wire cannot encode: write nothing rather than half
                throw ex;
            }
        }
        afterWrite.run();
    }

    private ExcerptAppender appender()
    {
        return ThreadLocalAppender.acquireThreadLocalAppender(queue);
    }
}
