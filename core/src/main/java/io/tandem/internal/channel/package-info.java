/**
 * The queues between a frontend and its backend, and what travels on them. Each process has a command queue and
 * a reply queue (Chronicle Queues on tmpfs, see {@link io.tandem.internal.channel.Queues}); everything written to one goes
 * through its {@link io.tandem.internal.channel.QueueSender}: the message size limit, the bounded backlog
 * ({@link io.tandem.internal.channel.Backlog}, counted off by the reader's {@link io.tandem.internal.channel.MeteredIn}), the
 * pages backed before they are touched ({@link io.tandem.internal.channel.QueueSpace}), then the message itself, encoded
 * in place ({@link io.tandem.internal.channel.SendDocument}).
 *
 * <p>Typed traffic is Chronicle method writers and readers that start reflective and are generated in the
 * background ({@link io.tandem.internal.channel.TieredWriter}, {@link io.tandem.internal.channel.TieredReader},
 * {@link io.tandem.internal.channel.Codegen}); the objects users call are stubs written in bytecode
 * ({@link io.tandem.internal.channel.WriterStubs}), not proxies. Tandem's own events (a call's id, a message by name, a
 * result, an error) are {@link io.tandem.internal.channel.BackendControl} and {@link io.tandem.internal.channel.FrontendEvents},
 * written by {@link io.tandem.internal.channel.ProtocolWriter}.
 *
 * <p>Internal, not API: it may change in any release. May depend on {@code io.tandem.failure}, the ring buffer
 * module and other {@code io.tandem.internal} packages, never on {@code io.tandem} or what stands on it.
 */
package io.tandem.internal.channel;
