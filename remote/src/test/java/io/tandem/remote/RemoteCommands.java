package io.tandem.remote;

/** What the remote tests' process does. */
public interface RemoteCommands
{
    /** Records {@code seq}. */
    void record(long seq);

    /** @return what {@link #record} recorded, in order. */
    long[] recorded();

    /** @return what {@link #record} recorded from index {@code from} (inclusive) to {@code to} (exclusive, capped). */
    long[] recordedSlice(int from, int to);

    /** @return how many {@link #record} recorded. */
    int recordedCount();

    /** @return a + b, computed in the backend. */
    int add(int a, int b);

    /** Throws an IllegalStateException with {@code why}. */
    int fail(String why);

    /** Sends a reply "emitted" with {@code seq}. */
    void emit(long seq);

    /** Blocks the backend until the file {@code release} exists (at most 60 s), creating {@code held} first. */
    void hold(String held, String release);

    /**
     * Sends {@code count} replies "emitted" with seq 0.. and a {@code bytes}-long "pad", then exits the backend JVM
     * with {@code code} (Runtime.halt: no postRun, the replies already written stay in the queue).
     */
    void emitThenExit(int count, int bytes, int code);

    /** @return the backend JVM's pid. */
    long backendPid();

    /** @return the backend's system property {@code key}. */
    String property(String key);
}
