/**
 * Plumbing under the ring buffer, not API: bulk native copies. (Mapping, space and liveness are the shared-file
 * layer's, {@code io.tandem.internal.sharedfile}.) For the ring buffer and Tandem's core only; anything here may
 * change without notice.
 */
package io.tandem.ringbuffer.internal;
