package io.tandem;

import io.tandem.process.EchoCommands;
import io.tandem.process.EchoProcess;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting on many processes, channels and a stop signal at once. */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class PollerTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void reportsExactlyTheProcessesWithRepliesLevelTriggered()
    {
        final List<EchoProcess> workers = new ArrayList<>();
        try (Poller poller = new Poller())
        {
            for (int i = 0; i < 4; i++)
            {
                final EchoProcess p = new EchoProcess("polled-" + i, ProcessOptions.builder().inJvm().build());
                workers.add(p);
                p.start();
                poller.add(p);
            }
            assertTrue(poller.poll(Duration.ofMillis(50)).isEmpty(), "nothing yet");

            workers.get(1).backend(EchoCommands.class).echo("a");
            workers.get(1).backend(EchoCommands.class).echo("b");
            workers.get(3).backend(EchoCommands.class).echo("c");
            final Set<MessageProcess> seen = new HashSet<>();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline)
            {
                seen.addAll(poller.poll(WAIT).processes());
            }
            assertEquals(Set.of(workers.get(1), workers.get(3)), seen);

            // take one of worker 1's two replies (waiting for the second to have arrived): it is reported again
            final MessageObject first = workers.get(1).receive(WAIT);
            assertEquals("a", first.get("text"));
            assertEquals("c", workers.get(3).receive(WAIT).get("text"));
            awaitTwoSent(workers.get(1));
            final Poller.Ready again = poller.poll(WAIT);
            assertEquals(List.of(workers.get(1)), again.processes(), "level-triggered: a reply is still waiting");
            assertEquals("b", workers.get(1).tryReceive().get("text"));
            assertTrue(poller.poll(Duration.ofMillis(50)).isEmpty(), "all read: quiet again");
        }
        finally
        {
            workers.forEach(MessageProcess::close);
        }
    }

    @Test
    void wakeupEndsAPollFromAnotherThreadAndChannelsArePolledAlongside() throws Exception
    {
        try (Poller poller = new Poller())
        {
            final Pipe pipe = Pipe.open();
            final SelectionKey key = poller.add(pipe.source(), SelectionKey.OP_READ, "the pipe");
            new Thread(() ->
            {
                TestJvm.sleep(100);
                poller.wakeup();
            }).start();
            final long start = System.nanoTime();
            final Poller.Ready woken = poller.poll(WAIT);
            assertTrue(woken.isWoken());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "woken, not timed out");

            pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
            final Poller.Ready readable = poller.poll(WAIT);
            assertEquals(List.of(key), readable.channels());
            assertSame("the pipe", readable.channels().get(0).attachment());
            pipe.source().read(ByteBuffer.allocate(1));
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void ringsWithFramesWaitingArePolledAlongsideProcesses(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path tmp)
    {
        try (Poller poller = new Poller();
             io.tandem.ringbuffer.RingBuffer ring = io.tandem.ringbuffer.RingBuffer.create(tmp.resolve("ring"))
                 .slotCount(8).slotSize(64).build();
             io.tandem.ringbuffer.RingConsumer consumer = ring.consumer("watcher");
             io.tandem.ringbuffer.RingProducer producer = ring.producer())
        {
            poller.add(consumer);
            assertTrue(poller.poll(Duration.ofMillis(50)).isEmpty(), "no frame yet");
            producer.publish(new byte[] {1, 2, 3});
            final Poller.Ready ready = poller.poll(WAIT);
            assertEquals(List.of(consumer), ready.rings());
            assertEquals(List.of(consumer), poller.poll(WAIT).rings(), "level-triggered: still unread");
            assertEquals(1, consumer.poll(frame -> assertEquals(3, frame.length()), 10));
            assertTrue(poller.poll(Duration.ofMillis(50)).isEmpty(), "read: quiet again");
        }
    }

    @Test
    void aBackendExitIsReportedWithItsCode()
    {
        try (Poller poller = new Poller(); EchoProcess p = new EchoProcess("polled-exit"))
        {
            p.start();
            poller.add(p);
            p.backend(EchoCommands.class).exit(9);
            Poller.Ready ready;
            final long deadline = System.nanoTime() + WAIT.toNanos();
            do
            {
                ready = poller.poll(WAIT);
            }
            while (ready.exits().isEmpty() && System.nanoTime() < deadline);
            assertEquals(1, ready.exits().size());
            final ProcessExit exit = ready.exits().get(0);
            assertSame(p, exit.process());
            assertEquals(9, exit.exitCode());
            assertFalse(exit.isRequested());
        }
    }

    private static void awaitTwoSent(final EchoProcess p)
    {
        // the second echo may still be on its way; wait until the backend has sent it
        final io.tandem.internal.runtime.Session session = io.tandem.internal.runtime.Session.acquire();
        try
        {
            final int slot = ((MessageProcess)p).link().slot(); // package-private: not inherited by EchoProcess
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (session.processTable().counter(slot, io.tandem.internal.runtime.ProcessTableDescriptor.REPLIES_SENT_OFFSET) < 2)
            {
                assertTrue(System.nanoTime() < deadline, "second reply never sent");
                TestJvm.sleep(1);
            }
        }
        finally
        {
            session.release();
        }
    }
}
