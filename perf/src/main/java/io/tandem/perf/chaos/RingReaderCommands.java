package io.tandem.perf.chaos;

/** The calls of {@link RingReader}. */
public interface RingReaderCommands
{
    /**
     * @return per ring, {@code path=consumed,gaps,duplicates,torn,first,last,dropped;...}: what this reader saw of
     * the sequence numbers in the frames, and what its consumer counted as dropped (lapped, OVERWRITE).
     */
    String report();

    /** @return the garbage collections this reader's JVM has run. */
    long collections();
}
