package io.tandem.remote;

/** What the remote ring tests' process does with the ring it holds. */
public interface RingCommands
{
    /** @return true once its consumer of the ring is registered (made in preRun). */
    boolean ready();

    /**
     * Reads numbered frames until frame {@code last} arrives or {@code timeoutMs} passes, sleeping {@code delayMicros}
     * after each frame.
     *
     * @return {received, corrupt, out of order or repeated, first number, last number, the consumer's dropped count}.
     */
    long[] consume(long last, long timeoutMs, long delayMicros);

    /** @return what taking the ring's producer role gave: "producer" or the exception's message. */
    String tryProduce();
}
