package io.tandem.perf.remote;

/**
 * Opens the stream {@code ./tandem perf remote} judges against bare Aeron throughput: the Tandem one is a
 * {@code RingSender} in one JVM and a {@code RingReceiver} with its consumer in another, the consumer checking the
 * first long of each message as a sequence number (see {@link RemoteStream}). Given to
 * {@link RemoteBenchmark#withTandem}.
 *
 * <pre>{@code
 * RemoteRingWorkload tandem = (size, tag) -> { ...start sender and receiver peers, return RemoteStream... };
 * }</pre>
 */
@FunctionalInterface
public interface RemoteRingWorkload
{
    /**
     * @param messageSize bytes of each message: 64 or 1 MiB.
     * @param tag         names this opening in file and process names, so that no two collide.
     * @return a stream set up (both peers started and connected), torn down by its {@code close}.
     */
    RemoteStream open(int messageSize, String tag) throws Exception;
}
