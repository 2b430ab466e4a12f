package io.tandem.failure;

import java.time.Duration;

/** A wait for a backend's reply (or stop, or readiness) ran past its timeout; the backend is still alive. */
public final class ReplyTimeoutException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final transient Duration timeout;

    public ReplyTimeoutException(final String processName, final Duration timeout, final String waitingFor)
    {
        super("timed out after " + timeout.toMillis() + " ms " + waitingFor + " from process '" + processName + "'");
        this.processName = processName;
        this.timeout = timeout;
    }

    public String processName()
    {
        return processName;
    }

    public Duration timeout()
    {
        return timeout;
    }
}
