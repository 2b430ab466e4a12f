/**
 * How a process object reaches its backend: non-transient fields written with Chronicle Wire at
 * {@code start()}, read into an instance allocated without a constructor in the backend, as a fork would
 * copy it.
 */
package io.tandem.state;
