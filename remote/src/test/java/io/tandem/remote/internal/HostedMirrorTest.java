package io.tandem.remote.internal;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.tandem.memory.SharedRing;
import io.tandem.remote.ring.RingSender;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.test.Await;
import io.tandem.test.ShmDir;
import io.tandem.test.NoLeftovers;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's mirror ring ({@link RemoteRings#mirror}) fed by a receiver on the embedded media driver's thread: frames
 * arrive whole and in order, no receiver thread of its own exists, a full BLOCK mirror holds the sender back without
 * losing anything, and closing leaves nothing. With an external driver the receiver has its own thread again.
 */
@Timeout(120)
class HostedMirrorTest
{
    private static final int FRAMES = 2_000;
    private static final int SLOTS = 16;
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-hosted-mirror-");


    @Test
    void theMirrorsReceiverRunsOnTheEmbeddedDriversThreadAndLosesNothingWhenTheMirrorIsFull() throws Exception
    {
        final String endpoint = "127.0.0.1:" + freePort();
        try (AeronRuntime runtime = AeronRuntime.embedded(shm.path().resolve("aeron"));
             RingBuffer source = RingBuffer.create(shm.path().resolve("source")).slotCount(SLOTS).slotSize(256)
                 .policy(RingPolicy.BLOCK).build();
             RingProducer producer = source.producer())
        {
            final RemoteRings mirrors = RemoteRings.mirror(
                List.of(new RemoteRings.Geometry("hosted-mirror", SLOTS, 256, RingPolicy.BLOCK)), runtime, endpoint);
            try (mirrors;
                 SharedRing mirror = SharedRing.attach("hosted-mirror");
                 RingConsumer consumer = mirror.consumer("test");
                 RingSender sender = RingSender.builder(runtime.aeron(), source).endpoint(endpoint)
                     .streamId(mirrors.streamIds()[0]).build().start())
            {
                assertTrue(receiverThreads().isEmpty(), "the mirror's receiver has no thread: " + receiverThreads());
                Await.until(Duration.ofSeconds(20), sender::isConnected, "the sender to reach the mirror");
                final AtomicReference<Throwable> failure = new AtomicReference<>();
                final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
                final Thread producing = new Thread(() ->
                {
                    try
                    {
                        for (int i = 0; i < FRAMES; i++)
                        {
                            producer.claim(Duration.ofSeconds(60)).putLong(0, i).publish(Long.BYTES, 0, 0L);
                            published.incrementAndGet();
                        }
                    }
                    catch (final Throwable t)
                    {
                        failure.set(t);
                    }
                }, "test-producer");
                producing.start();
                // nobody consumes yet: the mirror (16 slots) fills, the receiver on the driver's thread stops polling,
                // Aeron's flow control holds the sender, and the BLOCK source ring fills up behind it
                Await.until(Duration.ofSeconds(30), () -> sender.stalls() > 0, "Aeron to back-pressure the sender");
                Await.until(Duration.ofSeconds(30), () ->
                {
                    final long before = published.get();
                    java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
                    return published.get() == before;
                }, "the held sender to hold the producer back: end to end");
                assertTrue(published.get() < FRAMES, "held before the end: " + published.get());
                final long[] seen = {0};
                Await.until(Duration.ofSeconds(60), () -> (seen[0] = drain(consumer, seen[0])) == FRAMES,
                    "all " + FRAMES + " frames in the mirror, in order");
                producing.join(10_000);
                assertFalse(producing.isAlive());
                if (failure.get() != null)
                {
                    throw new AssertionError("the producer failed", failure.get());
                }
                assertTrue(receiverThreads().isEmpty(), "still none: " + receiverThreads());
                assertEquals(0, sender.framesDropped(), sender.toString());
            }
        }
        NoLeftovers.check(HostedMirrorTest.class.getSimpleName());
    }

    @Test
    void hostingNeedsTheDriverToBeThisJvmsOwn()
    {
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(shm.path().resolve("external").toString()).dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED));
             AeronRuntime external = AeronRuntime.external(driver.aeronDirectoryName());
             AeronRuntime embedded = AeronRuntime.embedded(shm.path().resolve("aeron")))
        {
            final Agent agent = new Agent()
            {
                @Override
                public int doWork()
                {
                    return 0;
                }

                @Override
                public String roleName()
                {
                    return "nothing";
                }
            };
            assertNull(external.host(agent), "an external driver's thread is not this JVM's to run agents on");
            final DriverAgents.Hosted hosted = embedded.host(agent);
            assertNotNull(hosted);
            hosted.close();
        }
    }

    /** @return the next sequence expected after reading what the mirror holds now, checking each frame's. */
    private static long drain(final RingConsumer consumer, final long expected)
    {
        long next = expected;
        Frame frame;
        while ((frame = consumer.tryReceive()) != null)
        {
            assertEquals(next, frame.getLong(0), "in order, none lost or repeated");
            consumer.release();
            next++;
        }
        return next;
    }

    private static List<String> receiverThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(n -> n.startsWith("ring-receiver-")).toList();
    }

    private static int freePort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
