package io.tandem.remote.internal;

import io.aeron.Aeron;

/**
 * A reference on this JVM's Aeron: the one remote processes use (an embedded media driver under the session directory,
 * made by the first reference, closed with the last, its files then gone). For other Aeron users of the JVM (remote
 * rings), so a frontend runs one driver, not one per feature.
 *
 * <pre>{@code
 * try (SharedAeron shared = SharedAeron.acquire())
 * {
 *     RingSender sender = RingSender.builder().aeron(shared.aeron())...;
 * }
 * }</pre>
 */
public final class SharedAeron implements AutoCloseable
{
    private final RemoteClient client;
    private boolean closed;

    private SharedAeron(final RemoteClient client)
    {
        this.client = client;
    }

    /** @return a reference on this JVM's Aeron, started if need be. */
    public static SharedAeron acquire()
    {
        return new SharedAeron(RemoteClient.acquire());
    }

    /** @return the client; valid until {@link #close()}. */
    public Aeron aeron()
    {
        return client.aeron();
    }

    /** Gives the reference back; the last one closes the driver. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            client.release();
        }
    }
}
