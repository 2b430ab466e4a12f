package io.tandem;

import io.tandem.internal.channel.ProtocolNames;
import io.tandem.internal.channel.ProxyObjectMethods;
import io.tandem.internal.channel.WriterStubs;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What {@code backend(Commands.class)} returns: an object any thread may use. A {@code void} method is a
 * command, written straight to the queue; a method returning a value is a call that waits for the
 * backend's answer; one returning a {@link CompletableFuture} is a call that returns at once. It is a stub
 * ({@link WriterStubs}, over a {@link CommandTarget}) where one can be made, else a proxy with this handler: the two
 * behave the same.
 */
final class CommandProxy implements InvocationHandler
{
    private final Class<?> type;
    private final Supplier<FrontendLink> link;
    private final Duration timeout;

    private CommandProxy(final Class<?> type, final Supplier<FrontendLink> link, final Duration timeout)
    {
        this.type = type;
        this.link = link;
        this.timeout = timeout;
    }

    /**
     * @param link the process's current link, asked at every call: a proxy taken before a restart keeps
     *             working after it.
     */
    public static <T> T create(final Class<T> type, final Supplier<FrontendLink> link, final Duration timeout)
    {
        ProtocolNames.checkInterface("command", type);
        final T stub = WriterStubs.create(type, new CommandTarget(type, link, timeout), true);
        return stub != null ? stub : type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            new CommandProxy(type, link, timeout)));
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (ProxyObjectMethods.handles(method))
        {
            return ProxyObjectMethods.invoke(proxy, method, args, () -> "commands of " + type.getSimpleName());
        }
        final FrontendLink current = link.get();
        final Class<?> returns = method.getReturnType();
        if (returns == void.class)
        {
            return current.commandWriter(type).invoke(proxy, method, args);
        }
        final Object[] arguments = args == null ? new Object[0] : args;
        final CallShape shape = CallShape.of(method); // the proxy is the fallback where no stub can be made
        return shape.async ? current.calls().callAsync(shape, arguments, timeout) :
            current.calls().call(shape, arguments, timeout);
    }
}
