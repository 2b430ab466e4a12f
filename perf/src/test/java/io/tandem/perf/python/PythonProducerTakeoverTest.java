package io.tandem.perf.python;

import io.tandem.perf.ChildJvm;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.ProducerStatus;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingBufferException;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Python producer ({@code python3 -m tandem.peer produce --hold}) takes a Java ring's single-producer role as a Java
 * producer does: a Java producer is refused while it lives, and once it is killed with SIGKILL (its role never given
 * back) a Java producer takes the role over and continues its sequence, the Java consumer reading every frame of both.
 */
@Timeout(120)
class PythonProducerTakeoverTest
{
    @Test
    void javaTakesOverTheProducerRoleOfAKilledPythonProducer() throws Exception
    {
        RequirePython.assumeAvailable("PythonProducerTakeoverTest");
        final Path path = ChildJvm.shmFile("python-takeover");
        final int frames = 5;
        try (RingBuffer ring = RingBuffer.create(path).policy(RingPolicy.BLOCK).slotCount(16).slotSize(300).build();
             RingConsumer consumer = ring.consumer("java-reader");
             PythonProcess python = PythonProcess.start("produce", "--path", path.toString(), "--frames",
                 Integer.toString(frames), "--hold", "--timeout", "60"))
        {
            python.awaitLine("HOLDING " + frames, Duration.ofSeconds(60));
            assertEquals(ProducerStatus.ACTIVE, ring.producerStatus());
            final RingBufferException refused = assertThrows(RingBufferException.class, ring::producer);
            assertTrue(refused.getMessage().contains("already has a producer: pid " + python.process().pid()),
                refused.getMessage());

            python.killHard();
            assertEquals(128 + 9, python.process().exitValue(), "the Python producer died of SIGKILL");
            assertEquals(ProducerStatus.DEAD, ring.producerStatus());
            assertTrue(ring.isAbandoned());

            try (RingProducer producer = ring.producer()) // takes over the dead Python owner's role
            {
                assertEquals(ProducerStatus.ACTIVE, ring.producerStatus());
                assertEquals(frames, producer.position(), "it continues the Python producer's sequence");
                PythonConsumerEvictionTest.publishPattern(producer, new byte[300]);
            }
            for (int s = 0; s <= frames; s++)
            {
                final Frame frame = consumer.receive(Duration.ofSeconds(5));
                assertNotNull(frame, "frame " + s);
                assertEquals(s, frame.sequence());
                assertTrue(PythonPeer.matches(frame, 300), "frame " + s + " is the pattern, whoever wrote it");
                assertTrue(consumer.release());
            }
            assertEquals(frames + 1, consumer.consumed());
        }
        assertFalse(Files.exists(path));
    }
}
