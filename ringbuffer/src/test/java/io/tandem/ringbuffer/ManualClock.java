package io.tandem.ringbuffer;

import io.tandem.idle.NanoClock;

import java.time.Duration;

/** A clock that moves only when told to: timeouts are tested by advancing it, not by sleeping. */
final class ManualClock implements NanoClock
{
    private volatile long now = 1_000_000_000L;

    @Override
    public long nanoTime()
    {
        return now;
    }

    void advance(final Duration duration)
    {
        now += duration.toNanos();
    }
}
