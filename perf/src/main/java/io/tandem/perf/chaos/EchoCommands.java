package io.tandem.perf.chaos;

/** The commands of {@link EchoWorker}: each carries the end-to-end sequence number of its stream. */
public interface EchoCommands
{
    /** Replies {@code echo(seq)}. */
    void echo(long seq);

    /** A call: returns {@code seq}. */
    long square(long seq);

    /** Writes {@code seq} into the worker's shared array at {@code slot}, then sets the event {@code syncIndex}. */
    void signal(long seq, int slot, int syncIndex);

    /** Replies {@code holding}, then stays in the command for {@code millis}: a backend busy mid-command. */
    void hold(long millis);

    /** A call that replies {@code holding}, then stays for {@code millis} before it returns 0. */
    long holdCall(long millis);

    /** Replies {@code holding}, stays for {@code millis}, then sets {@code syncIndex}: a SyncIndex wait in progress. */
    void holdSync(long millis, int syncIndex);

    /** A call returning the size of {@code payload}: the target of malformed and oversized messages. */
    int size(byte[] payload);

    /** Records {@code seq} as taken (the payload only takes room in the queue). */
    void take(long seq, byte[] payload);

    /** A call: {@code "<taken> <taken twice>"} so far. */
    String taken();

    /** A call: the garbage collections the worker's JVM has run (the soak's warm-up ends after each JVM's first). */
    long collections();
}
