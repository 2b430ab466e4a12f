package io.tandem.ringbuffer;

import io.tandem.idle.WaitMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Processes that die: kill -9 of a consumer and of a producer. */
class ProcessFailureTest
{
    private final Path path = TestPaths.newPath("failure");

    @AfterEach
    void deleteFiles() throws Exception
    {
        TestPaths.deleteAll();
    }

    @Test
    @Timeout(60)
    void aKilledConsumerIsEvictedAndTheBlockedProducerGoesOn() throws Exception
    {
        try (RingBuffer ring = RingBuffer.create(path).slotCount(4).slotSize(64).policy(RingPolicy.BLOCK)
                .heartbeatTimeout(Duration.ofMillis(500)).waitMode(WaitMode.BACKOFF).build();
             ChildProcess consumer = ChildProcess.start("holder", "hold", path.toString(), "holder");
             RingProducer producer = ring.producer())
        {
            consumer.awaitLine("READY", Duration.ofSeconds(30));
            for (int i = 0; i < 4; i++)
            {
                producer.publish(new byte[] {(byte)i});
            }
            assertNull(producer.tryClaim(), "the consumer process holds every slot");

            final RingTimeoutException alive = assertThrows(RingTimeoutException.class, () -> producer.claim(Duration.ofMillis(1500)));
            assertTrue(alive.getMessage().contains("holder[#0 pid " + consumer.pid()), alive.getMessage());
            assertEquals(0, ring.consumersEvicted(), "alive, if silent: never evicted");

            consumer.kill();
            final long start = System.nanoTime();
            final FrameClaim claim = producer.claim(Duration.ofSeconds(20));
            final long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(claim);
            claim.publish();
            assertEquals(1, ring.consumersEvicted());
            assertTrue(ring.consumers().isEmpty());
            assertTrue(waitedMs < 5_000, "went on soon after the kill: " + waitedMs + " ms");
        }
    }

    @Test
    @Timeout(60)
    void aKilledProducerLeavesTheRingAbandonedAndConsumersTimeOutCleanly() throws Exception
    {
        try (RingBuffer ring = RingBuffer.create(path).slotCount(16).slotSize(64).policy(RingPolicy.BLOCK)
                .waitMode(WaitMode.BACKOFF).build();
             RingConsumer consumer = ring.consumer("survivor");
             ChildProcess producer = ChildProcess.start("producer", "produce-hang", path.toString(), "10"))
        {
            producer.awaitLine("READY", Duration.ofSeconds(30));
            assertEquals(ProducerStatus.ACTIVE, ring.producerStatus());
            producer.kill();

            final TestFrames check = new TestFrames(8, 64);
            for (long s = 0; s < 10; s++)
            {
                final Frame frame = consumer.receive(Duration.ofSeconds(10));
                assertNotNull(frame);
                assertEquals(s, frame.sequence());
                assertNull(check.check(frame));
                assertTrue(consumer.release());
            }
            final long start = System.nanoTime();
            assertNull(consumer.receive(Duration.ofSeconds(20)));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "returned once the producer was seen dead, not after 20 s");
            assertEquals(ProducerStatus.DEAD, ring.producerStatus());
            assertTrue(ring.isAbandoned());

            try (RingProducer successor = ring.producer())
            {
                assertEquals(10, successor.position(), "a new producer takes over and continues the sequence");
                successor.publish(new byte[] {42});
            }
            assertEquals(10, consumer.receive(Duration.ofSeconds(10)).sequence());
            assertTrue(consumer.release());
        }
    }
}
