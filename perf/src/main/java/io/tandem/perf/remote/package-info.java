/**
 * {@code ./tandem perf remote}: Tandem across hosts (over loopback UDP) beside bare Aeron between two JVMs, measured
 * in the same run and taking turns. {@link io.tandem.perf.remote.RemoteBenchmark} is the harness; Aeron's baselines
 * are {@link io.tandem.perf.remote.AeronPingPong} (round trip) and {@link io.tandem.perf.remote.AeronStream}
 * (throughput), their other JVM {@link io.tandem.perf.remote.AeronPeer}, each process's driver and client
 * {@link io.tandem.perf.remote.AeronMedia}. The Tandem side comes in through two small contracts,
 * {@link io.tandem.perf.remote.RemoteCallWorkload} (a {@code RoundTrip}) and
 * {@link io.tandem.perf.remote.RemoteRingWorkload} (a {@link io.tandem.perf.remote.RemoteStream}), given to
 * {@link io.tandem.perf.remote.RemoteBenchmark#withTandem}; without them the baselines are measured and recorded alone.
 * Tandem's are {@link io.tandem.perf.remote.TandemRemoteCall} (a call {@link io.tandem.perf.remote.Echo#echo} on a
 * remote {@link io.tandem.perf.remote.EchoProcess}, through a node in a {@link io.tandem.perf.remote.NodePeer} JVM)
 * and {@link io.tandem.perf.remote.TandemRemoteRing} (a ring's {@code RingSender} here, a
 * {@link io.tandem.perf.remote.RingReceiverPeer} JVM receiving); {@code ./tandem perf remote} runs them.
 * {@link io.tandem.perf.remote.RemoteCallProbe} is a focused look at the call's latency and idle cost while tuning.
 */
package io.tandem.perf.remote;
