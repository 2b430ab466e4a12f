package io.tandem.internal.channel;

import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * The {@code Object} methods of Tandem's dynamic proxies: identity {@code equals} and {@code hashCode} (a proxy
 * is one endpoint, never equal to another), and a {@code toString} that says what it is.
 *
 * <pre>{@code
 * if (ProxyObjectMethods.handles(method)) {
 *     return ProxyObjectMethods.invoke(proxy, method, args, () -> "commands of " + type.getSimpleName());
 * }
 * }</pre>
 */
public final class ProxyObjectMethods
{
    private ProxyObjectMethods()
    {
    }

    /** @return true for a method declared by {@code Object} ({@code equals}, {@code hashCode}, {@code toString}). */
    public static boolean handles(final Method method)
    {
        return method.getDeclaringClass() == Object.class;
    }

    /** @return the result of {@code Object} method {@code method} called on {@code proxy}. */
    public static Object invoke(final Object proxy, final Method method, final Object[] args, final Supplier<String> description)
    {
        switch (method.getName())
        {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return description.get();
        }
    }
}
