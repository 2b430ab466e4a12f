package io.tandem;

import io.tandem.failure.CommandFailedException;

/**
 * Receives error replies in {@link MessageProcess#tryReceive(Object)}: implement it on a handler to take failed
 * commands in stride. A handler without it makes {@code tryReceive} throw the {@link CommandFailedException}
 * (after consuming the reply, so nothing is read twice).
 */
@FunctionalInterface
public interface ErrorHandler
{
    void onError(CommandFailedException error);
}
