/**
 * Plumbing under the ring buffer, not API: the file mapping, process liveness checks, bulk native copies.
 * Anything here may change without notice.
 */
package io.tandem.ringbuffer.internal;
