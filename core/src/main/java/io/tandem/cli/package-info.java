/**
 * The command-line tool: {@code tandem ps | top | clean | dump} over the sessions on this machine ({@link
 * io.tandem.cli.TandemCli}).
 *
 * <p>Reads the runtime files through {@code io.tandem.internal.*} (and the ring buffer module) only: no process is
 * started from here.
 */
package io.tandem.cli;
