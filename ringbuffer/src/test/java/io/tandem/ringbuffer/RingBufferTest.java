package io.tandem.ringbuffer;

import io.tandem.idle.BackoffIdleStrategy;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.WaitMode;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_PID_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_OWNER_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-process behaviour: the API, both policies, gating, eviction, take-over, statistics. */
@Timeout(20)
class RingBufferTest
{
    /** No such pid on Linux (pid_max is at most 2^22): a process that is gone. */
    private static final long DEAD_PID = Integer.MAX_VALUE;

    private final Path path = TestPaths.newPath("ring");
    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAndDelete() throws Exception
    {
        Collections.reverse(resources);
        for (final AutoCloseable resource : resources)
        {
            resource.close();
        }
        TestPaths.deleteAll();
    }

    private RingBuffer ring(final RingPolicy policy, final int slots, final int slotSize)
    {
        final RingBuffer ring = RingBuffer.create(path).slotCount(slots).slotSize(slotSize).policy(policy).clock(clock)
            .heartbeatTimeout(Duration.ofSeconds(1)).producerTimeout(Duration.ZERO).waitMode(WaitMode.BUSY_SPIN).build();
        resources.add(ring);
        return ring;
    }

    @Test
    void framesArriveInOrderWithLengthTagAndTimestamp()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 8, 64);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();
        final TestFrames frames = new TestFrames(8, 64);
        for (long s = 0; s < 100; s++)
        {
            assertEquals(s + 1, frames.publish(producer, s), "the new position: the frame's sequence + 1");
            final Frame frame = consumer.tryReceive();
            assertNotNull(frame);
            assertEquals(s, frame.sequence());
            assertNull(frames.check(frame));
            assertTrue(consumer.release());
        }
        assertNull(consumer.tryReceive());
        assertEquals(100, consumer.consumed());
        assertEquals(0, consumer.dropped());
        assertEquals(100, ring.published());
        assertEquals(0, consumer.lag());
    }

    @Test
    void aClaimIsWrittenInPlaceThenPublished()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 32);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();

        final FrameClaim claim = producer.claim();
        assertEquals(0, claim.sequence());
        assertEquals(32, claim.capacity());
        claim.bytes().writeLong(42).writeInt(7);
        assertThrows(IllegalStateException.class, producer::claim, "the previous claim is still open");
        assertEquals(0, claim.publish(3, 99L));

        final FrameClaim raw = producer.claim();
        MEMORY.writeLong(raw.address(), -5L);
        assertThrows(IndexOutOfBoundsException.class, () -> raw.putLong(25, 1L));
        assertThrows(IndexOutOfBoundsException.class, () -> raw.putInt(-1, 1));
        raw.putInt(8, 17).putByte(12, (byte)3).publish(13, 4, 100L);

        final FrameClaim aborted = producer.claim();
        assertEquals(2, aborted.sequence());
        aborted.abort();
        final FrameClaim again = producer.claim(Duration.ZERO);
        assertEquals(2, again.sequence(), "an aborted claim's sequence is claimed again");
        again.abort();
        assertThrows(IllegalStateException.class, () -> claim.publish(1, 0L), "nothing claimed");
        assertThrows(IllegalArgumentException.class, () -> producer.claim().publish(33, 0, 0L), "longer than the slot");

        Frame frame = consumer.tryReceive();
        assertEquals(12, frame.length());
        assertEquals(3, frame.tag());
        assertEquals(99L, frame.timestamp());
        assertEquals(42L, frame.bytes().readLong());
        assertEquals(7, frame.bytes().readInt());
        assertEquals(0, frame.bytes().readRemaining());
        assertEquals(42L, frame.getLong(0));
        assertTrue(consumer.release());
        frame = consumer.tryReceive();
        assertEquals(-5L, frame.getLong(0));
        assertEquals(17, frame.getInt(8));
        assertEquals(3, frame.getByte(12));
        assertEquals(4, frame.tag());
        assertThrows(IllegalStateException.class, consumer::tryReceive, "hold one frame at a time");
        assertTrue(consumer.release());
        assertThrows(IllegalStateException.class, consumer::release, "nothing held");
        assertNull(consumer.tryReceive(), "the aborted claims published nothing");
        assertEquals(2, ring.published());
    }

    @Test
    void pollDrainsUpToTheLimitAndNeverRedeliversAFrameWhoseHandlerThrew()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 8, 16);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 6; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        final List<Long> seen = new ArrayList<>();
        assertEquals(4, consumer.poll(frame -> seen.add(frame.sequence()), 4));
        assertEquals(2, consumer.poll(frame -> seen.add(frame.sequence()), 4));
        assertEquals(0, consumer.poll(frame -> seen.add(frame.sequence()), 4));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seen);

        producer.publish(new byte[] {6});
        producer.publish(new byte[] {7});
        assertThrows(IllegalArgumentException.class, () -> consumer.poll(frame ->
        {
            throw new IllegalArgumentException("handler failed on " + frame.sequence());
        }, 10));
        assertEquals(7, consumer.position(), "the failing frame counts as consumed");
        assertEquals(1, consumer.poll(frame -> assertEquals(7, frame.getByte(0)), 10));
        assertEquals(8, consumer.consumed());
    }

    @Test
    void aConsumerJoinsAtTheNewestFrameAndMayStartBeforeTheProducer()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 16);
        final RingConsumer early = ring.consumer("early");
        assertEquals(ProducerStatus.NONE, ring.producerStatus());
        assertFalse(ring.isAbandoned());
        assertNull(early.tryReceive());

        final RingProducer producer = ring.producer();
        assertEquals(ProducerStatus.ACTIVE, ring.producerStatus());
        producer.publish(new byte[] {0});
        producer.publish(new byte[] {1});
        final RingConsumer late = ring.consumer("late");
        assertEquals(2, late.startPosition());
        assertNull(late.tryReceive(), "frames from before it joined are not for it");

        producer.publish(new byte[] {2});
        assertEquals(2, late.tryReceive().sequence());
        assertTrue(late.release());
        for (long s = 0; s < 3; s++)
        {
            assertEquals(s, early.tryReceive().sequence());
            early.release();
        }
    }

    @Test
    void blockNeverOverwritesAFrameNotYetReleased()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 16);
        final RingConsumer consumer = ring.consumer("reader");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 4; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        assertNull(producer.tryClaim(), "the ring is full");
        final Frame held = consumer.tryReceive();
        assertEquals(0, held.sequence());
        assertNull(producer.tryClaim(), "frame 0 is read but not released");
        final RingTimeoutException timeout = assertThrows(RingTimeoutException.class, () -> producer.publish(new byte[1]));
        assertTrue(timeout.getMessage().contains(path.toString()) && timeout.getMessage().contains("is full") &&
            timeout.getMessage().contains("reader[#0 pid " + ProcessHandle.current().pid()) &&
            timeout.getMessage().contains("lag 4"), timeout.getMessage());
        assertTrue(consumer.release());
        final FrameClaim claim = producer.tryClaim();
        assertNotNull(claim);
        assertEquals(4, claim.sequence());
        claim.publish();
        assertTrue(ring.producerBlockedCount() >= 3);
        assertEquals(0, ring.consumersEvicted());
    }

    @Test
    void withoutConsumersABlockProducerNeverWaits()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 2, 8);
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 10; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        assertEquals(10, ring.published());
        final RingConsumer consumer = ring.consumer("c");
        producer.publish(new byte[] {10});
        producer.publish(new byte[] {11});
        assertNull(producer.tryClaim(), "a new consumer gates the producer at once");
        assertEquals(10, consumer.tryReceive().sequence());
    }

    @Test
    void aConsumerWhoseProcessDiedIsEvictedOnceItsHeartbeatIsOld()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 16);
        final RingConsumer ghost = ring.consumer("ghost");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 4; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        MEMORY.writeLong(ring.consumerTable().entryAddress(ghost.index()) + CONSUMER_PID_OFFSET, DEAD_PID);
        assertNull(producer.tryClaim(), "its process is gone but its heartbeat is fresh: not yet");
        clock.advance(Duration.ofMillis(999));
        assertNull(producer.tryClaim(), "not yet");
        clock.advance(Duration.ofMillis(2));
        final FrameClaim claim = producer.tryClaim();
        assertNotNull(claim, "evicted: the producer goes on");
        claim.publish();
        assertEquals(1, ring.consumersEvicted());
        assertTrue(ring.consumers().isEmpty());
        final ConsumerEvictedException evicted = assertThrows(ConsumerEvictedException.class, ghost::tryReceive);
        assertTrue(evicted.getMessage().contains("'ghost'") && evicted.getMessage().contains("register again"), evicted.getMessage());
        assertTrue(ghost.isClosed());
        assertThrows(ConsumerEvictedException.class, ghost::tryReceive);
        ghost.close();
    }

    @Test
    void anEvictedConsumerNeverWritesIntoTheEntryOfItsSuccessor()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 8, 16);
        final RingProducer producer = ring.producer();
        producer.publish(new byte[] {0});
        final RingConsumer old = ring.consumer("old");
        producer.publish(new byte[] {1});
        producer.publish(new byte[] {2});
        MEMORY.writeLong(ring.consumerTable().entryAddress(old.index()) + CONSUMER_PID_OFFSET, DEAD_PID);
        clock.advance(Duration.ofSeconds(2));
        final RingConsumer successor = ring.consumer("successor"); // evicts "old", takes its entry
        assertEquals(old.index(), successor.index());
        assertEquals(3, successor.startPosition());

        assertThrows(ConsumerEvictedException.class, () -> old.poll(frame -> { }, 10), "it read, then found out on release");
        final ConsumerStats stats = ring.consumers().get(0);
        assertEquals("successor", stats.name());
        assertEquals(3, stats.position(), "untouched by the evicted consumer");
        assertEquals(0, stats.consumed());
    }

    @Test
    void aSlowButLiveConsumerIsNeverEvicted()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 16);
        final RingConsumer slow = ring.consumer("slow");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 4; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        clock.advance(Duration.ofSeconds(60));
        assertNull(producer.tryClaim(), "heartbeat a minute old, but its process lives");
        final RingTimeoutException timeout = assertThrows(RingTimeoutException.class, producer::claim);
        assertTrue(timeout.getMessage().contains("slow[#0") && timeout.getMessage().contains("heartbeat 60.0 s ago"), timeout.getMessage());
        assertEquals(0, ring.consumersEvicted());
        assertEquals(4, slow.poll(frame -> { }, 10), "it just reads on");
        assertNotNull(producer.tryClaim());
    }

    @Test
    void overwriteCountsEveryLostFrameAndResumesAtTheNewest()
    {
        final RingBuffer ring = ring(RingPolicy.OVERWRITE, 4, 16);
        final RingConsumer consumer = ring.consumer("lagging");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 10; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        assertTrue(consumer.hasFrame());
        final Frame frame = consumer.tryReceive();
        assertEquals(9, frame.sequence(), "resumes at the newest frame");
        assertEquals(9, frame.getByte(0));
        assertTrue(consumer.release());
        assertEquals(9, consumer.dropped());
        assertEquals(1, consumer.consumed());
        assertEquals(ring.published(), consumer.consumed() + consumer.dropped());

        for (int i = 10; i < 13; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        final List<Long> seen = new ArrayList<>();
        assertEquals(3, consumer.poll(f -> seen.add(f.sequence()), 10), "within a lap nothing is lost");
        assertEquals(List.of(10L, 11L, 12L), seen);
        assertEquals(ring.published(), consumer.consumed() + consumer.dropped());
    }

    @Test
    void overwriteNeverHandsOutAFrameOverwrittenWhileRead()
    {
        final RingBuffer ring = ring(RingPolicy.OVERWRITE, 2, 16);
        final RingConsumer consumer = ring.consumer("reader");
        final RingProducer producer = ring.producer();
        producer.publish(new byte[] {0});
        final Frame frame = consumer.tryReceive();
        assertEquals(0, frame.sequence());
        producer.publish(new byte[] {1});
        producer.publish(new byte[] {2}); // into frame 0's slot, while it is held
        assertFalse(consumer.release(), "torn: discard what was read");
        assertEquals(1, consumer.dropped());
        assertEquals(1, consumer.tryReceive().sequence());
        assertTrue(consumer.release());

        final long[] copies = new long[1];
        assertEquals(1, consumer.poll(f ->
        {
            copies[0] = f.address();
            assertEquals(2, f.getByte(0));
        }, 10));
        final long slots = ring.slotsAddress();
        assertTrue(copies[0] < slots || copies[0] >= slots + 2L * ring.slotLength(), "poll hands out a validated private copy");
        assertEquals(3, consumer.consumed() + consumer.dropped());
    }

    @Test
    void offerNeverWaitsAndSaysWhyItDidNotPublish()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 16);
        final RingConsumer consumer = ring.consumer("reader");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 4; i++)
        {
            assertEquals(i + 1, producer.offer(new byte[] {(byte)i}), "the new position");
        }
        final long start = System.nanoTime();
        assertEquals(RingProducer.BACK_PRESSURED, producer.offer(new byte[] {4}), "the ring is full");
        final ByteBuffer buffer = ByteBuffer.wrap(new byte[] {4, 5});
        assertEquals(RingProducer.BACK_PRESSURED, producer.offer(buffer, 0, 0L));
        assertEquals(0, buffer.position(), "nothing taken from a buffer that was not published");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "no wait for the producer timeout");
        assertEquals(4, producer.position());
        assertEquals(0, consumer.tryReceive().sequence());
        assertTrue(consumer.release());
        assertEquals(5, producer.offer(buffer, 9, 10L), "room again: published");
        assertEquals(2, buffer.position());
        final Frame frame = drainTo(consumer, 4);
        assertEquals(9, frame.tag());
        assertEquals(10L, frame.timestamp());
        producer.close();
        assertEquals(RingProducer.CLOSED, producer.offer(new byte[] {6}));
    }

    @Test
    void offerOnAnOverwriteRingIsNeverBackPressured()
    {
        final RingBuffer ring = ring(RingPolicy.OVERWRITE, 4, 16);
        final RingConsumer consumer = ring.consumer("idle");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i + 1, producer.offer(new byte[] {(byte)i}));
        }
        assertEquals(0, consumer.consumed());
        ring.close();
        assertEquals(RingProducer.CLOSED, producer.offer(new byte[] {1}), "a closed ring takes nothing");
    }

    /** @return the frame of {@code sequence}, reading and releasing the ones before it. */
    private static Frame drainTo(final RingConsumer consumer, final long sequence)
    {
        while (true)
        {
            final Frame frame = consumer.tryReceive();
            assertNotNull(frame, "frame " + sequence + " not found");
            if (frame.sequence() == sequence)
            {
                return frame;
            }
            assertTrue(consumer.release());
        }
    }

    @Test
    void theProducerRoleIsSingleAndTakenOverFromTheDead()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 16);
        final RingProducer first = ring.producer();
        first.publish(new byte[] {1});
        final RingBufferException twice = assertThrows(RingBufferException.class, ring::producer);
        assertTrue(twice.getMessage().contains("already has a producer: pid " + ProcessHandle.current().pid() + " (this process)"),
            twice.getMessage());
        first.close();
        assertEquals(ProducerStatus.CLOSED, ring.producerStatus());
        assertTrue(ring.isAbandoned());

        final RingProducer second = ring.producer();
        assertEquals(1, second.position(), "continues the sequence");
        assertEquals(ProducerStatus.ACTIVE, ring.producerStatus());
        MEMORY.writeLong(ring.baseAddress() + PRODUCER_OWNER_OFFSET, DEAD_PID); // as if its process had crashed
        assertEquals(ProducerStatus.DEAD, ring.producerStatus());
        assertTrue(ring.isAbandoned());
        final RingProducer third = ring.producer();
        assertEquals(ProducerStatus.ACTIVE, ring.producerStatus());
        assertEquals(2, third.publish(new byte[] {2}), "frame 1 published: position 2");

        // a producer that died after committing frame 2 but before storing its position
        final FrameClaim half = third.claim();
        half.putByte(0, (byte)3);
        MEMORY.writeOrderedLong(ring.slotsAddress() + 2L * ring.slotLength() + RingBufferDescriptor.SLOT_LENGTH_FIELD_OFFSET, 1);
        MEMORY.writeOrderedLong(ring.slotsAddress() + 2L * ring.slotLength(), RingBufferDescriptor.committedStamp(2));
        MEMORY.writeLong(ring.baseAddress() + PRODUCER_OWNER_OFFSET, DEAD_PID);
        assertEquals(2, ring.published());
        final RingProducer fourth = ring.producer();
        assertEquals(3, fourth.position(), "frame 2 was committed: it is not written again");
        assertEquals(3, ring.published());
    }

    @Test
    void consumerNamesAreUniqueAndTheTableIsBounded()
    {
        final RingBuffer ring = RingBuffer.create(path).slotCount(4).slotSize(8).maxConsumers(2).clock(clock).build();
        resources.add(ring);
        final RingConsumer a = ring.consumer("a");
        final RingBufferException duplicate = assertThrows(RingBufferException.class, () -> ring.consumer("a"));
        assertTrue(duplicate.getMessage().contains("a consumer named 'a' is already registered by pid"), duplicate.getMessage());
        final RingConsumer b = ring.consumer("b");
        final RingBufferException full = assertThrows(RingBufferException.class, () -> ring.consumer("c"));
        assertTrue(full.getMessage().contains("all 2 consumer entries"), full.getMessage());
        a.close();
        a.close();
        final RingConsumer c = ring.consumer("c");
        assertEquals(0, c.index(), "the freed entry is reused");
        assertEquals(3, ring.consumersRegistered());

        MEMORY.writeLong(ring.consumerTable().entryAddress(b.index()) + CONSUMER_PID_OFFSET, DEAD_PID);
        final RingConsumer bAgain = ring.consumer("b");
        assertEquals(b.index(), bAgain.index(), "a dead consumer's name is taken over at once");
        assertThrows(ConsumerEvictedException.class, () ->
        {
            for (int i = 0; i < 100; i++)
            {
                clock.advance(Duration.ofSeconds(1));
                b.tryReceive();
            }
        });
    }

    @Test
    void aTimedReceiveReturnsEarlyOnceTheProducerIsGone()
    {
        final RingBuffer ring = RingBuffer.create(path).slotCount(4).slotSize(8).waitMode(WaitMode.BACKOFF).build();
        resources.add(ring);
        final RingConsumer consumer = ring.consumer("c");
        try (RingProducer producer = ring.producer())
        {
            producer.publish(new byte[] {1});
            producer.publish(new byte[] {2});
        }
        assertEquals(ProducerStatus.CLOSED, ring.producerStatus());
        assertEquals(0, consumer.receive(Duration.ofSeconds(10)).sequence(), "what was published is still read");
        consumer.release();
        assertEquals(1, consumer.receive(Duration.ofSeconds(10)).sequence());
        consumer.release();
        final long start = System.nanoTime();
        assertNull(consumer.receive(Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "did not wait for the timeout");
        assertTrue(ring.isAbandoned());

        final long before = System.nanoTime();
        Thread.currentThread().interrupt();
        try (RingProducer again = ring.producer())
        {
            assertNull(consumer.receive(Duration.ofSeconds(10)), "an interrupt ends the wait");
            assertTrue(Thread.interrupted());
            assertTrue(System.nanoTime() - before < 5_000_000_000L);
            assertNull(consumer.receive(Duration.ofMillis(20)), "and a timeout does");
            assertFalse(ring.isAbandoned());
            again.publish(new byte[] {3});
        }
        assertEquals(2, consumer.receive(Duration.ofSeconds(1)).sequence());
    }

    @Test
    void statisticsDescribeEveryConsumer()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 8, 8);
        final RingConsumer fast = ring.consumer("fast");
        final RingConsumer idle = ring.consumer("idle");
        final RingProducer producer = ring.producer();
        for (int i = 0; i < 5; i++)
        {
            producer.publish(new byte[] {(byte)i});
        }
        assertEquals(3, fast.poll(f -> { }, 3));
        assertEquals(2, fast.lag());
        assertEquals(5, idle.lag());
        clock.advance(Duration.ofMillis(1500));
        final List<ConsumerStats> stats = ring.consumers();
        assertEquals(2, stats.size());
        final ConsumerStats f = stats.get(0);
        assertEquals("fast", f.name());
        assertEquals(3, f.position());
        assertEquals(3, f.consumed());
        assertEquals(0, f.dropped());
        assertEquals(2, f.lag());
        assertEquals(ProcessHandle.current().pid(), f.pid());
        assertTrue(f.processAlive() && f.registered());
        assertEquals(1_500_000_000L, f.heartbeatAgeNs());
        assertEquals("idle", stats.get(1).name());
        assertEquals(5, stats.get(1).lag());
        assertTrue(f.toString().contains("fast[#0 pid"), f.toString());
    }

    @Test
    void framesCopyInAndOutOfArraysBuffersAndBytes()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 8, 16);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();
        final byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9};

        producer.publish(ByteBuffer.wrap(data, 2, 5));
        final ByteBuffer direct = ByteBuffer.allocateDirect(9).put(data).flip();
        producer.publish(direct, 5, 6L);
        assertEquals(9, direct.position(), "offer consumes the buffer like a channel write");
        producer.publish(ByteBuffer.wrap(data).asReadOnlyBuffer());
        final Bytes<?> heapBytes = Bytes.from("hello");
        producer.publish(heapBytes);
        assertEquals(5, heapBytes.readRemaining(), "Bytes are not consumed");
        final Bytes<?> nativeBytes = Bytes.allocateDirect(16);
        nativeBytes.writeLong(77L);
        producer.publish(nativeBytes);
        nativeBytes.releaseLast();
        heapBytes.releaseLast();

        Frame frame = consumer.tryReceive();
        final byte[] out = new byte[7];
        assertEquals(5, frame.copyTo(out, 2));
        assertArrayEquals(new byte[] {0, 0, 3, 4, 5, 6, 7}, out);
        assertThrows(IndexOutOfBoundsException.class, () -> frame.copyTo(new byte[4]));
        consumer.release();

        final Frame second = consumer.tryReceive();
        assertEquals(5, second.tag());
        final ByteBuffer heapOut = ByteBuffer.allocate(10);
        heapOut.put((byte)-1);
        assertEquals(9, second.copyTo(heapOut));
        assertEquals(10, heapOut.position());
        assertEquals(9, heapOut.get(9));
        final ByteBuffer directOut = ByteBuffer.allocateDirect(9);
        second.copyTo(directOut);
        assertEquals(1, directOut.get(0));
        assertThrows(java.nio.BufferOverflowException.class, () -> second.copyTo(ByteBuffer.allocate(8)));
        assertThrows(IndexOutOfBoundsException.class, () -> second.getLong(2), "9 bytes hold no long at 2");
        assertThrows(IndexOutOfBoundsException.class, () -> second.getInt(-1));
        consumer.release();

        assertEquals(9, consumer.tryReceive().length());
        consumer.release();
        assertEquals("hello", consumer.tryReceive().bytes().toString());
        consumer.release();
        assertEquals(77L, consumer.tryReceive().getLong(0));
        consumer.release();
    }

    @Test
    void closingTheRingClosesWhatItHandedOut()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 8);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();
        try (RingBuffer other = RingBuffer.attach(path).build())
        {
            assertEquals(ProducerStatus.ACTIVE, other.producerStatus());
            assertEquals(1, other.consumers().size());
            ring.close();
            assertEquals(ProducerStatus.CLOSED, other.producerStatus(), "the producer let go of its role");
            assertTrue(other.consumers().isEmpty(), "the consumer deregistered before the unmap");
        }
        assertTrue(ring.isClosed());
        assertThrows(IllegalStateException.class, producer::claim);
        assertThrows(IllegalStateException.class, consumer::tryReceive);
        assertThrows(IllegalStateException.class, ring::published);
        assertThrows(IllegalStateException.class, () -> ring.consumer("d"));
        ring.close();
        assertTrue(consumer.isClosed());
    }

    @Test
    void threadsOfOneProcessStreamWithoutLossOrCorruption() throws Exception
    {
        final RingBuffer ring = RingBuffer.create(path).slotCount(64).slotSize(256).waitMode(WaitMode.BACKOFF).build();
        resources.add(ring);
        final long frames = 200_000;
        final TestFrames content = new TestFrames(8, 256);
        final List<Thread> threads = new ArrayList<>();
        final List<String> results = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 2; c++)
        {
            final RingConsumer consumer = ring.consumer("t" + c);
            final boolean poll = c == 0;
            final Thread thread = new Thread(() ->
            {
                final RingChildMain.Verifier verifier = new RingChildMain.Verifier(new TestFrames(8, 256), true, 0, 0);
                final IdleStrategy idle = new BackoffIdleStrategy();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (consumer.position() < frames && System.nanoTime() - deadline < 0)
                {
                    if (poll)
                    {
                        idle.idle(consumer.poll(verifier::onFrame, 32));
                    }
                    else
                    {
                        final Frame frame = consumer.receive(Duration.ofSeconds(5));
                        if (frame == null)
                        {
                            break;
                        }
                        verifier.onFrame(frame);
                        consumer.release();
                    }
                }
                results.add(consumer.consumed() + " " + verifier.errors + " " + verifier.firstError);
                consumer.close();
            });
            threads.add(thread);
            thread.start();
        }
        try (RingProducer producer = ring.producer())
        {
            for (long s = 0; s < frames; s++)
            {
                content.publish(producer, s);
            }
        }
        for (final Thread thread : threads)
        {
            thread.join(15_000);
            assertFalse(thread.isAlive());
        }
        assertEquals(List.of(frames + " 0 null", frames + " 0 null"), results);
    }

    @Test
    void emptyFramesAreFrames()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 8);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();
        producer.publish(new byte[0]);
        producer.claim().publish(7, 8L);
        Frame frame = consumer.tryReceive();
        assertEquals(0, frame.length());
        assertEquals(0, frame.bytes().readRemaining());
        assertEquals(0, frame.copyTo(new byte[0]));
        consumer.release();
        frame = consumer.tryReceive();
        assertEquals(0, frame.length());
        assertEquals(7, frame.tag());
        consumer.release();
    }

    @Test
    void aFrameViewIsReusedNotAllocated()
    {
        final RingBuffer ring = ring(RingPolicy.BLOCK, 4, 8);
        final RingConsumer consumer = ring.consumer("c");
        final RingProducer producer = ring.producer();
        producer.publish(new byte[] {1});
        producer.publish(new byte[] {2});
        final Frame first = consumer.tryReceive();
        consumer.release();
        assertSame(first, consumer.tryReceive());
        assertNotEquals(0, first.address());
        consumer.release();
    }
}
