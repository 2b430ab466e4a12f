package io.tandem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a process class's command interfaces: the interfaces it implements, other than the JDK's and
 * Chronicle's. Their methods are what commands (typed or {@link io.tandem.MessageObject}) may reach.
 */
final class CommandInterfaces
{
    private CommandInterfaces()
    {
    }

    /** @return the command interfaces of {@code processClass}, in declaration order, super-interfaces included. */
    public static List<Class<?>> of(final Class<?> processClass)
    {
        final Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> c = processClass; c != null && c != Object.class; c = c.getSuperclass())
        {
            for (final Class<?> i : c.getInterfaces())
            {
                collect(i, found);
            }
        }
        return new ArrayList<>(found);
    }

    private static void collect(final Class<?> type, final Set<Class<?>> found)
    {
        if (isPlatform(type) || !found.add(type))
        {
            return;
        }
        for (final Class<?> parent : type.getInterfaces())
        {
            collect(parent, found);
        }
    }

    private static boolean isPlatform(final Class<?> type)
    {
        final String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") ||
            name.startsWith("sun.") || name.startsWith("net.openhft.");
    }
}
