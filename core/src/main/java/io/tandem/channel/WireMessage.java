package io.tandem.channel;

import io.tandem.MessageObject;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link MessageObject} as it crosses a queue: its name, then its parameters as a map of name to
 * self-describing value. Kept apart from MessageObject so the public class carries no Wire plumbing.
 */
public final class WireMessage implements Marshallable
{
    private String name;
    private Map<String, Object> parameters = new LinkedHashMap<>();

    public WireMessage()
    {
    }

    public WireMessage(final MessageObject message)
    {
        this.name = message.name();
        this.parameters = new LinkedHashMap<>(message.parameters());
    }

    /** @return the message this envelope carries. */
    public MessageObject toMessageObject()
    {
        return MessageObject.of(name, parameters);
    }

    @Override
    public void writeMarshallable(final WireOut wire)
    {
        wire.write("name").text(name);
        wire.write("parameters").marshallable(out ->
        {
            for (final Map.Entry<String, Object> e : parameters.entrySet())
            {
                out.write(e.getKey()).object(e.getValue());
            }
        });
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
