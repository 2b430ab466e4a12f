/**
 * Across hosts, over Aeron: the {@code tandem node} agent that runs backends for remote frontends, remote
 * processes ({@code ProcessOptions.remote("host:port")}) and remote ring consumers.
 */
package io.tandem.remote;
