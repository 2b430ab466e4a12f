package io.tandem.remote.ring;

import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.test.Await;
import io.tandem.test.ShmDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sender and receiver in one JVM, through one embedded driver on loopback: sizing and configuration errors, a sender
 * that goes away and comes back, a receiver that is not there yet.
 */
@Timeout(120)
class RingBridgeTest
{
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-ring-bridge-");


    @Test
    void termLengthHoldsAFullSlotAndTheHeader()
    {
        assertEquals(64 * 1024, RemoteFrameDescriptor.termLengthFor(64));
        assertEquals(64 * 1024, RemoteFrameDescriptor.termLengthFor(8192 - 32));
        assertEquals(128 * 1024, RemoteFrameDescriptor.termLengthFor(8192 - 31));
        assertEquals(16 << 20, RemoteFrameDescriptor.termLengthFor(1 << 20));
        assertEquals(128 << 20, RemoteFrameDescriptor.termLengthFor(RemoteFrameDescriptor.MAX_SLOT_SIZE));
        assertEquals((16 << 20) - 32, RemoteFrameDescriptor.MAX_SLOT_SIZE);
    }

    @Test
    void aSlotTooLargeForAeronIsRefusedAtBuildNamingSizeAndLimit()
    {
        final int slotSize = RemoteFrameDescriptor.MAX_SLOT_SIZE + 1;
        try (TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer ring = RingBuffer.create(shm.path().resolve("big")).slotCount(2).slotSize(slotSize).build())
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> RingSender.builder(aeron.client(), ring).endpoint("127.0.0.1:40123").build());
            assertTrue(ex.getMessage().contains(Integer.toString(slotSize)), ex.getMessage());
            assertTrue(ex.getMessage().contains("16777216"), ex.getMessage());
            assertTrue(ex.getMessage().contains("at most " + RemoteFrameDescriptor.MAX_SLOT_SIZE), ex.getMessage());
            assertTrue(ring.consumers().isEmpty(), "refused before registering on the ring");
        }
    }

    @Test
    void aTermTooShortOrNoDestinationIsRefusedClearly()
    {
        try (TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer ring = RingBuffer.create(shm.path().resolve("ring")).slotCount(4).slotSize(64 * 1024).build())
        {
            final IllegalArgumentException shortTerm = assertThrows(IllegalArgumentException.class,
                () -> RingSender.builder(aeron.client(), ring).channel("aeron:udp?endpoint=127.0.0.1:40123|term-length=65536").build());
            assertTrue(shortTerm.getMessage().contains("term length 65536 is too short") &&
                shortTerm.getMessage().contains("at least 1048576"), shortTerm.getMessage());
            final IllegalArgumentException shortSet = assertThrows(IllegalArgumentException.class,
                () -> RingSender.builder(aeron.client(), ring).endpoint("127.0.0.1:40123").termLength(512 * 1024).build());
            assertTrue(shortSet.getMessage().contains("at least 1048576"), shortSet.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RingSender.builder(aeron.client(), ring).termLength(100_000));
            assertThrows(IllegalArgumentException.class, () -> RingSender.builder(aeron.client(), ring).mtu(1000));
            assertThrows(IllegalArgumentException.class, () -> RingSender.builder(aeron.client(), ring).livenessTimeout(Duration.ZERO));
            final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> RingSender.builder(aeron.client(), ring).build());
            assertTrue(none.getMessage().contains("endpoint"), none.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RingReceiver.builder(aeron.client(), ring).build());
            assertTrue(ring.consumers().isEmpty());
        }
    }

    /**
     * A sender that closes is seen by the receiver as a lost image; the mirror ring stays, and a new sender's first
     * frame is flagged as a join, so the frames published while nobody sent are not counted as missing.
     */
    @Test
    void aSenderThatGoesAwayIsNotedAndANewOneJoinsTheSameMirror()
    {
        try (TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer source = RingBuffer.create(shm.path().resolve("source")).slotCount(8).slotSize(4096).build();
             RingProducer producer = source.producer();
             RingBuffer mirror = RingBuffer.create(shm.path().resolve("mirror")).slotCount(32).slotSize(4096).build();
             RingConsumer local = mirror.consumer("local");
             RingReceiver receiver = RingReceiver.builder(aeron.client(), mirror).endpoint("127.0.0.1:0").build().start())
        {
            final String endpoint = receiver.resolvedEndpoint(Duration.ofSeconds(10));
            try (RingSender first = RingSender.builder(aeron.client(), source).endpoint(endpoint).build().start())
            {
                Await.until(Duration.ofSeconds(10), first::isConnected, "first sender connected");
                publish(producer, 0, 5);
                Await.until(Duration.ofSeconds(10), () -> receiver.framesReceived() == 5, "5 frames: " + receiver);
            }
            Await.until(Duration.ofSeconds(10), () -> receiver.imagesLost() == 1, "the image lost: " + receiver);
            assertFalse(mirror.isAbandoned(), "the receiver keeps the mirror's producer role");
            publish(producer, 5, 10); // nobody forwards these
            try (RingSender second = RingSender.builder(aeron.client(), source).endpoint(endpoint).build().start())
            {
                Await.until(Duration.ofSeconds(10), second::isConnected, "second sender connected");
                publish(producer, 10, 15);
                Await.until(Duration.ofSeconds(10), () -> receiver.framesReceived() == 10, "10 frames: " + receiver);
                assertEquals(5, second.framesSent());
            }
            assertEquals(0, receiver.framesMissing(), "a joining sender's frames are not gaps: " + receiver);
            assertEquals(2, receiver.imagesJoined());
            final List<Long> numbers = new ArrayList<>();
            Frame frame;
            while ((frame = local.tryReceive()) != null)
            {
                numbers.add(frame.getLong(0));
                assertEquals((int)frame.getLong(0), frame.tag(), "tag carried over");
                assertEquals(frame.getLong(0) * 3, frame.timestamp(), "timestamp carried over");
                local.release();
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 10L, 11L, 12L, 13L, 14L), numbers);
        }
    }

    /**
     * A BLOCK ring's sender whose receiver is not there: evicted after the liveness timeout (the producer runs free),
     * then registered again, at the newest frame, once the receiver appears.
     */
    @Test
    void aSenderWithNoReceiverIsEvictedThenRejoinsWhenOneConnects() throws IOException
    {
        final int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        try (TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer source = RingBuffer.create(shm.path().resolve("source")).slotCount(4).slotSize(4096)
                 .policy(RingPolicy.BLOCK).build();
             RingProducer producer = source.producer();
             RingSender sender = RingSender.builder(aeron.client(), source).endpoint("127.0.0.1:" + port)
                 .livenessTimeout(Duration.ofMillis(300)).build().start())
        {
            assertEquals(1, source.consumers().size(), "registered at build: " + source.consumers());
            Await.until(Duration.ofSeconds(10), () -> sender.evictions() == 1, "evicted: " + sender);
            assertTrue(source.consumers().isEmpty());
            publish(producer, 0, 20); // more than the ring holds: nobody gates the producer now
            try (RingBuffer mirror = RingBuffer.create(shm.path().resolve("mirror")).slotCount(32).slotSize(4096).build();
                 RingConsumer local = mirror.consumer("local");
                 RingReceiver receiver = RingReceiver.builder(aeron.client(), mirror).endpoint("127.0.0.1:" + port).build().start())
            {
                Await.until(Duration.ofSeconds(10), () -> sender.joins() == 2 && sender.isConnected(), "rejoined: " + sender);
                publish(producer, 20, 25);
                Await.until(Duration.ofSeconds(10), () -> receiver.framesReceived() == 5, "5 frames: " + receiver);
                final Frame frame = local.tryReceive();
                assertEquals(20, frame.getLong(0), "the rejoined sender starts at the newest frame");
                local.release();
                assertEquals(0, receiver.framesMissing());
            }
        }
    }

    /**
     * A message whose last fragment carries the torn marker (what a sender writes when the source slot was overwritten
     * while Aeron copied it) is never published into the mirror; a one-fragment and a many-fragment one alike.
     */
    @Test
    void aFrameMarkedTornIsNeverPublished()
    {
        try (TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer mirror = RingBuffer.create(shm.path().resolve("mirror")).slotCount(8).slotSize(64 * 1024).build();
             RingConsumer local = mirror.consumer("local");
             RingReceiver receiver = RingReceiver.builder(aeron.client(), mirror).endpoint("127.0.0.1:0").build().start();
             io.aeron.ExclusivePublication publication = aeron.client().addExclusivePublication(
                 "aeron:udp?endpoint=" + receiver.resolvedEndpoint(Duration.ofSeconds(10)) + "|term-length=1048576",
                 RingSender.DEFAULT_STREAM_ID))
        {
            Await.until(Duration.ofSeconds(10), publication::isConnected, "connected");
            offer(publication, 0, 100, RemoteFrameDescriptor.RESERVED_INTACT);
            offer(publication, 1, 100, RemoteFrameDescriptor.RESERVED_TORN);
            offer(publication, 2, 50_000, RemoteFrameDescriptor.RESERVED_TORN); // fragmented
            offer(publication, 3, 50_000, RemoteFrameDescriptor.RESERVED_INTACT);
            Await.until(Duration.ofSeconds(10), () -> receiver.framesReceived() + receiver.framesTorn() == 4, receiver.toString());
            assertEquals(2, receiver.framesTorn());
            assertEquals(0, receiver.framesMissing(), "a torn frame is not a gap");
            final byte[] scratch = new byte[64 * 1024];
            assertEquals(0, TestFrames.check(local.tryReceive(), scratch));
            local.release();
            assertEquals(3, TestFrames.check(local.tryReceive(), scratch));
            local.release();
            assertEquals(null, local.tryReceive());
        }
    }

    private static void offer(final io.aeron.ExclusivePublication publication, final long number, final int length,
        final long reserved)
    {
        final org.agrona.concurrent.UnsafeBuffer header = new org.agrona.concurrent.UnsafeBuffer(new byte[RemoteFrameDescriptor.HEADER_LENGTH]);
        header.putLong(RemoteFrameDescriptor.SEQUENCE_OFFSET, number);
        header.putLong(RemoteFrameDescriptor.TIMESTAMP_OFFSET, number * 3);
        header.putInt(RemoteFrameDescriptor.TAG_OFFSET, (int)number);
        header.putInt(RemoteFrameDescriptor.LENGTH_OFFSET, length);
        header.putInt(RemoteFrameDescriptor.VERSION_OFFSET, RemoteFrameDescriptor.VERSION);
        final org.agrona.concurrent.UnsafeBuffer payload = new org.agrona.concurrent.UnsafeBuffer(TestFrames.frame(number, length));
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (publication.offer(header, 0, header.capacity(), payload, 0, length, (b, o, l) -> reserved) < 0)
        {
            assertTrue(System.nanoTime() - deadline < 0, "offer timed out");
            Thread.onSpinWait();
        }
    }

    private static void publish(final RingProducer producer, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            TestFrames.publish(producer.claim(Duration.ofSeconds(10)), i, 64 + i);
        }
    }
}
