package io.tandem.examples.remote;

/** What the remote example's frontend asks its {@link RemoteFrameConsumer}. */
public interface ConsumerCommands
{
    /** @return {frames read intact, frames dropped, frames corrupt, the last frame's counter} since the start. */
    long[] totals();
}
