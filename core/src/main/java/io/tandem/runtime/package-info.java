/**
 * The runtime files on tmpfs: the root and a directory per session ({@link io.tandem.runtime.RuntimeRoot},
 * {@link io.tandem.runtime.Session}), names and modes, the process table every process has a slot in ({@link
 * io.tandem.runtime.ProcessTable}, layout in {@link io.tandem.runtime.ProcessTableDescriptor}), the registry,
 * the sweep of dead sessions, and queue file space in the session's words ({@link io.tandem.runtime.FileSpace},
 * over the shared-file layer's one reservation, {@code io.tandem.internal.sharedfile.SpaceReservation}).
 */
package io.tandem.runtime;
