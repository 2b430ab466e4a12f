package io.tandem.perf.remote;

import io.tandem.perf.rtt.RoundTrip;

/**
 * Opens the round trip {@code ./tandem perf remote} judges against Aeron's ping-pong: the Tandem one is a call
 * {@code int echo(int)} on a process started with {@code ProcessOptions.remote("127.0.0.1:<port>")} through a
 * {@code TandemNode} in a peer JVM, this JVM being the frontend. Given to {@link RemoteBenchmark#withTandem}.
 *
 * <pre>{@code
 * RemoteCallWorkload tandem = tag -> { ...start a node peer, a remote process, return RoundTrip... };
 * }</pre>
 */
@FunctionalInterface
public interface RemoteCallWorkload
{
    /**
     * @param tag names this opening (round, purpose) in file and process names, so that no two collide.
     * @return a round trip set up (peers started, connected, answering), torn down by its {@code close}.
     */
    RoundTrip open(String tag) throws Exception;
}
