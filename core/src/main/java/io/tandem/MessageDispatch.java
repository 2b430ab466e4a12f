package io.tandem;


import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs a {@link MessageObject} on the backend: the method of the same name in one of the process's command
 * interfaces, parameters bound by name (when the class was compiled with {@code -parameters}) or else in
 * order, values converted to the declared types. A parameter the message lacks binds as null (0/false for a
 * primitive), like a Python default of {@code None}.
 */
final class MessageDispatch
{
    private final Class<?> processClass;
    private final Map<String, Method> methods = new HashMap<>();

    MessageDispatch(final Class<?> processClass)
    {
        this.processClass = processClass;
        for (final Class<?> commands : CommandInterfaces.of(processClass))
        {
            for (final Method m : commands.getMethods())
            {
                if (!Modifier.isStatic(m.getModifiers()))
                {
                    m.setAccessible(true);
                    methods.putIfAbsent(m.getName(), m);
                }
            }
        }
    }

    /**
     * @return the command method named {@code name} (accessible), as {@link #invoke} binds it.
     * @throws IllegalArgumentException if there is none.
     */
    Method method(final String name)
    {
        final Method method = methods.get(name);
        if (method == null)
        {
            throw new IllegalArgumentException("unknown command '" + name + "' for " +
                processClass.getSimpleName() + "; its commands are " + new TreeSet<>(methods.keySet()) +
                " (methods of the interfaces it implements)");
        }
        return method;
    }

    /**
     * @return what the method returned.
     * @throws IllegalArgumentException if the command is unknown or its parameters do not fit.
     * @throws InvocationTargetException wrapping what the method threw.
     */
    Object invoke(final Object target, final MessageObject message) throws InvocationTargetException
    {
        final Method method = method(message.name());
        final Object[] args = bind(method, message);
        try
        {
            return method.invoke(target, args);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("cannot call " + method, ex);
        }
    }

    private static Object[] bind(final Method method, final MessageObject message)
    {
        final Parameter[] parameters = method.getParameters();
        final Object[] args = new Object[parameters.length];
        final Map<String, Object> given = new LinkedHashMap<>(message.parameters());
        final boolean named = parameters.length == 0 || parameters[0].isNamePresent();
        if (named)
        {
            for (int i = 0; i < parameters.length; i++)
            {
                final Parameter p = parameters[i];
                args[i] = Arguments.convert(given.remove(p.getName()), p.getType(),
                    "parameter '" + p.getName() + "' of " + signature(method));
            }
            if (!given.isEmpty())
            {
                throw new IllegalArgumentException(signature(method) + " has no parameter " + given.keySet());
            }
        }
        else
        {
            if (given.size() > parameters.length)
            {
                throw new IllegalArgumentException(signature(method) + " takes " + parameters.length +
                    " parameters, the message has " + given.size());
            }
            final List<Object> values = new ArrayList<>(given.values());
            for (int i = 0; i < parameters.length; i++)
            {
                args[i] = Arguments.convert(i < values.size() ? values.get(i) : null, parameters[i].getType(),
                    "parameter " + i + " of " + signature(method));
            }
        }
        return args;
    }

    private static String signature(final Method m)
    {
        final StringBuilder sb = new StringBuilder(m.getName()).append('(');
        final Parameter[] ps = m.getParameters();
        for (int i = 0; i < ps.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(ps[i].getType().getSimpleName()).append(' ').append(ps[i].getName());
        }
        return sb.append(')').toString();
    }
}
