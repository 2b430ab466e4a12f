/**
 * The command-line tool: {@code tandem ps | top | clean | dump} over the sessions on this machine ({@link
 * io.tandem.cli.TandemCli}).
 */
package io.tandem.cli;
