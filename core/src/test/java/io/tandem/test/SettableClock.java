package io.tandem.test;

import net.openhft.chronicle.core.time.TimeProvider;

/** A clock a test sets by hand, to take a queue across its roll cycles when the test says so. Any thread. */
public final class SettableClock implements TimeProvider
{
    private volatile long millis;

    public SettableClock(final long millis)
    {
        this.millis = millis;
    }

    /** Sets the time every later read returns, ms since the epoch. */
    public void set(final long millis)
    {
        this.millis = millis;
    }

    @Override
    public long currentTimeMillis()
    {
        return millis;
    }
}
