/**
 * The plumbing of remote processes and the node: the wire ({@link io.tandem.remote.internal.RemoteDescriptor}), its
 * signing ({@link io.tandem.remote.internal.Signer}: control messages only; command, reply and ring data streams are
 * unauthenticated, see {@link io.tandem.remote}), the class path hash, the embedded media driver
 * ({@link io.tandem.remote.internal.AeronRuntime}), the frontend's bridge ({@code RemoteBackend}) and the node's
 * ({@code NodeProcess}), and what the node checks before it acts on a request ({@code NodeConductor},
 * {@code JvmArgPolicy}, {@code Endpoints}: numeric endpoints only, {@code LogText}: wire text escaped for the log).
 * Not API.
 */
package io.tandem.remote.internal;
