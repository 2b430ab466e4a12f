/**
 * The shared-memory file layer under every Tandem file that processes map together: the process table, event
 * groups, shared arrays and ring buffers. Not API: anything here may change without notice.
 *
 * <p>What lives here:
 * <ul>
 *   <li>{@link io.tandem.internal.sharedfile.SharedFileDescriptor}: the 64-byte header every such file starts
 *       with (magic, layout version, file length, creator pid and start time, and a ready word written last);</li>
 *   <li>{@link io.tandem.internal.sharedfile.SharedFile}: {@code createAtomically} (built under a temporary name,
 *       space reserved, body initialised, header written, then linked into place) and {@code attach} (bounded
 *       wait for the ready word; clear errors for a wrong magic, a wrong version, a truncated file);</li>
 *   <li>{@link io.tandem.internal.sharedfile.MappedRegion}: the one way such a file is mapped;</li>
 *   <li>{@link io.tandem.internal.sharedfile.SpaceReservation}: the one way space is reserved (fallocate, or zeros);</li>
 *   <li>{@link io.tandem.internal.sharedfile.ProcessLiveness}: the one creator-liveness check (zombies and reused
 *       pids count as dead).</li>
 * </ul>
 *
 * <p>Who may use it: the ring buffer ({@code io.tandem.ringbuffer}) and Tandem's core (its process table, event
 * groups, shared arrays, session sweeping and queue space). Applications must not: use the public types of those
 * packages instead. Each file kind's descriptor states only its body, at offsets from
 * {@link io.tandem.internal.sharedfile.SharedFileDescriptor#BODY_OFFSET} on, named {@code *_OFFSET}.
 */
package io.tandem.internal.sharedfile;
