package io.tandem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A command (or reply) by name with named parameters: the tutorial's {@code MessageObject}, for code
 * ported straight from Python. Sent to a backend it runs the method of the same name, its parameters
 * matched by name (compile with {@code -parameters}, as Tandem's build does) or, failing names, in order.
 *
 * <pre>{@code
 * p.sendMessageToBack(new MessageObject("ping", "parameter", "gotcha!"));   // runs ping(String parameter)
 *
 * MessageObject msg = p.receive(Duration.ofSeconds(5));
 * System.out.println("main: got " + msg.name() + " with some " + msg.get("result"));
 * }</pre>
 *
 * Parameter values must be serialisable by Chronicle Wire: primitives and their boxes, strings, arrays,
 * collections, maps, enums, and {@code Marshallable} classes. Instances are immutable.
 */
public final class MessageObject
{
    private final String name;
    private final Map<String, Object> parameters;

    /**
     * @param name             the command, e.g. {@code "ping"}.
     * @param namesAndValues   parameter name, value, name, value, ...
     * @throws IllegalArgumentException if the names and values do not pair up, or a name is not a string.
     */
    public MessageObject(final String name, final Object... namesAndValues)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("a MessageObject needs a command name");
        }
        if (namesAndValues.length % 2 != 0)
        {
            throw new IllegalArgumentException("MessageObject '" + name + "': parameters come in name, value pairs; got " +
                namesAndValues.length + " items");
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            if (!(namesAndValues[i] instanceof String))
            {
                throw new IllegalArgumentException("MessageObject '" + name + "': parameter name at position " + i +
                    " is not a string: " + namesAndValues[i]);
            }
            map.put((String)namesAndValues[i], namesAndValues[i + 1]);
        }
        this.name = name;
        this.parameters = Collections.unmodifiableMap(map);
    }

    /**
     * @param name       the command.
     * @param parameters parameters by name, in the order they should bind when names are unknown.
     * @return a message holding a copy of {@code parameters}.
     */
    public static MessageObject of(final String name, final Map<String, ?> parameters)
    {
        final Object[] pairs = new Object[parameters.size() * 2];
        int i = 0;
        for (final Map.Entry<String, ?> e : parameters.entrySet())
        {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new MessageObject(name, pairs);
    }

    /** @return the command name (the tutorial's {@code msg()}). */
    public String name()
    {
        return name;
    }

    /** @return the parameter called {@code parameterName} (the tutorial's {@code msg["result"]}), or null. */
    public Object get(final String parameterName)
    {
        return parameters.get(parameterName);
    }

    /** @return the parameter converted to {@code type}; numbers widen or narrow as needed. */
    public <T> T get(final String parameterName, final Class<T> type)
    {
        return io.tandem.Arguments.convert(parameters.get(parameterName), type, parameterName);
    }

    /** @return true if the message has a parameter of that name (even a null one). */
    public boolean has(final String parameterName)
    {
        return parameters.containsKey(parameterName);
    }

    /** @return the parameters by name, in order; unmodifiable. */
    public Map<String, Object> parameters()
    {
        return parameters;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof MessageObject))
        {
            return false;
        }
        final MessageObject that = (MessageObject)o;
        return name.equals(that.name) && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(name, parameters);
    }

    /**
     * @return the message as the seed's {@code str()} prints it: {@code <MessageObject: name: {params}>}, the
     * parameters as a Python dict, e.g. {@code <MessageObject: ping: {'parameter': 'gotcha!', 'syncIndex': 3}>}.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("<MessageObject: ").append(name).append(": {");
        String separator = "";
        for (final Map.Entry<String, Object> e : parameters.entrySet())
        {
            sb.append(separator).append('\'').append(e.getKey()).append("': ");
            appendValue(sb, e.getValue());
            separator = ", ";
        }
        return sb.append("}>").toString();
    }

    /** Appends {@code value} as Python's repr would show it: strings quoted, null as None, arrays as lists. */
    private static void appendValue(final StringBuilder sb, final Object value)
    {
        if (value == null)
        {
            sb.append("None");
        }
        else if (value instanceof CharSequence || value instanceof Character)
        {
            sb.append('\'').append(value).append('\'');
        }
        else if (value instanceof Boolean)
        {
            sb.append((Boolean)value ? "True" : "False");
        }
        else if (value.getClass().isArray())
        {
            final int n = java.lang.reflect.Array.getLength(value);
            sb.append('[');
            for (int i = 0; i < n; i++)
            {
                sb.append(i == 0 ? "" : ", ");
                appendValue(sb, java.lang.reflect.Array.get(value, i));
            }
            sb.append(']');
        }
        else
        {
            sb.append(value);
        }
    }
}
