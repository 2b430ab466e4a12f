package io.tandem.channel;

import net.openhft.chronicle.core.io.ClosedIllegalStateException;
import net.openhft.chronicle.wire.MarshallableOut;

import java.lang.reflect.Proxy;

/**
 * What a generated writer gets instead of an appender once its queue is closed: it records no history (the
 * one question Chronicle asks while building a writer) and refuses everything else as the closed queue would.
 */
final class ClosedQueueOut
{
    static final MarshallableOut INSTANCE = (MarshallableOut)Proxy.newProxyInstance(
        MarshallableOut.class.getClassLoader(), new Class<?>[] {MarshallableOut.class}, (proxy, method, args) ->
        {
            if (ProxyObjectMethods.handles(method))
            {
                return ProxyObjectMethods.invoke(proxy, method, args, () -> "ClosedQueueOut");
            }
            if ("recordHistory".equals(method.getName()))
            {
                return false;
            }
            throw new ClosedIllegalStateException("the queue is closed");
        });

    private ClosedQueueOut()
    {
    }
}
