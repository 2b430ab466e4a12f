/**
 * The plumbing of remote processes and the node: the wire ({@link io.tandem.remote.internal.RemoteDescriptor}), its
 * signing ({@link io.tandem.remote.internal.Signer}: control messages only; command, reply and ring data streams are
 * unauthenticated, see {@link io.tandem.remote}), the class path hash, the JVM's one media driver
 * ({@link io.tandem.remote.internal.AeronRuntime#acquire}, shared by an embedded node, remote processes and remote
 * rings), the frontend's bridge ({@code RemoteBackend}) and the node's ({@code NodeProcess}), and what the node checks
 * before it acts on a request ({@code NodeConductor}, {@code JvmArgPolicy}, {@code Endpoints}: numeric endpoints only,
 * {@code LogText}: wire text escaped for the log). Not API.
 *
 * <p>Who ends a node's backend:
 * <ul>
 *   <li>the frontend: a STOP (SIGTERM there) or, once it gave the process up (killed it, declared its node lost, or
 *       its start failed), a STOP(forcibly) re-sent with each heartbeat while its link lives; and each heartbeat lists
 *       the processes the frontend holds: the node stops any other of that frontend's;</li>
 *   <li>the node, when the frontend has been silent for the smaller of the node's liveness timeout and the one the
 *       frontend sent with the spawn request (SIGTERM, the stop grace, SIGKILL);</li>
 *   <li>the node closing: SIGTERM, the stop grace, SIGKILL, and each bridge's last replies and END.</li>
 * </ul>
 * An exited backend's replies are forwarded with no deadline while its frontend holds the process, and its reply
 * stream stays open after END until the frontend no longer lists the process (it has read END) or has closed its
 * side; a frontend whose reply stream ends without END ends the process ({@code NODE_LOST}).
 */
package io.tandem.remote.internal;
