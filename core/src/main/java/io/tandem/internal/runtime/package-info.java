/**
 * The runtime files on tmpfs: the root and a directory per session ({@link io.tandem.internal.runtime.RuntimeRoot},
 * {@link io.tandem.internal.runtime.Session}), names and modes, the process table every process has a slot in ({@link
 * io.tandem.internal.runtime.ProcessTable}, layout in {@link io.tandem.internal.runtime.ProcessTableDescriptor}), the registry,
 * a process's directory and queues ({@link io.tandem.internal.runtime.ProcessDirectoryDescriptor}), the sweep of
 * dead sessions, and queue file space in the session's words ({@link io.tandem.internal.runtime.FileSpace}, over
 * the shared-file layer's one reservation, {@code io.tandem.internal.sharedfile.SpaceReservation}).
 *
 * <p>Internal, not API: it may change in any release. May depend on {@code io.tandem.failure}, the ring buffer
 * module and other {@code io.tandem.internal} packages, never on {@code io.tandem} or what stands on it.
 */
package io.tandem.internal.runtime;
