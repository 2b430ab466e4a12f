/**
 * Command, SyncIndex and call round trips in one backend pair, in rotating blocks.
 */
package io.tandem.perf.sync;
