/**
 * Synchronising a frontend with its backend through shared memory: {@link io.tandem.sync.EventGroup}
 * (sequence counters, one per event, laid out by {@link io.tandem.sync.EventGroupDescriptor}) and
 * {@link io.tandem.sync.SyncIndex} (reserve an event, send its index with a command, wait until the
 * backend sets it). Waits have timeouts and fail at once when the backend dies.
 */
package io.tandem.sync;
