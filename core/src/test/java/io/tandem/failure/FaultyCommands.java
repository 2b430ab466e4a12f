package io.tandem.failure;

/** Commands of {@link FaultyProcess}. */
public interface FaultyCommands
{
    /** A call: returns {@code seq}, so a caller can see its own answer came back. */
    long next(long seq);

    /** Records {@code seq} and replies with a message carrying it. */
    void record(long seq);

    /** @return every sequence number {@link #record} saw, in order. */
    long[] recorded();

    /** A call that sleeps, then returns {@code millis}. */
    long sleepThenReturn(long millis);

    /** Two threads of the backend take two locks in opposite orders and wait for each other forever. */
    long deadlock();

    /** Spins, deaf to interrupts, until {@link FaultyProcess#releaseSpinners()} (in-JVM backends only); returns 0. */
    long spinUntilReleased();

    /** Echoes its text back as a reply. */
    void echo(String text);

    /** A call: how deep {@code nested} (lists in lists) goes. */
    int depth(java.util.List<?> nested);

    /** A command: replies with how deep {@code nested} goes. */
    void sendDepth(java.util.List<?> nested);
}
