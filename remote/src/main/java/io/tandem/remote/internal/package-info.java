/**
 * The plumbing of remote processes and the node: the wire ({@link io.tandem.remote.internal.RemoteDescriptor}), its
 * signing, the class path hash, the embedded media driver ({@link io.tandem.remote.internal.AeronRuntime}), the
 * frontend's bridge ({@code RemoteBackend}) and the node's ({@code NodeProcess}). Not API.
 */
package io.tandem.remote.internal;
