package io.tandem.ringbuffer;

import io.tandem.idle.WaitMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end between real processes: every frame carries its sequence, a length drawn from it and a checksum
 * ({@link TestFrames}); each consumer process checks every frame it is given and reports its counts.
 *
 * <p>Sizes are chosen for a 2-core machine: this class runs in about half a minute there.
 */
class MultiProcessStreamingTest
{
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofSeconds(90);

    private final Path path = TestPaths.newPath("stream");
    private final List<ChildProcess> children = new ArrayList<>();

    @AfterEach
    void killChildrenAndDeleteFiles() throws Exception
    {
        for (final ChildProcess child : children)
        {
            child.close();
        }
        TestPaths.deleteAll();
    }

    /**
     * BLOCK: one producer (this JVM) to three consumer processes, 2,000,000 frames of 8 to 256 bytes: none lost,
     * none duplicated, none corrupt. (The issue asks for millions; two million keep the suite short on two cores
     * with four busy processes; the property does not depend on the count.)
     */
    @Test
    @Timeout(120)
    void blockDeliversEveryFrameToThreeConsumerProcesses() throws Exception
    {
        final long frames = 2_000_000;
        try (RingBuffer ring = RingBuffer.create(path).slotCount(1024).slotSize(256).policy(RingPolicy.BLOCK)
            .waitMode(WaitMode.BACKOFF).producerTimeout(RUN).build())
        {
            final String[] modes = {"poll", "receive", "poll"};
            for (int c = 0; c < 3; c++)
            {
                children.add(ChildProcess.start("consumer-" + c,
                    "consume", path.toString(), "c" + c, Long.toString(frames), "8", "256", modes[c], "0"));
            }
            for (final ChildProcess child : children)
            {
                child.awaitLine("READY", START);
            }
            assertEquals(3, ring.consumers().size(), "all registered before the first frame");
            final TestFrames content = new TestFrames(8, 256);
            try (RingProducer producer = ring.producer())
            {
                for (long s = 0; s < frames; s++)
                {
                    content.publish(producer, s);
                }
            }
            for (final ChildProcess child : children)
            {
                final Map<String, String> result = result(child.awaitLine("RESULT", RUN));
                assertEquals(Long.toString(frames), result.get("consumed"), child.transcript());
                assertEquals(Long.toString(frames), result.get("delivered"), child.transcript());
                assertEquals("0", result.get("dropped"), child.transcript());
                assertEquals("0", result.get("errors"), child.transcript());
                assertEquals(0, child.waitFor(START));
            }
            assertEquals(frames, ring.published());
            assertEquals(0, ring.consumersEvicted());
        }
    }

    /**
     * OVERWRITE, 8 slots, a producer publishing a frame every 4 us: a slow consumer (holding each frame 5 us) and a
     * steady one lose frames; each counts exactly what it lost (consumed + dropped = published) and no frame it is
     * given is torn.
     */
    @Test
    @Timeout(120)
    void overwriteWithASlowConsumerCountsEveryDropExactly() throws Exception
    {
        final long frames = 200_000;
        try (RingBuffer ring = RingBuffer.create(path).slotCount(8).slotSize(1024).policy(RingPolicy.OVERWRITE).build())
        {
            children.add(ChildProcess.start("slow", "consume", path.toString(), "slow", Long.toString(frames), "8", "1024", "receive", "5000",
                "YIELD"));
            children.add(ChildProcess.start("steady", "consume", path.toString(), "steady", Long.toString(frames), "8", "1024", "poll", "0",
                "YIELD"));
            for (final ChildProcess child : children)
            {
                child.awaitLine("READY", START);
            }
            RingChildMain.produce(ring, frames, new TestFrames(8, 1024), 4_000);
            final List<Map<String, String>> results = new ArrayList<>();
            for (final ChildProcess child : children)
            {
                final Map<String, String> result = result(child.awaitLine("RESULT", RUN));
                results.add(result);
                final long consumed = Long.parseLong(result.get("consumed"));
                final long dropped = Long.parseLong(result.get("dropped"));
                assertEquals(frames, consumed + dropped, "consumed + dropped = published: " + child.transcript());
                assertEquals("0", result.get("errors"), child.transcript());
                assertEquals(Long.toString(consumed), result.get("delivered"), "delivered = consumed: " + child.transcript());
                assertTrue(consumed > 0, child.transcript());
                assertEquals(0, child.waitFor(START));
            }
            assertTrue(Long.parseLong(results.get(0).get("dropped")) > 0, "the slow consumer was lapped: " + results.get(0));
            System.out.println("overwrite, slow consumer: " + results.get(0) + "; steady consumer: " + results.get(1));
        }
    }

    /**
     * OVERWRITE stress: 2 slots of 16 bytes, a producer process publishing 10 million frames as fast as it can, two
     * readers that read frames in place (so the producer keeps overwriting frames under them) and one that polls
     * copies. No reader is ever given a torn frame as intact, and every frame is accounted for.
     */
    @Test
    @Timeout(120)
    void overwriteStressNeverHandsOutATornFrame() throws Exception
    {
        final long frames = 10_000_000;
        try (RingBuffer ring = RingBuffer.create(path).slotCount(2).slotSize(16).policy(RingPolicy.OVERWRITE)
            .waitMode(WaitMode.BUSY_SPIN).build())
        {
            children.add(ChildProcess.start("reader", "consume", path.toString(), "child-reader", Long.toString(frames), "8", "16",
                "receive", "0"));
            children.get(0).awaitLine("READY", START);
            final RingConsumer inPlace = ring.consumer("in-place");
            final RingConsumer copies = ring.consumer("copies");
            final RingChildMain.Verifier inPlaceCheck = new RingChildMain.Verifier(new TestFrames(8, 16), false, 0, 0);
            final RingChildMain.Verifier copyCheck = new RingChildMain.Verifier(new TestFrames(8, 16), false, 0, 0);
            long tornInPlace = 0;
            long tornCorrupt = 0;

            final ChildProcess producer = ChildProcess.start("producer", "produce", path.toString(), Long.toString(frames), "8", "16", "0");
            children.add(producer);
            producer.awaitLine("READY", START);
            final long deadline = System.nanoTime() + RUN.toNanos();
            while (inPlace.position() < frames || copies.position() < frames)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    fail("the readers did not reach frame " + frames + " within " + RUN + ": in place at " + inPlace.position() +
                        ", copies at " + copies.position() + "; producer alive: " + producer.isAlive() + "\n" +
                        producer.transcript());
                }
                if (inPlace.position() < frames)
                {
                    final Frame frame = inPlace.tryReceive();
                    if (frame != null)
                    {
                        final String problem = inPlaceCheck.inspect(frame);
                        if (inPlace.release())
                        {
                            inPlaceCheck.accept(frame.sequence(), problem);
                        }
                        else
                        {
                            tornInPlace++;
                            if (problem != null)
                            {
                                tornCorrupt++; // what the stamp check keeps from being handed out
                            }
                        }
                    }
                }
                if (copies.position() < frames)
                {
                    copies.poll(copyCheck::onFrame, 4);
                }
            }
            final String published = producer.awaitLine("RESULT", RUN);
            assertEquals("RESULT published=" + frames, published);
            assertEquals(0, inPlaceCheck.errors, inPlaceCheck.firstError);
            assertEquals(0, copyCheck.errors, copyCheck.firstError);
            assertEquals(frames, inPlace.consumed() + inPlace.dropped());
            assertEquals(frames, copies.consumed() + copies.dropped());
            assertEquals(inPlace.consumed(), inPlaceCheck.delivered);
            assertEquals(copies.consumed(), copyCheck.delivered);
            assertTrue(inPlace.dropped() >= tornInPlace);
            // Not vacuous: frames were overwritten while read in place, so the stamp check had something to catch.
            assertTrue(tornInPlace > 0, "no frame was overwritten while read in place: nothing was tested");

            final Map<String, String> child = result(children.get(0).awaitLine("RESULT", RUN));
            assertEquals("0", child.get("errors"), children.get(0).transcript());
            assertEquals(frames, Long.parseLong(child.get("consumed")) + Long.parseLong(child.get("dropped")));
            System.out.printf("overwrite stress: in place %d consumed, %d dropped (%d torn while read, %d of them read " +
                "corrupt); copies %d/%d; child %s/%s%n",
                inPlace.consumed(), inPlace.dropped(), tornInPlace, tornCorrupt, copies.consumed(), copies.dropped(), child.get("consumed"),
                child.get("dropped"));
        }
    }

    static Map<String, String> result(final String line)
    {
        final Map<String, String> values = new HashMap<>();
        for (final String token : line.split(" "))
        {
            final int equals = token.indexOf('=');
            if (equals > 0)
            {
                values.put(token.substring(0, equals), token.substring(equals + 1));
            }
        }
        return values;
    }
}
