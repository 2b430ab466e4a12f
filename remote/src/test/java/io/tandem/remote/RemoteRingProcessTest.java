package io.tandem.remote;

import io.tandem.ProcessOptions;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.ConsumerStats;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A remote process holding a ring: the node mirrors it, the frontend forwards the local ring's frames, the remote
 * backend consumes them. A node in another JVM with its own runtime root, as in {@link RemoteProcessTest}.
 */
@Timeout(180)
class RemoteRingProcessTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LIVENESS = Duration.ofSeconds(1);

    /** A secret and a node in a child JVM for all the tests; nothing left after them. */
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.withNode();

    private static ProcessOptions remote(final String address)
    {
        return ProcessOptions.builder().remote(address).remoteSecret(NODE.secret()).remoteLiveness(LIVENESS).build();
    }

    @Test
    void aRemoteBackendConsumesEveryFrameOfABlockRingInOrder() throws Exception
    {
        final int n = 20_000;
        try (SharedRing frames = SharedRing.builder("remote-block").slotCount(16).slotSize(512).policy(RingPolicy.BLOCK).create();
             RingConsumerWorker worker = new RingConsumerWorker("ring-block", remote(NODE.address()), frames))
        {
            worker.start();
            final RingCommands backend = worker.backend(RingCommands.class);
            assertTrue(backend.ready());
            assertEquals(List.of("remote:ring-block@" + NODE.address()), remoteConsumers(frames),
                "the frontend's sender is a consumer of the local ring");
            final CompletableFuture<Void> produced = CompletableFuture.runAsync(() ->
            {
                try (RingProducer producer = frames.producer())
                {
                    for (long i = 0; i < n; i++)
                    {
                        RingConsumerWorker.publish(producer, i, 16 + (int)(i % 480), WAIT);
                    }
                }
            });
            final long[] got = backend.consume(n - 1, WAIT.toMillis(), 0);
            produced.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertArrayEquals(new long[] {n, 0, 0, 0, n - 1, 0}, got,
                "received, corrupt, disorder, first, last, dropped: every frame once, in order, intact");
        }
        awaitNoMirror("remote-block");
    }

    @Test
    void anOverwriteRingDropsForASlowRemoteConsumerAndTheDropsShow() throws Exception
    {
        final int n = 1_000;
        try (SharedRing frames = SharedRing.builder("remote-overwrite").slotCount(8).slotSize(256).policy(RingPolicy.OVERWRITE).create();
             RingConsumerWorker worker = new RingConsumerWorker("ring-overwrite", remote(NODE.address()), frames))
        {
            worker.start();
            final RingCommands backend = worker.backend(RingCommands.class);
            assertTrue(backend.ready());
            final CompletableFuture<long[]> consumed = CompletableFuture.supplyAsync(() ->
                backend.consume(n - 1, WAIT.toMillis(), 2_000)); // 2 ms a frame: ten times slower than the producer
            try (RingProducer producer = frames.producer())
            {
                for (long i = 0; i < n; i++)
                {
                    RingConsumerWorker.publish(producer, i, 64, WAIT); // OVERWRITE: never held
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000); // paced: Aeron keeps up, the mirror laps
                }
            }
            final long[] got = consumed.get(WAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            assertEquals(0, got[1], "no corrupt frame");
            assertEquals(0, got[2], "no frame twice or out of order");
            assertEquals(n - 1, got[4], "the last frame arrives");
            assertTrue(got[0] < n, "a slow consumer of an OVERWRITE ring misses frames: received " + got[0] + " of " + n);
            // lapped in the mirror: counted by the backend's consumer (frames the sender skipped, if Aeron pushed
            // back, are counted by the sender and the node's receiver instead)
            assertTrue(got[5] > 0 && got[0] + got[5] <= n, "the backend's consumer counts the frames it was lapped (" +
                got[5] + "), received " + got[0] + " of " + n);
        }
        awaitNoMirror("remote-overwrite");
    }

    @Test
    void aRestartedRemoteBackendGetsAFreshMirrorAndTheFramesGoOn()
    {
        try (SharedRing frames = SharedRing.builder("remote-restarted").slotCount(8).slotSize(256).policy(RingPolicy.BLOCK).create();
             RingConsumerWorker worker = new RingConsumerWorker("ring-restarted", remote(NODE.address()), frames);
             RingProducer producer = frames.producer())
        {
            worker.start();
            for (int round = 0; round < 2; round++)
            {
                final RingCommands backend = worker.backend(RingCommands.class);
                assertTrue(backend.ready());
                final CompletableFuture<long[]> consumed = CompletableFuture.supplyAsync(() -> backend.consume(99, WAIT.toMillis(), 0));
                for (long i = 0; i < 100; i++)
                {
                    RingConsumerWorker.publish(producer, i, 64, WAIT);
                }
                assertArrayEquals(new long[] {100, 0, 0, 0, 99, 0}, consumed.join(), "round " + round);
                assertEquals(List.of("remote:ring-restarted@" + NODE.address()), remoteConsumers(frames), "one sender");
                if (round == 0)
                {
                    worker.restart();
                }
            }
        }
        awaitNoMirror("remote-restarted");
    }

    @Test
    void aRemoteBackendMayNotProduceIntoItsMirror()
    {
        try (SharedRing frames = SharedRing.builder("remote-reverse").slotCount(8).slotSize(256).create();
             RingConsumerWorker worker = new RingConsumerWorker("ring-reverse", remote(NODE.address()), frames))
        {
            worker.start();
            final String answer = worker.backend(RingCommands.class).tryProduce();
            assertTrue(answer.contains("remote-reverse") && answer.contains("may only consume"),
                "a clear refusal naming the ring: " + answer);
        }
        awaitNoMirror("remote-reverse");
    }

    @Test
    void closingTheProcessLeavesNothingOnEitherSide()
    {
        try (SharedRing frames = SharedRing.builder("remote-closed").slotCount(8).slotSize(256).create();
             SharedRing observer = SharedRing.attach("remote-closed")) // not the process's: open after it closed
        {
            try (RingConsumerWorker worker = new RingConsumerWorker("ring-closed", remote(NODE.address()), frames))
            {
                worker.start();
                assertTrue(worker.backend(RingCommands.class).ready());
                assertTrue(mirrors().contains("remote-closed"), "the node made the mirror: " + mirrors());
                assertEquals(List.of("remote:ring-closed@" + NODE.address()), remoteConsumers(observer));
            }
            assertEquals(List.of(), remoteConsumers(observer), "the sender left the local ring with the process");
            awaitNoMirror("remote-closed");
        }
    }

    @Test
    void aKilledNodeReleasesTheLocalBlockProducerWithinTheLivenessTimeout() throws Exception
    {
        try (NodeChild doomed = NodeChild.start(NODE.secret(), List.of());
             SharedRing frames = SharedRing.builder("remote-doomed").slotCount(4).slotSize(256).policy(RingPolicy.BLOCK)
                 .producerTimeout(Duration.ofSeconds(60)).create();
             RingConsumerWorker worker = new RingConsumerWorker("ring-doomed", remote(doomed.address), frames);
             RingProducer producer = frames.producer())
        {
            worker.start();
            assertTrue(worker.backend(RingCommands.class).ready());
            // the backend never reads: mirror full, then the sender held, then the local producer has no slot
            long published = 0;
            long fullSince = 0;
            while (true)
            {
                final io.tandem.ringbuffer.FrameClaim claim = producer.tryClaim();
                if (claim != null)
                {
                    RingConsumerWorker.write(claim, published++, 64);
                    fullSince = 0;
                    assertTrue(published < 10_000, "the remote consumer never held the BLOCK producer back");
                    continue;
                }
                if (fullSince == 0)
                {
                    fullSince = System.nanoTime();
                }
                else if (System.nanoTime() - fullSince > TimeUnit.MILLISECONDS.toNanos(500))
                {
                    break; // held for half a second: the remote side has all it takes
                }
                Thread.sleep(5);
            }
            assertEquals(List.of("remote:ring-doomed@" + doomed.address), remoteConsumers(frames));
            final long killed = System.nanoTime();
            doomed.program.process().destroyForcibly(); // kill -9
            final long deadline = killed + LIVENESS.toNanos() + TimeUnit.SECONDS.toNanos(5);
            while (!remoteConsumers(frames).isEmpty() && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(10);
            }
            final long ms = (System.nanoTime() - killed) / 1_000_000;
            assertEquals(List.of(), remoteConsumers(frames), "the sender's consumer entry is gone " + ms + " ms after the kill");
            RingConsumerWorker.publish(producer, published, 64, Duration.ofSeconds(1)); // and the producer goes on
        }
    }

    private static List<String> remoteConsumers(final SharedRing ring)
    {
        return ring.ring().consumers().stream().filter(ConsumerStats::registered).map(ConsumerStats::name)
            .filter(name -> name.startsWith("remote:")).collect(Collectors.toList());
    }

    /** @return the names of the ring files under the node's runtime root. */
    private static List<String> mirrors()
    {
        try (Stream<Path> files = Files.walk(NODE.node().root))
        {
            return files.filter(f -> f.getParent() != null && f.getParent().getFileName().toString().equals(SharedRing.DIRECTORY))
                .map(f -> f.getFileName().toString()).collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void awaitNoMirror(final String name)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (mirrors().contains(name) && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
        assertTrue(!mirrors().contains(name), "the node removed mirror '" + name + "': " + mirrors());
    }
}
