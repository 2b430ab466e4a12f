package io.tandem.ringbuffer;

import java.util.Locale;

/**
 * One consumer's entry in a ring's consumer table, read at one instant ({@link RingBuffer#consumers()}); any
 * process may read it, e.g. a monitoring tool.
 */
public final class ConsumerStats
{
    private final int index;
    private final String name;
    private final long pid;
    private final boolean registered;
    private final long position;
    private final long consumed;
    private final long dropped;
    private final long lag;
    private final long heartbeatAgeNs;
    private final boolean processAlive;

    ConsumerStats(
        final int index,
        final String name,
        final long pid,
        final boolean registered,
        final long position,
        final long consumed,
        final long dropped,
        final long lag,
        final long heartbeatAgeNs,
        final boolean processAlive)
    {
        this.index = index;
        this.name = name;
        this.pid = pid;
        this.registered = registered;
        this.position = position;
        this.consumed = consumed;
        this.dropped = dropped;
        this.lag = lag;
        this.heartbeatAgeNs = heartbeatAgeNs;
        this.processAlive = processAlive;
    }

    /** @return the entry's index in the consumer table. */
    public int index()
    {
        return index;
    }

    /** @return the name the consumer registered with. */
    public String name()
    {
        return name;
    }

    /** @return the consumer's process id. */
    public long pid()
    {
        return pid;
    }

    /** @return true once registration finished (the entry gates the producer in BLOCK mode). */
    public boolean registered()
    {
        return registered;
    }

    /** @return the sequence of the next frame the consumer will read. */
    public long position()
    {
        return position;
    }

    /** @return frames delivered to it. */
    public long consumed()
    {
        return consumed;
    }

    /** @return frames it lost (lapped, or overwritten while read). */
    public long dropped()
    {
        return dropped;
    }

    /** @return frames published that it has not read yet. */
    public long lag()
    {
        return lag;
    }

    /** @return ns since its last heartbeat (by this machine's monotonic clock). */
    public long heartbeatAgeNs()
    {
        return heartbeatAgeNs;
    }

    /** @return whether its process is running. */
    public boolean processAlive()
    {
        return processAlive;
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT,
            "%s[#%d pid %d%s%s: position %d, consumed %d, dropped %d, lag %d, heartbeat %.1f s ago]",
            name, index, pid, registered ? "" : " registering", processAlive ? "" : " (process gone)",
            position, consumed, dropped, lag, heartbeatAgeNs / 1e9);
    }
}
