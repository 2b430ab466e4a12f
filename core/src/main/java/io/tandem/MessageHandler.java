package io.tandem;

/**
 * Receives {@link MessageObject} replies in {@link MessageProcess#tryReceive(Object)}: implement it on a handler
 * (beside any typed reply interfaces) to get the messages a backend sent with {@code sendOut}, and typed
 * replies the handler has no interface for, decoded generically ({@code arg0}, {@code arg1}, ...).
 *
 * <pre>{@code
 * p.tryReceive(msg -> System.out.println("main: got " + msg.name()));
 * }</pre>
 */
@FunctionalInterface
public interface MessageHandler
{
    void onMessage(MessageObject message);
}
