/**
 * The runtime files on tmpfs: the root and a directory per session ({@link io.tandem.internal.runtime.RuntimeRoot},
 * {@link io.tandem.internal.runtime.Session}), names and modes, the process table every process has a slot in ({@link
 * io.tandem.internal.runtime.ProcessTable}, layout in {@link io.tandem.internal.runtime.ProcessTableDescriptor}), the registry,
 * the sweep of dead sessions, and the one way file space is reserved ({@link io.tandem.internal.runtime.FileSpace}).
 */
package io.tandem.internal.runtime;
