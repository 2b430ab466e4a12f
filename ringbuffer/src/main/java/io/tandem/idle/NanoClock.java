package io.tandem.idle;

/**
 * A monotonic nanosecond clock, injected wherever Tandem measures timeouts or writes heartbeats, so that
 * tests can move time forward instead of sleeping.
 *
 * <p>{@link #SYSTEM} is {@link System#nanoTime()}: on Linux that is {@code CLOCK_MONOTONIC}, one clock for
 * the whole machine, so heartbeats written by one process can be aged by another. Any other clock is for
 * single-process tests only. Compare instants as {@code later - earlier}, never with {@code <}, so that a
 * wrap of the counter does no harm.
 *
 * <pre>{@code
 * NanoClock clock = NanoClock.SYSTEM;
 * long deadline = clock.nanoTime() + timeoutNs;
 * while (clock.nanoTime() - deadline < 0) { ... }
 * }</pre>
 */
@FunctionalInterface
public interface NanoClock
{
    /** {@link System#nanoTime()}: comparable across the processes of one Linux machine. */
    NanoClock SYSTEM = System::nanoTime;

    /** @return the current instant, ns, from an arbitrary origin. */
    long nanoTime();
}
