package io.tandem.memory;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.TandemException;
import io.tandem.ringbuffer.ConsumerStats;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.ProducerStatus;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingFileException;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.tandem.test.FailureBounds.DEATH_NOTICE_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared rings as process resources, between a frontend and real backends (child JVMs). */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class SharedRingTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Room for every frame a test publishes: the backend's own consumer never reads, and the ring is BLOCK. */
    private static SharedRing.Builder ring(final String name)
    {
        return SharedRing.builder(name).slotCount(256).slotSize(64).policy(RingPolicy.BLOCK);
    }

    @Test
    void aRingInAFieldAttachesInTheBackendByNameAndItsFramesReachTheFrontend()
    {
        try (SharedRing frames = ring("frames").create();
             RingProcess p = new RingProcess("ring-producer", frames, ProcessOptions.defaults()))
        {
            assertTrue(frames.isCreator());
            assertEquals("frames", frames.path().getFileName().toString());
            assertEquals(SharedRing.DIRECTORY, frames.path().getParent().getFileName().toString());
            p.start();
            p.awaitStarted(WAIT);
            final RingConsumer display = frames.consumer("display");

            p.backend(RingCommands.class).describe();
            final MessageObject described = p.receive(WAIT);
            assertEquals(frames.path().toString(), described.get("path"), "the backend mapped the same file");
            assertEquals(Boolean.FALSE, described.get("creator"), "the backend attached, it did not create");
            assertEquals(64, described.get("slotSize", Integer.class));
            assertEquals(ProducerStatus.ACTIVE, frames.ring().producerStatus(), "the backend took the producer role");

            p.backend(RingCommands.class).produce(1, 100);
            for (long i = 1; i <= 100; i++)
            {
                final Frame frame = display.receive(WAIT);
                assertNotNull(frame, "frame " + i);
                assertEquals(i, frame.getLong(0));
                display.release();
            }
            assertEquals(100, p.receive(WAIT).get("count", Integer.class));
            assertEquals(List.of("backend-ring-producer", "display"),
                frames.ring().consumers().stream().map(ConsumerStats::name).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void theFrontendWaitOnTheRingFailsAtOnceWhenTheProducingBackendIsKilled() throws Exception
    {
        try (SharedRing frames = ring("victim-frames").create();
             RingProcess p = new RingProcess("ring-victim", frames, ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final RingConsumer display = frames.consumer("display");
            p.backend(RingCommands.class).produce(1, 3);
            assertEquals(3, p.receive(WAIT).get("count", Integer.class));

            final Thread waiter = Thread.currentThread();
            final AtomicLong killedAt = new AtomicLong();
            final Thread killer = new Thread(() ->
            {
                // the kill lands while the wait runs, after the three frames were read
                Await.until(Duration.ofSeconds(20), () -> Await.inside(waiter, RingConsumer.class, "receive") &&
                    display.position() == 3, "the frontend to wait on the ring");
                killedAt.set(System.nanoTime());
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }, "killer");
            killer.start();
            for (long i = 1; i <= 3; i++)
            {
                assertEquals(i, display.receive(WAIT).getLong(0), "frames published before the death are read first");
                display.release();
            }
            final BackendDiedException e = assertThrows(BackendDiedException.class, () -> display.receive(WAIT));
            final long ms = (System.nanoTime() - killedAt.get()) / 1_000_000;
            killer.join(20_000);
            assertTrue(killedAt.get() != 0, "killed mid-wait");
            assertEquals("ring-victim", e.processName());
            assertEquals(137, e.exitCode());
            assertTrue(e.getMessage().contains("ring 'victim-frames'"), e.getMessage());
            assertTrue(ms <= DEATH_NOTICE_MS + LOADED_MARGIN_MS, "the wait failed " + ms + " ms after the kill; the " +
                "README says at once (" + DEATH_NOTICE_MS + " ms, + " + LOADED_MARGIN_MS + " ms for a loaded machine)");
            assertThrows(BackendDiedException.class, () -> display.receive(WAIT), "and so does every later wait");
        }
    }

    @Test
    void closingTheProcessClosesTheRingOnBothSidesAndTheCreatorRemovesTheFile()
    {
        final SharedRing frames = ring("closing").create();
        final Path file = frames.path();
        // an independent mapping, not the process's: it sees what each side did at close
        try (RingBuffer observer = RingBuffer.attach(file).build())
        {
            try (RingProcess p = new RingProcess("ring-closer", frames, ProcessOptions.defaults()))
            {
                p.start();
                p.awaitStarted(WAIT);
                assertEquals(ProducerStatus.ACTIVE, observer.producerStatus());
                assertEquals(1, observer.consumers().size(), "the backend's consumer");
                assertTrue(Files.exists(file));
            }
            assertTrue(frames.isClosed(), "the frontend's side closed with the process");
            assertFalse(Files.exists(file), "the creator's close removed the file");
            assertEquals(ProducerStatus.CLOSED, observer.producerStatus(),
                "the backend closed its producer (a backend that only died would leave it DEAD)");
            assertTrue(observer.consumers().isEmpty(), "the backend's consumer deregistered: " + observer.consumers());
            assertEquals(0, observer.consumersEvicted(), "closed, not evicted");
        }
        frames.close(); // idempotent
        assertThrows(IllegalStateException.class, frames::ring);
    }

    @Test
    void aClosedRingCannotBeShipped()
    {
        final SharedRing frames = ring("shut").create();
        frames.close();
        try (RingProcess p = new RingProcess("ring-shut", frames, ProcessOptions.defaults()))
        {
            final TandemException e = assertThrows(TandemException.class, p::start);
            assertTrue(String.valueOf(e.getMessage()).contains("closed") ||
                String.valueOf(e.getCause()).contains("closed"), String.valueOf(e));
        }
    }

    @Test
    void badInputGetsAClearError()
    {
        final IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
            () -> SharedRing.builder("../frames"));
        assertTrue(badName.getMessage().contains("ring name"), badName.getMessage());

        final RingFileException missing = assertThrows(RingFileException.class, () -> SharedRing.attach("no-such-ring"));
        assertTrue(missing.getMessage().contains("no-such-ring"), missing.getMessage());

        try (SharedRing frames = ring("geometry").create())
        {
            final RingFileException taken = assertThrows(RingFileException.class, () -> ring("geometry").create());
            assertTrue(taken.getMessage().contains("geometry"), taken.getMessage());

            final RingFileException otherSize = assertThrows(RingFileException.class,
                () -> SharedRing.builder("geometry").slotSize(128).attach());
            assertTrue(otherSize.getMessage().toLowerCase().contains("slot"), otherSize.getMessage());

            try (SharedRing same = SharedRing.builder("geometry").slotSize(64).attach())
            {
                assertFalse(same.isCreator());
                assertEquals(frames.path(), same.path());
            }
            assertTrue(Files.exists(frames.path()), "an attached side's close leaves the file");
        }
        assertThrows(IllegalArgumentException.class, () -> ring("slots").slotCount(3).create());
    }

    @Test
    void aBackendsWaitOnARingWhoseCreatorIsGoneEndsWithAClearError() throws Exception
    {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (SharedRing frames = ring("orphan").create())
        {
            // as a backend receives it: shipped by name and creator, here with a creator that has exited
            final Wire wire = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap(64));
            wire.write("ring").marshallable(m -> m.write("name").text("orphan")
                .write("creatorPid").int64(gone.pid())
                .write("creatorStart").int64(0));
            try (SharedRing attached = wire.read("ring").object(SharedRing.class))
            {
                assertFalse(attached.isCreator());
                final RingConsumer consumer = attached.consumer("backend");
                final TandemException e = assertThrows(TandemException.class, () -> consumer.receive(WAIT));
                assertTrue(e.getMessage().contains("creator, process " + gone.pid() + ", is gone"), e.getMessage());
                assertNull(consumer.tryReceive(), "tryReceive does not wait, so it does not watch");
            }
        }
    }
}
