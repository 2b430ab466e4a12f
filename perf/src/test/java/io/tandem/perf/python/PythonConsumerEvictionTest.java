package io.tandem.perf.python;

import io.tandem.perf.ChildJvm;
import io.tandem.perf.Json;
import io.tandem.ringbuffer.ConsumerStats;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Python consumer ({@code python3 -m tandem.peer check}) in the consumer table of a Java BLOCK ring: it gates the
 * Java producer while it lives, and once it is killed with SIGKILL (no clean-up in the process) the producer evicts
 * it and goes on, as it does a dead Java consumer.
 */
@Timeout(120)
class PythonConsumerEvictionTest
{
    @BeforeAll
    static void python()
    {
        RequirePython.assumeAvailable("PythonConsumerEvictionTest");
    }

    @Test
    void killedPythonConsumerIsEvictedAndTheBlockProducerContinues() throws Exception
    {
        final Path path = ChildJvm.shmFile("python-evict");
        try (RingBuffer ring = RingBuffer.create(path).policy(RingPolicy.BLOCK).slotCount(8).slotSize(256)
            .heartbeatTimeout(Duration.ofMillis(500)).producerTimeout(Duration.ofSeconds(20)).build();
             RingProducer producer = ring.producer();
             PythonProcess python = PythonProcess.start("check", "--path", path.toString(), "--name", "py-victim",
                 "--stall-after", "4", "--mode", "receive", "--timeout", "60"))
        {
            python.awaitLine("READY", Duration.ofSeconds(60));
            final List<ConsumerStats> registered = ring.consumers();
            assertEquals(1, registered.size(), "the Python consumer is in the table: " + registered);
            assertEquals("py-victim", registered.get(0).name());
            assertEquals(python.process().pid(), registered.get(0).pid(), "it registers with its own pid");

            final byte[] buffer = new byte[256];
            for (int i = 0; i < 4; i++)
            {
                publishPattern(producer, buffer);
            }
            python.awaitLine("STALLED", Duration.ofSeconds(30)); // read 4 frames (checked), then stopped reading
            for (int i = 0; i < 8; i++)
            {
                publishPattern(producer, buffer);
            }
            assertEquals(RingProducer.BACK_PRESSURED, producer.offer(new byte[1]), "the live Python consumer gates the producer");
            assertTrue(ring.consumers().get(0).processAlive());

            python.killHard();
            assertFalse(python.process().isAlive());
            assertEquals(128 + 9, python.process().exitValue(), "the Python consumer died of SIGKILL (no clean-up ran)");
            assertEquals(1, ring.consumers().size(), "a killed consumer's entry stays until it is evicted: " + ring.consumers());

            final long start = System.nanoTime();
            for (int i = 0; i < 100; i++)
            {
                publishPattern(producer, buffer); // waits at most until the heartbeat is older than 500 ms
            }
            final long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, ring.consumersEvicted(), "the dead Python consumer was evicted");
            assertTrue(ring.consumers().isEmpty(), "its entry is free: " + ring.consumers());
            assertTrue(waitedMs < 15_000, "evicted after " + waitedMs + " ms");
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void pythonConsumerSeesEveryFrameOfAJavaProducerIntact() throws Exception
    {
        final Path path = ChildJvm.shmFile("python-block");
        final int frames = 2000;
        try (RingBuffer ring = RingBuffer.create(path).policy(RingPolicy.BLOCK).slotCount(16).slotSize(1000)
            .producerTimeout(Duration.ofSeconds(30)).build();
             PythonProcess python = PythonProcess.start("check", "--path", path.toString(), "--name", "py-all",
                 "--mode", "mixed", "--timeout", "60"))
        {
            final RingProducer producer = ring.producer(); // closed below, before the ring: consumers see it abandoned
            python.awaitLine("READY", Duration.ofSeconds(60));
            final byte[] buffer = new byte[1000];
            for (int i = 0; i < frames; i++)
            {
                publishPattern(producer, buffer);
            }
            producer.close(); // the Python consumer reads to the end, then sees the ring abandoned
            final Map<String, Object> result = Json.object(python.awaitLine("{", Duration.ofSeconds(60)));
            assertEquals(0L, ((Number)result.get("corrupt")).longValue(), result.toString());
            assertEquals((long)frames, ((Number)result.get("consumed")).longValue(), result.toString());
            assertEquals(0L, ((Number)result.get("dropped")).longValue(), result.toString());
            assertEquals((long)frames, ((Number)result.get("checked")).longValue(), result.toString());
            assertEquals(0, python.awaitExit(Duration.ofSeconds(10)), python.stderr());
        }
    }

    static void publishPattern(final RingProducer producer, final byte[] buffer)
    {
        final long s = producer.position();
        final int n = FramePattern.fill(s, buffer, buffer.length);
        producer.publish(buffer, 0, n, FramePattern.tag(s), FramePattern.timestamp(s));
    }
}
