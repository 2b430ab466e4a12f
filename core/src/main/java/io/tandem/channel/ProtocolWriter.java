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
    private final ChronicleQueue queue;

    public ProtocolWriter(final ChronicleQueue queue)
    {
        this.queue = queue;
    }

    /** {@link BackendControl#tandemStop()}. */
    public void stop()
    {
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().writeEventName("tandemStop").text("");
        }
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
            final ValueOut out = dc.wire().writeEventName(event);
            out.object(type, value);
        }
    }

    private ExcerptAppender appender()
    {
        return ThreadLocalAppender.acquireThreadLocalAppender(queue);
    }
}
