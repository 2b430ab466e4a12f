package io.tandem.sync;

import io.tandem.BackendBinding;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.ReplyTimeoutException;

import java.time.Duration;

/**
 * Reserves an event of a group for one round trip: send {@link #index()} with a command, and
 * {@link #close()} waits until the backend has {@link EventGroup#set set} it. The tutorial's
 * {@code with SyncIndex(self.eg) as i:}, with a timeout, and failing at once (naming the process) if the
 * backend dies instead of hanging.
 *
 * <pre>{@code
 * try (SyncIndex i = new SyncIndex(eg)) {
 *     sendMessageToBack(new MessageObject("ping", "parameter", parameter, "syncIndex", i.index()));
 * }   // returns once the backend called eg.set(syncIndex)
 * }</pre>
 *
 * Not shared between threads; each waiting thread takes its own (a group serves as many at once as it
 * has events).
 */
public final class SyncIndex implements AutoCloseable
{
    /** Wait used when the group is not bound to a process. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final EventGroup group;
    private final int slot;
    private final long seen;
    private final Duration timeout;
    private boolean closed;

    /** Reserves an event; {@link #close()} waits up to the bound process's reply timeout (30 s unbound). */
    public SyncIndex(final EventGroup group)
    {
        this(group, null);
    }

    /**
     * Reserves an event; {@link #close()} waits up to {@code timeout}.
     *
     * @throws IllegalStateException if every event of the group is reserved.
     */
    public SyncIndex(final EventGroup group, final Duration timeout)
    {
        this.group = group;
        this.slot = group.reserve();
        this.seen = group.sequence(slot);
        final BackendBinding bound = group.backend();
        this.timeout = timeout != null ? timeout : bound != null ? bound.timeout() : DEFAULT_TIMEOUT;
    }

    /** @return the index to send to the backend, for {@link EventGroup#set(int)}. */
    public int index()
    {
        return group.token(slot);
    }

    /**
     * Waits for the backend to set the event, then gives it back.
     *
     * @throws BackendDiedException if the backend exits first.
     * @throws ReplyTimeoutException if the timeout passes first.
     * @throws IllegalStateException if closed twice.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            throw new IllegalStateException("SyncIndex " + index() + " of group '" + group.name() + "' was already closed");
        }
        closed = true;
        try
        {
            group.await(slot, seen, timeout);
        }
        finally
        {
            group.release(slot);
        }
    }

    @Override
    public String toString()
    {
        return "SyncIndex{" + group.name() + "[" + slot + "]}";
    }
}
