/**
 * The queues between a frontend and its backend, and what travels on them. Each process has a command queue and
 * a reply queue (Chronicle Queues on tmpfs, see {@link io.tandem.channel.Queues}); everything written to one goes
 * through its {@link io.tandem.channel.QueueSender}: the message size limit, the bounded backlog
 * ({@link io.tandem.channel.Backlog}, counted off by the reader's {@link io.tandem.channel.MeteredIn}), the
 * pages backed before they are touched ({@link io.tandem.channel.QueueSpace}), then the message itself, encoded
 * in place ({@link io.tandem.channel.SendDocument}).
 *
 * <p>Typed traffic is Chronicle method writers and readers that start reflective and are generated in the
 * background ({@link io.tandem.channel.TieredWriter}, {@link io.tandem.channel.TieredReader},
 * {@link io.tandem.channel.Codegen}); the objects users call are stubs written in bytecode
 * ({@link io.tandem.channel.WriterStubs}), not proxies. Tandem's own events (a call's id, a message by name, a
 * result, an error) are {@link io.tandem.channel.BackendControl} and {@link io.tandem.channel.FrontendEvents},
 * written by {@link io.tandem.channel.ProtocolWriter}.
 */
package io.tandem.channel;
