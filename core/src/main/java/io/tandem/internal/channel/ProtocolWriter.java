package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.ValueOut;

/**
 * Writes Tandem's own events ({@link BackendControl}, {@link FrontendEvents}) the way a Chronicle method
 * writer would (no argument: an empty text; one argument: the value), without generating a writer class:
 * these events are rare, and compiling a writer for them would only slow every start. Any thread. Every
 * event goes through the process's {@link QueueSender}, and so obeys its backlog limit and message size;
 * the control events (stop, started, the start document) get through a full backlog.
 */
public final class ProtocolWriter
{
    private final QueueSender sender;
    private final Runnable afterStarted;

    /** @param sender where to write; its after-write action runs after each event. */
    public ProtocolWriter(final QueueSender sender)
    {
        this(sender, sender.afterWrite());
    }

    /**
     * @param afterStarted runs after the "started" event instead of the after-write action: it is Tandem's own
     *                     and need not wake a manager.
     */
    public ProtocolWriter(final QueueSender sender, final Runnable afterStarted)
    {
        this.sender = sender;
        this.afterStarted = afterStarted;
    }

    /** Writes the start document (the shipped process), ahead of everything: gets through a full backlog. */
    public void start(final BytesStore<?, ?> startDocument)
    {
        write(true, () -> { }, wire -> wire.bytes().write(startDocument));
    }

    /** {@link BackendControl#tandemStop()}: gets through a full backlog. */
    public void stop()
    {
        write(true, sender.afterWrite(), wire -> wire.writeEventName("tandemStop").text(""));
    }

    /** {@link BackendControl#tandemMessage} and {@link FrontendEvents#tandemMessage}. */
    public void message(final WireMessage message)
    {
        write(wire -> wire.writeEventName("tandemMessage").object(WireMessage.class, message));
    }

    /** {@link FrontendEvents#tandemStarted(long)}: gets through a full backlog. */
    public void started(final long pid)
    {
        write(true, afterStarted, wire -> wire.writeEventName("tandemStarted").int64(pid));
    }

    /**
     * A call's answer: {@link FrontendEvents#tandemResult} (the correlation id) then the event
     * {@link FrontendEvents#VALUE_ID} (the value, self-describing) in one document: two plain events decode faster
     * than one object with named fields.
     */
    public void result(final long correlationId, final Object value)
    {
        write(wire ->
        {
            wire.writeEventId("tandemResult", FrontendEvents.RESULT_ID).int64(correlationId);
            writeValue(wire.writeEventId("tandemValue", FrontendEvents.VALUE_ID), value);
        });
    }

    /**
     * A value self-described, as {@code object(value)} writes it; the common boxed primitives in the same fixed
     * encodings, without its switch on the class name.
     */
    private static void writeValue(final ValueOut out, final Object value)
    {
        if (value instanceof Long)
        {
            out.fixedInt64((Long)value);
        }
        else if (value instanceof Integer)
        {
            out.fixedInt32((Integer)value);
        }
        else if (value instanceof Double)
        {
            out.fixedFloat64((Double)value);
        }
        else
        {
            out.object(value);
        }
    }

    /**
     * Writes a call: {@link BackendControl#tandemCall} then the method's event, in one document, with the
     * arguments encoded as a Chronicle method writer encodes them (none: empty text; one: the value;
     * several: a sequence), so the backend's method reader decodes it like any command.
     *
     * @param method the method's name (its event).
     * @param types  its parameter types.
     */
    public void call(final long correlationId, final String method, final Class<?>[] types, final Object[] args)
    {
        write(wire ->
        {
            wire.writeEventId("tandemCall", FrontendEvents.CALL_ID).int64(correlationId);
            final ValueOut out = wire.writeEventName(method);
            if (types.length == 0)
            {
                out.text("");
            }
            else if (types.length == 1)
            {
                writeArgument(out, types[0], args[0]);
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
        });
    }

    /** One argument as a method writer writes it; the common primitives without {@code object}'s type dispatch. */
    private static void writeArgument(final ValueOut out, final Class<?> type, final Object value)
    {
        if (type == long.class)
        {
            out.int64((Long)value);
        }
        else if (type == int.class)
        {
            out.int32((Integer)value);
        }
        else if (type == double.class)
        {
            out.float64((Double)value);
        }
        else
        {
            out.object(type, value);
        }
    }

    /** Writes a call by name: {@link BackendControl#tandemCall} then {@link BackendControl#tandemMessage}. */
    public void call(final long correlationId, final WireMessage message)
    {
        write(wire ->
        {
            wire.writeEventId("tandemCall", FrontendEvents.CALL_ID).int64(correlationId);
            wire.writeEventName("tandemMessage").object(WireMessage.class, message);
        });
    }

    /** {@link FrontendEvents#tandemError}. */
    public void error(final WireError error)
    {
        write(wire -> wire.writeEventName("tandemError").object(WireError.class, error));
    }

    private void write(final java.util.function.Consumer<Wire> body)
    {
        write(false, sender.afterWrite(), body);
    }

    /** Encodes one message with {@code body} and commits it; a body that throws leaves nothing, not half a message. */
    private void write(final boolean overLimit, final Runnable after, final java.util.function.Consumer<Wire> body)
    {
        try
        {
            writeOnce(overLimit, after, body);
        }
        catch (final java.nio.BufferOverflowException ex)
        {
            if (!sender.retryStaged())
            {
                throw ex;
            }
            writeOnce(overLimit, after, body); // larger than the window it was encoded into in place: staged
        }
    }

    private void writeOnce(final boolean overLimit, final Runnable after, final java.util.function.Consumer<Wire> body)
    {
        try (DocumentContext dc = sender.document(overLimit, after))
        {
            try
            {
                body.accept(dc.wire());
            }
            catch (final StackOverflowError ex)
            {
                // a value nested too deep: before this was caught, half a message was committed and the backend
                // read it as garbage commands
                dc.rollbackOnClose();
                throw new IllegalArgumentException("a value sent to process '" + sender.processName() + "' is nested " +
                    "too deeply to encode; nothing was sent. Flatten it, or pass bulk data through a SharedArray", ex);
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose(); // e.g. a value Wire cannot encode: nothing of it reaches the reader
                throw ex;
            }
        }
    }
}
