package io.tandem.internal.channel;

import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message by name (the API's {@code MessageObject}) as it crosses a queue: its name, then its parameters as a
 * map of name to self-describing value. Kept apart from MessageObject so the public class carries no Wire
 * plumbing; io.tandem converts both ways, so this package does not depend on the API.
 */
public final class WireMessage implements Marshallable
{
    private String name;
    private Map<String, Object> parameters = new LinkedHashMap<>();

    public WireMessage()
    {
    }

    /** @param parameters copied, in order. */
    public WireMessage(final String name, final Map<String, Object> parameters)
    {
        this.name = name;
        this.parameters = new LinkedHashMap<>(parameters);
    }

    /** @return the message's name. */
    public String name()
    {
        return name;
    }

    /** @return its parameters, in order (this envelope's own map). */
    public Map<String, Object> parameters()
    {
        return parameters;
    }

    @Override
    public void writeMarshallable(final WireOut wire)
    {
        wire.write("name").text(name);
        wire.write("parameters").marshallable(out ->
        {
            for (final Map.Entry<String, Object> e : parameters.entrySet())
            {
                // Wire would copy a thread's or a lambda's fields and hand the backend something else (a thread
                // arrived as its name): refuse what only makes sense in this JVM, as start() does for fields.
                final String localOnly = e.getValue() == null ? null : LocalValues.whyLocal(Object.class, e.getValue());
                if (localOnly != null)
                {
                    throw unsendable(e.getKey(), e.getValue(), localOnly);
                }
                try
                {
                    out.write(e.getKey()).object(e.getValue());
                }
                catch (final java.nio.BufferOverflowException | io.tandem.failure.TandemException ex)
                {
                    throw ex; // the sender's own: it stages a large message, or refuses it (too large, no room)
                }
                catch (final RuntimeException | StackOverflowError ex)
                {
                    // Wire's own message names neither the message nor the parameter, and a StackOverflowError
                    // (a value nested too deep) is not an exception the writer rolls back: make it one that does.
                    throw unsendable(e.getKey(), e.getValue(), ex);
                }
            }
        });
    }

    private IllegalArgumentException unsendable(final String parameter, final Object value, final Throwable cause)
    {
        final String why = cause instanceof StackOverflowError ? "it is nested too deeply to encode" :
            "Chronicle Wire cannot encode it (" + cause.getMessage() + ")";
        final IllegalArgumentException e = unsendable(parameter, value, why);
        e.initCause(cause);
        return e;
    }

    private IllegalArgumentException unsendable(final String parameter, final Object value, final String why)
    {
        return new IllegalArgumentException("MessageObject '" + name + "': parameter '" + parameter + "' (" +
            value.getClass().getName() + ") cannot be sent: " + why + "; nothing was sent. Use primitives and their " +
            "boxes, strings, arrays, collections, maps, enums or Marshallable classes, nested a few levels at most");
    }

    @Override
    public void readMarshallable(final WireIn wire)
    {
        name = wire.read("name").text();
        final Map<String, Object> map = new LinkedHashMap<>();
        wire.read("parameters").marshallable(in ->
        {
            final StringBuilder key = new StringBuilder();
            while (in.hasMore())
            {
                final ValueIn value = in.read(key);
                map.put(key.toString(), value.object());
            }
        });
        parameters = map;
    }

    @Override
    public String toString()
    {
        return "WireMessage{" + name + ", " + parameters + '}';
    }
}
