package io.tandem.frontend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code backend(Commands.class)} returns: a proxy any thread may use. A {@code void} method is a
 * command, written straight to the queue; a method returning a value is a call that waits for the
 * backend's answer; one returning a {@link CompletableFuture} is a call that returns at once.
 */
final class CommandProxy implements InvocationHandler
{
    private final Class<?> type;
    private final InvocationHandler commands;
    private final Calls calls;
    private final Duration timeout;

    private CommandProxy(final Class<?> type, final InvocationHandler commands, final Calls calls, final Duration timeout)
    {
        this.type = type;
        this.commands = commands;
        this.calls = calls;
        this.timeout = timeout;
    }

    static <T> T create(final Class<T> type, final InvocationHandler commands, final Calls calls, final Duration timeout)
    {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            new CommandProxy(type, commands, calls, timeout)));
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (method.getDeclaringClass() == Object.class)
        {
            switch (method.getName())
            {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "commands of " + type.getSimpleName();
            }
        }
        final Class<?> returns = method.getReturnType();
        if (returns == void.class)
        {
            return commands.invoke(proxy, method, args);
        }
        final Object[] arguments = args == null ? new Object[0] : args;
        if (CompletableFuture.class.isAssignableFrom(returns))
        {
            return calls.callAsync(method, arguments, timeout);
        }
        return calls.call(method, arguments, timeout);
    }
}
