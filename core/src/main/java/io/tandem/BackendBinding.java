package io.tandem;

import io.tandem.idle.Doorbell;
import io.tandem.idle.WaitMode;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a {@link ProcessResource} learns about the backend of the process it was shipped with: whether it
 * still runs (so a wait on the resource fails at once when it does not), how the frontend waits, and for
 * how long by default.
 */
public final class BackendBinding
{
    private final String processName;
    private final BooleanSupplier alive;
    private final Supplier<OptionalInt> exitCode;
    private final WaitMode waitMode;
    private final Duration timeout;
    private final Doorbell deathBell;

    /**
     * @param deathBell rung when the frontend learns the backend exited (the process's reply bell): a wait on the
     *                  resource sleeps on it too, so a death wakes it at once.
     */
    BackendBinding(final String processName, final BooleanSupplier alive, final Supplier<OptionalInt> exitCode,
        final WaitMode waitMode, final Duration timeout, final Doorbell deathBell)
    {
        this.processName = processName;
        this.alive = alive;
        this.exitCode = exitCode;
        this.waitMode = waitMode;
        this.timeout = timeout;
        this.deathBell = deathBell;
    }

    public String processName()
    {
        return processName;
    }

    /** @return true while the backend runs; cheap enough to ask on every spin. */
    public boolean isAlive()
    {
        return alive.getAsBoolean();
    }

    /** @return the backend's exit code once it exited. */
    public OptionalInt exitCode()
    {
        return exitCode.get();
    }

    /** @return how the frontend waits (the process's frontend wait mode). */
    public WaitMode waitMode()
    {
        return waitMode;
    }

    /** @return the doorbell rung when the backend's death is known (among other times: waiters re-check). */
    public Doorbell deathBell()
    {
        return deathBell;
    }

    /** @return the process's default reply timeout. */
    public Duration timeout()
    {
        return timeout;
    }
}
