package io.tandem.perf.wake;

/** Commands of the wake-up benchmark's backend. */
public interface Wake
{
    /** Answered by {@link Woken#pong}. */
    void ping(long value);

    /** Sets event {@code index} of the backend's event group (a SyncIndex's). */
    void set(int index);

    /** A call with a result. */
    long square(long value);
}
