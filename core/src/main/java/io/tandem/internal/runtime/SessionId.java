package io.tandem.internal.runtime;

import io.tandem.internal.sharedfile.ProcessLiveness;

import java.time.Instant;
import java.util.Optional;

/**
 * Who owns a session: the pid and start time of the frontend JVM, which is also the session directory's
 * name ({@code <pid>-<startMillis>}). The start time tells a live owner from a reused pid.
 */
public final class SessionId
{
    private final long pid;
    private final long startMillis;

    public SessionId(final long pid, final long startMillis)
    {
        this.pid = pid;
        this.startMillis = startMillis;
    }

    /** @return the id of this JVM. */
    public static SessionId current()
    {
        final ProcessHandle self = ProcessHandle.current();
        return new SessionId(self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    /** @return the id a session directory name stands for, empty if it is not one. */
    public static Optional<SessionId> parse(final String directoryName)
    {
        final int dash = directoryName.indexOf('-');
        if (dash <= 0 || dash == directoryName.length() - 1)
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(new SessionId(Long.parseLong(directoryName.substring(0, dash)),
                Long.parseLong(directoryName.substring(dash + 1))));
        }
        catch (final NumberFormatException ex)
        {
            return Optional.empty();
        }
    }

    public long pid()
    {
        return pid;
    }

    public long startMillis()
    {
        return startMillis;
    }

    /**
     * @return true while the owning JVM runs: its pid exists, is not a zombie, and was started when the session
     * says. Unknown start times count as alive (sweeping a live session would be far worse than keeping a dead one).
     * The one liveness check of every shared file ({@link ProcessLiveness}): the JDK counts a zombie (an owner that
     * exited but was never reaped by its parent) as alive, which kept such a session from ever being swept.
     */
    public boolean isOwnerAlive()
    {
        return ProcessLiveness.isAlive(pid, startMillis);
    }

    /** @return the directory name, {@code <pid>-<startMillis>}. */
    public String directoryName()
    {
        return pid + "-" + startMillis;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof SessionId && ((SessionId)o).pid == pid && ((SessionId)o).startMillis == startMillis;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(pid) * 31 + Long.hashCode(startMillis);
    }

    @Override
    public String toString()
    {
        return directoryName();
    }
}
