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
            switch (method.getName())
            {
                case "recordHistory":
                    return false;
                case "toString":
                    return "ClosedQueueOut";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new ClosedIllegalStateException("the queue is closed");
            }
        });

    private ClosedQueueOut()
    {
    }
}
