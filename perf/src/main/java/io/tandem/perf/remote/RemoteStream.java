package io.tandem.perf.remote;

/**
 * Messages of one size streamed from a sending JVM to a receiving JVM, window by window: what {@code ./tandem perf
 * remote} times for bare Aeron ({@link AeronStream}) and for a remote ring (a {@code RingSender} in one JVM, a
 * {@code RingReceiver} and its consumer in the other). Both peers are started and connected when it is opened, and
 * gone (processes ended, files removed) when it is closed.
 *
 * <pre>{@code
 * try (RemoteStream stream = workload.open(64, "round1"))
 * {
 *     stream.window(100_000);                  // warm-up
 *     double msgPerSecond = stream.window(1_000_000);
 * }
 * }</pre>
 */
public interface RemoteStream extends AutoCloseable
{
    /**
     * Sends {@code messages} more messages and waits until the receiver has had them all.
     *
     * @param messages how many, at least 2.
     * @return the receiver's rate, messages a second from its first message of the window to its last.
     * @throws IllegalStateException if the receiver saw a message missing, repeated, out of order or of the wrong size.
     */
    double window(long messages) throws Exception;

    @Override
    void close() throws Exception;
}
