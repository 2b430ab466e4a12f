package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.MethodId;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Checks the interfaces users put on a queue: only interfaces, no method named with Tandem's reserved
 * {@code tandem} prefix or numbered ({@code @MethodId}) in its reserved range, no overloads (an event is known by its
 * method name alone), no Chronicle {@code Bytes} parameters (lent for the call only; arguments are values a handler
 * keeps).
 */
public final class ProtocolNames
{
    /** Reserved prefix of Tandem's own events. */
    public static final String RESERVED_PREFIX = "tandem";

    private ProtocolNames()
    {
    }

    /**
     * @param role         "command" or "reply", for messages.
     * @param theInterface the interface to check.
     * @throws IllegalArgumentException saying what does not fit.
     */
    public static void checkInterface(final String role, final Class<?> theInterface)
    {
        if (!theInterface.isInterface())
        {
            throw new IllegalArgumentException(role + " type " + theInterface.getName() + " must be an interface");
        }
        final java.util.Set<String> seen = new java.util.HashSet<>();
        for (final Method m : theInterface.getMethods())
        {
            if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class)
            {
                continue;
            }
            if (m.getName().startsWith(RESERVED_PREFIX))
            {
                throw new IllegalArgumentException(role + " interface " + theInterface.getName() + " declares " +
                    m.getName() + "(): names starting with '" + RESERVED_PREFIX + "' are reserved for Tandem");
            }
            final MethodId id = m.getAnnotation(MethodId.class);
            if (id != null && id.value() >= FrontendEvents.RESERVED_METHOD_IDS)
            {
                throw new IllegalArgumentException(role + " interface " + theInterface.getName() + " numbers " +
                    m.getName() + "() @MethodId(" + id.value() + "): ids from " + FrontendEvents.RESERVED_METHOD_IDS +
                    " (0x" + Integer.toHexString(FrontendEvents.RESERVED_METHOD_IDS) + ") on are reserved for Tandem's own events");
            }
            for (final Class<?> parameter : m.getParameterTypes())
            {
                if (net.openhft.chronicle.bytes.BytesStore.class.isAssignableFrom(parameter))
                {
                    throw new IllegalArgumentException(role + " interface " + theInterface.getName() + " passes a " +
                        "Chronicle " + parameter.getSimpleName() + " to " + m.getName() + "(): Chronicle lends those " +
                        "for the call only, and a reflective reader cannot decode one; pass a byte[] (or a " +
                        "SharedArray for bulk data)");
                }
            }
            if (!seen.add(m.getName()))
            {
                throw new IllegalArgumentException(role + " interface " + theInterface.getName() + " overloads " +
                    m.getName() + "(): a message is known by its method name alone, give each method its own name");
            }
        }
    }
}
