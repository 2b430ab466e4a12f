/**
 * A shared-memory ring buffer for streaming between processes: one producer, any number of consumers, one
 * memory-mapped file on tmpfs, synchronised by sequence numbers and release/acquire stores only (no locks,
 * semaphores or condition events on the data path).
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * Path path = Path.of("/dev/shm/tandem-camera0");
 * try (RingBuffer ring = RingBuffer.createOrAttach(path).slotCount(32).slotSize(1920 * 1080 * 3)
 *          .policy(RingPolicy.OVERWRITE).build();
 *      RingProducer producer = ring.producer()) {
 *     FrameClaim claim = producer.claim();                       // zero copy: write into the slot
 *     camera.readInto(claim.address(), claim.capacity());
 *     claim.publish(1920 * 1080 * 3, CAMERA_0, System.nanoTime());
 * }
 *
 * try (RingBuffer ring = RingBuffer.attach(path).attachTimeout(Duration.ofSeconds(5)).build();
 *      RingConsumer consumer = ring.consumer("detector")) {
 *     Frame frame = consumer.receive(Duration.ofSeconds(1));     // wait, then read in place
 *     if (frame != null) {
 *         detect(frame.bytes());
 *         boolean intact = consumer.release();                   // false: overwritten while read, discard
 *     }
 * }
 * }</pre>
 *
 * <h2>Layout</h2>
 * {@link io.tandem.ringbuffer.RingBufferDescriptor} states every offset: the common shared-file header (magic, layout
 * version, file length, creator pid and start time, a ready word written last; see
 * {@code io.tandem.internal.sharedfile}), the ring metadata (slot count and size, policy), the producer position alone on a
 * padded pair of cache lines, the producer's identity and counters, a table of 128-byte consumer entries
 * (position, consumed, dropped, heartbeat, state word, pid, name), then the slots, each a 24-byte header (stamp,
 * length, tag, timestamp) followed by the payload.
 *
 * <h2>Shaped frames</h2>
 * A payload may start with a 32-byte shape header ({@link io.tandem.ringbuffer.FrameShapeDescriptor}: magic, element
 * type code, rank, up to four dimensions, an 8-byte user value): {@link io.tandem.ringbuffer.FrameClaim#shaped} writes
 * it and returns a typed view of the data, {@link io.tandem.ringbuffer.Frame#array()} reads it back as a
 * {@link io.tandem.ringbuffer.FrameArray} (null for plain frames). Python's {@code frame.image()} reads the same header
 * as an ndarray, so a Java producer and a NumPy consumer (or the other way round) share images, not bytes.
 *
 * <h2>Sequencing protocol</h2>
 * Frame {@code s} (0, 1, 2, ...) lives in slot {@code s & (slotCount - 1)}.
 * <ol>
 * <li><b>Publish.</b> The producer stores the slot's stamp {@code -(s + 1)} ("being written") with a release
 *     store followed by a store-store fence, writes payload, length, tag and timestamp with plain stores, then
 *     stores the stamp {@code s + 1} ("committed") with a release store, then the producer position
 *     {@code s + 1} with a release store.</li>
 * <li><b>Read.</b> A consumer wanting frame {@code s} loads the stamp with an acquire load. {@code s + 1}: the
 *     header and payload it reads next are those of frame {@code s}. Smaller in absolute value, or
 *     {@code -(s + 1)}: not yet; it waits with its wait strategy. Larger in absolute value: it was lapped.</li>
 * <li><b>Validate</b> (the sequence lock). After reading, the consumer issues a load-load fence and loads the
 *     stamp again; if it changed, the producer overwrote the slot during the read and the data is discarded
 *     (counted as dropped). On OVERWRITE rings {@code poll} copies each frame out and validates before the
 *     handler sees it; {@code release()} reports the validation of a frame read in place.</li>
 * <li><b>Release.</b> The consumer stores its position {@code s + 1} with a release store (once per frame, or
 *     once per {@code poll} batch): its reads of the slot happen before the producer may reuse it.</li>
 * <li><b>Gate</b> (BLOCK only). Before writing frame {@code s} the producer needs every active consumer's position
 *     to be above {@code s - slotCount}. It caches {@code min(positions) + slotCount} and scans the consumer table
 *     again only when it reaches that limit (Disruptor's cached gating sequence), issuing a full fence first.
 *     While blocked it waits with its wait strategy, evicts consumers whose heartbeat is older than the ring's
 *     heartbeat timeout and whose process is gone, and throws {@link io.tandem.ringbuffer.RingTimeoutException}
 *     after its timeout.</li>
 * <li><b>Lapped</b> (OVERWRITE). A consumer that finds a later frame in its slot reads the producer position
 *     {@code p}, resumes at the newest frame {@code p - 1} and adds the frames it skipped to its dropped count, so
 *     for a consumer present throughout, consumed + dropped = published.</li>
 * </ol>
 *
 * <h2>Joining and leaving</h2>
 * A consumer claims a free entry by compare-and-swap (state free to registering, with a new generation), fills
 * it in, checks that no live consumer has its name (a fence first, so of two simultaneous registrations of one
 * name at least one sees the other), makes it active by compare-and-swap, then reads the producer position and
 * stores it as its own: it reads frames published from then on. The producer's full fence before each gating scan
 * and the consumer's compare-and-swap before reading the producer position form a Dekker pair: either the scan
 * sees the new consumer, or the consumer sees a producer position at least as high as the one the scan started
 * from, so the producer never overwrites a frame the consumer is about to read. Closing frees the entry; a
 * consumer whose entry was taken (evicted) finds out from its state word and throws
 * {@link io.tandem.ringbuffer.ConsumerEvictedException}.
 *
 * <h2>Liveness</h2>
 * Consumers refresh a heartbeat from their own calls; a consumer is evicted only when its heartbeat is older than
 * the ring's timeout and its process is gone, so a slow but live consumer is never dropped. The producer role is
 * held by pid (with the process's start time, against pid reuse); consumers see the ring as abandoned when the
 * producer closed or its process is gone, and their timed waits return early then. Producers and consumers may
 * start in either order, and a dead producer's role can be taken over: the new one continues the sequence.
 * Heartbeat ages compare {@code System.nanoTime()} of different processes: on Linux that is
 * {@code CLOCK_MONOTONIC}, one clock per machine.
 */
package io.tandem.ringbuffer;
