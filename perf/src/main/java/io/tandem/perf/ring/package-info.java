/**
 * The ring buffer beside Agrona's OneToOneRingBuffer (read limits 1 and 256) and a cached memcpy, all in one
 * harness taking turns; its round trip beside raw shared memory; the fan-out.
 */
package io.tandem.perf.ring;
