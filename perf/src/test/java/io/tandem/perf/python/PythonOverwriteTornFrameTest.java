package io.tandem.perf.python;

import io.tandem.perf.ChildJvm;
import io.tandem.perf.Json;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OVERWRITE under load: a Java producer laps a Python consumer on a small ring as fast as it can; the consumer
 * checks every byte of every frame it is handed (each byte derives from the frame's sequence,
 * {@link FramePattern}) and reports its counts. No frame it took as intact may be corrupt, drops must have
 * happened (the ring is too small to keep up), some of them frames overwritten while Python read them in place
 * (release() returned false: the torn-read check itself was exercised; the consumer holds every 8th frame it
 * receives 0.2 ms before reading it, so that what it then reads is usually torn, and a release() that failed to say so
 * would show as a corrupt frame), and consumed + dropped must account for every frame since it joined.
 */
@Timeout(180)
class PythonOverwriteTornFrameTest
{
    @Test
    void pythonNeverGetsATornFrameAsValid() throws Exception
    {
        RequirePython.assumeAvailable("PythonOverwriteTornFrameTest");
        final Path path = ChildJvm.shmFile("python-torn");
        final int slotSize = 4096;
        try (RingBuffer ring = RingBuffer.create(path).policy(RingPolicy.OVERWRITE).slotCount(4).slotSize(slotSize).build();
             PythonProcess python = PythonProcess.start("check", "--path", path.toString(), "--name", "py-torn",
                 "--mode", "mixed", "--timeout", "120", "--hold-every", "8"))
        {
            final RingProducer producer = ring.producer(); // closed below, before the ring: consumers see it abandoned
            python.awaitLine("READY", Duration.ofSeconds(60));
            final byte[] buffer = new byte[slotSize];
            final long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() - end < 0)
            {
                for (int i = 0; i < 64; i++)
                {
                    final long s = producer.position();
                    final int n = FramePattern.fill(s, buffer, slotSize);
                    producer.offer(buffer, 0, n, FramePattern.tag(s), FramePattern.timestamp(s));
                }
            }
            final long published = producer.position();
            producer.close();
            final Map<String, Object> r = Json.object(python.awaitLine("{", Duration.ofSeconds(60)));
            System.out.println("PythonOverwriteTornFrameTest: published " + published + ", python " + r);
            final long consumed = ((Number)r.get("consumed")).longValue();
            final long dropped = ((Number)r.get("dropped")).longValue();
            assertEquals(0L, ((Number)r.get("corrupt")).longValue(), "a torn frame was handed out as valid: " + r);
            assertTrue(dropped > 0, "the producer never lapped the consumer: the test proves nothing " + r);
            // lapped while it read a frame in place: the stamp re-check of release() was what caught it, not the
            // stamp seen before reading (a test where only the latter happens proves nothing about torn reads)
            assertTrue(((Number)r.get("torn")).longValue() > 0,
                "no frame was overwritten while Python read it in place: the torn-read check was never exercised " + r);
            assertTrue(consumed > 0, "nothing was consumed: " + r);
            assertEquals(consumed, ((Number)r.get("checked")).longValue(), "every consumed frame was checked: " + r);
            assertEquals(((Number)r.get("position")).longValue() - ((Number)r.get("start")).longValue(), consumed + dropped,
                "consumed + dropped account for every frame since it joined: " + r);
            assertEquals(published, ((Number)r.get("position")).longValue(), "it read to the end: " + r);
            assertEquals(0, python.awaitExit(Duration.ofSeconds(10)), python.stderr());
        }
    }
}
