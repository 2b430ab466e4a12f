/**
 * Across hosts, over Aeron: the {@code tandem node} agent that runs backends for remote frontends, remote
 * processes ({@code ProcessOptions.remote("host:port")}) and remote ring consumers.
 * <p>
 * <b>What the cluster secret protects, and what it does not.</b> Only the control streams are signed (HmacSHA256
 * under the 0600 secret file the hosts share): a node starts a backend only for a spawn request signed with the
 * secret, fresh (timestamp within 30 s, nonce never seen), meant for that node (its numeric address is signed in),
 * from a frontend with the same classes (class path hash), whose JVM arguments pass the node's allow-list
 * ({@link io.tandem.remote.TandemNode.Builder#allowJvmArgs}); heartbeats and stops are signed and a replayed
 * heartbeat (not newer than the last) is ignored, and a frontend takes only the first answer echoing its request's
 * nonce. A message without the secret gets next to nothing: one rate-limited log line, no name resolution, at most
 * one REFUSED a second node-wide. Anyone holding the secret can start backends (with the node's classes and allowed
 * JVM arguments) on every node.
 * <p>
 * The data streams are NOT authenticated or encrypted: commands, replies and ring frames travel in clear UDP,
 * bound only to Aeron session ids that a sender on the path can see and spoof, and a ring receiver bound to a
 * wildcard address takes frames from whoever sends to its port. Run nodes and frontends on a network you trust
 * (loopback, a private segment, a VPN or an encrypted tunnel such as WireGuard or IPsec), keep node endpoints bound
 * to that network's addresses (the default is loopback), and firewall their ports from anywhere else.
 */
package io.tandem.remote;
