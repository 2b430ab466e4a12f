/**
 * Remote ring consumers: a Tandem ring published to consumers on other hosts, over Aeron, by a pair of bridges.
 *
 * <pre>{@code
 * // source host: the ring's producer is local; the sender is one more consumer of it
 * RingSender sender = RingSender.builder(aeron, ring).endpoint("10.0.0.7:40500").build().start();
 *
 * // destination host: a mirror ring (slots at least as large as the source's) that local consumers read
 * RingBuffer mirror = RingBuffer.create(path).slotCount(16).slotSize(1 << 20).policy(RingPolicy.BLOCK).build();
 * RingReceiver receiver = RingReceiver.builder(aeron, mirror).endpoint("10.0.0.7:40500").build().start();
 * }</pre>
 *
 * <h2>Trust</h2>
 * Ring frames are not signed nor encrypted: a receiver takes any Aeron publication that sends to its endpoint and
 * stream (bound to {@code 0.0.0.0}, from any host that reaches it), and anyone on the path can read or spoof frames.
 * Only the node's control streams carry the cluster secret ({@link io.tandem.remote}). Bind receivers to a trusted
 * network's address and firewall their ports, or run over an encrypted tunnel.
 *
 * <h2>What crosses</h2>
 * Each frame is a record: a 32-byte header ({@link io.tandem.remote.ring.RemoteFrameDescriptor}: source sequence,
 * timestamp, tag, payload length, flags, version) and the payload, on a unicast UDP publication per remote consumer
 * (or one multicast publication per group of them, below). A frame larger than a datagram's payload is a message of
 * its own: the sender offers the header and the mapped slot as two buffers, so Aeron copies the payload from the slot
 * into its term (the sender copies nothing), and the receiver copies each fragment from Aeron's term into the mirror
 * slot it claimed (one copy, no reassembly buffer). Smaller frames go in batches: the sender copies as many as the
 * ring holds at the time, up to one datagram's payload, into one message, releasing each slot as it copies it; the
 * receiver publishes the records one mirror slot each. Either way a frame is published with the original tag and
 * timestamp. The mirror ring numbers frames its own way; the source sequence travels in the header and is used to
 * count gaps. The term length is chosen so a full slot and the header are at most an eighth of it (Aeron's rule);
 * slots above 16 MiB - 32 bytes cannot cross and the sender's builder says so.
 *
 * <h2>BLOCK, remotely</h2>
 * Lossless end to end while both sides live. The receiver claims a mirror slot before it takes a message's first
 * fragment; when the mirror ring is full (a slow local consumer) it leaves the fragment in Aeron's term and stops
 * polling, so the receiver's window stops moving and Aeron's flow control back-pressures the sender. A batch the full
 * mirror stops part-way is left in the term too; the receiver remembers its image, position and the records it
 * published, resumes after them when the message comes again (none published twice), and takes no other sender's
 * message meanwhile. The sender does not release a large frame Aeron refused (back-pressured or not connected), and
 * reads nothing more while a batch waits: its consumer entry holds the source ring's producer, which waits (its own
 * timeout applies) as it would for a slow local consumer. A frame Aeron took but whose receiver host then died is
 * lost with that host.
 *
 * <h2>OVERWRITE, remotely</h2>
 * The source producer is never held. The sender forwards frames as Aeron accepts them; when Aeron is back-pressured
 * (or not connected) and newer frames are waiting, it skips to the newest and counts what it skipped
 * ({@link io.tandem.remote.ring.RingSender#framesDropped()}); frames the source producer lapped before the sender read
 * them count too. The stamp of the slot is re-checked after Aeron copied each fragment (Aeron's reserved-value hook
 * runs before the fragment is committed), and a large frame overwritten during the copy goes out marked torn: the
 * receiver aborts its claim and counts it ({@link io.tandem.remote.ring.RingReceiver#framesTorn()}); a small frame's
 * stamp is checked before and after the sender's own copy into a batch, and one overwritten meanwhile is left out (a
 * gap at the receiver); a frame found lapped before it is read is not sent at all. A batch Aeron refuses while newer
 * frames wait is dropped whole, as a held frame is. The receiver counts the gaps in the source sequence
 * ({@link io.tandem.remote.ring.RingReceiver#framesMissing()}). The mirror ring is normally OVERWRITE too (a slow
 * local consumer is lapped there and counts its drops); an OVERWRITE source into a BLOCK mirror is allowed: a slow
 * mirror consumer then back-pressures the sender, which skips.
 *
 * <h2>Eviction</h2>
 * The sender's consumer lives in the sender's (alive) process, so the ring's own rule (heartbeat old and process gone)
 * never evicts it; the sender evicts itself. When its publication has been <i>not connected</i> for the liveness
 * timeout (default 3 s, {@link io.tandem.remote.ring.RingSender.Builder#livenessTimeout}) it deregisters from the
 * ring (a frame it held is counted as dropped), logs a warning and counts the eviction: a BLOCK producer is no longer
 * held. Aeron marks a unicast publication not connected when its receiver sent no status message for the driver's
 * publication connection timeout ({@code aeron.publication.connection.timeout}, Aeron's default 5 s), so after the
 * receiver's host dies the producer is freed within that timeout plus the liveness timeout. A receiver that is alive
 * but slow keeps sending status messages: it is never evicted, and on BLOCK it holds the producer as a slow local
 * consumer would. When the publication is connected again the sender registers anew, at the newest frame, and flags
 * its first frame as a join (the receiver then does not count the frames in between as missing). A sender that goes
 * away is seen by the receiver as a lost image (counted and logged); the mirror ring and the receiver's producer role
 * stay, ready for a sender to come back.
 *
 * <h2>Threads and waiting</h2>
 * Each bridge runs on a thread of its own ({@code start()}) or as an Agrona {@link org.agrona.concurrent.Agent}
 * composed on a runner of the caller's (a node runs its mirrors' receivers on its embedded media driver's own thread,
 * right after the driver took the datagrams in). An idle sender sleeps on the source ring's doorbell (a futex: no CPU
 * until a frame is published); an idle receiver on a thread of its own polls Aeron with a back-off up to 1 ms between
 * polls (Aeron rings no bell).
 *
 * <h2>Multicast</h2>
 * A sender given a multicast endpoint ({@code aeron:udp?endpoint=224.0.1.1:40456|interface=10.0.0.5}, each receiver
 * subscribing to the same channel) publishes once for the group. It adds Aeron's min flow control ({@code fc=min})
 * unless the channel sets {@code fc}: the group moves at its slowest receiver, so BLOCK stays lossless for every
 * receiver. One consumer entry on the source ring stands for the whole group. A dead receiver leaves the group when
 * the min flow control times it out (its receiver timeout, {@code fc=min,t:2s}, else the driver's
 * {@code aeron.flow.control.receiver.timeout}); the others go on; the sender is evicted only when the publication
 * has no receiver left for the liveness timeout.
 */
package io.tandem.remote.ring;
