package io.tandem.remote.ring;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the two halves of a ring bridge ({@link RingSender}, {@link RingReceiver}) both need beyond their thread
 * ({@link OwnThread}): their statistics counters, written by one thread and read by any, and the channel of an
 * endpoint, so that the two cannot drift apart on either.
 */
final class Bridges
{
    private Bridges()
    {
    }

    /**
     * Adds one to a counter that only the bridge's polling thread writes: {@code lazySet} (a release store) is
     * enough for a single writer whose value other threads only look at, and costs no fence on the hot path.
     */
    static void increment(final AtomicLong counter)
    {
        add(counter, 1);
    }

    /** Adds {@code delta} to a single-writer counter (see {@link #increment}). */
    static void add(final AtomicLong counter, final long delta)
    {
        counter.lazySet(counter.get() + delta);
    }

    /** @return the unicast UDP channel of {@code endpoint} ({@code host:port}): {@code aeron:udp?endpoint=host:port}. */
    static String udpChannel(final String endpoint)
    {
        return "aeron:udp?endpoint=" + endpoint;
    }

    /** @return the {@code endpoint} of an Aeron channel URI, or null if it names none. */
    static String endpointOf(final String channel)
    {
        return ChannelUri.parse(channel).get(CommonContext.ENDPOINT_PARAM_NAME);
    }
}
