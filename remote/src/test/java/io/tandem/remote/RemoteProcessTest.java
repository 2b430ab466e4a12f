package io.tandem.remote;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.CommandFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A remote process through a node in another JVM with its own runtime root: everything works as for a local one. */
@Timeout(120)
class RemoteProcessTest
{
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A secret and a node in a child JVM for all the tests; nothing left after them. */
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.withNode();

    static ProcessOptions remote()
    {
        return ProcessOptions.builder().remote(NODE.address()).remoteSecret(NODE.secret()).build();
    }

    @Test
    void commandsRepliesAndCallsCrossToTheNode()
    {
        try (RemoteWorker worker = new RemoteWorker("remote-basic", remote(), null))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertEquals(5, backend.add(2, 3));
            final long remotePid = backend.backendPid();
            assertEquals(remotePid, worker.pid(), "pid() is the backend's pid on the node's host");
            assertNotEquals(ProcessHandle.current().pid(), remotePid);
            assertTrue(backend.property("tandem.root").startsWith(NODE.node().root.toString()),
                "the backend runs in the node's runtime root: " + backend.property("tandem.root"));
            final int n = 2_000;
            for (long i = 0; i < n; i++)
            {
                backend.record(i);
            }
            assertArrayEquals(LongStream.range(0, n).toArray(), backend.recorded(), "each command once, in order");
            backend.emit(42);
            final MessageObject reply = worker.receive(WAIT);
            assertEquals("emitted", reply.name());
            assertEquals(42L, ((Number)reply.get("seq")).longValue());
            final CommandFailedException failed = assertThrows(CommandFailedException.class, () -> backend.fail("on purpose"));
            assertTrue(failed.getMessage().contains("on purpose"), failed.getMessage());
            assertEquals(7, backend.add(3, 4), "the backend serves on after a failure");
        }
    }

    @Test
    void numberedCommandsArriveExactlyOnceInOrder()
    {
        try (RemoteWorker worker = new RemoteWorker("remote-numbered", remote(), null))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            final int n = 50_000;
            for (long i = 0; i < n; i++)
            {
                backend.record(i);
            }
            assertEquals(n, backend.recordedCount(), "none lost, none twice");
            for (int from = 0; from < n; from += 10_000)
            {
                assertArrayEquals(LongStream.range(from, from + 10_000).toArray(), backend.recordedSlice(from, from + 10_000));
            }
        }
    }

    @Test
    void restartGivesAFreshRemoteBackend()
    {
        try (RemoteWorker worker = new RemoteWorker("remote-restarted", remote(), null))
        {
            worker.start();
            final long first = worker.backend(RemoteCommands.class).backendPid();
            worker.backend(RemoteCommands.class).record(1);
            worker.restart();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertNotEquals(first, backend.backendPid(), "a new backend JVM on the node");
            assertEquals(0, backend.recordedCount(), "fresh state");
            assertEquals(11, backend.add(5, 6));
        }
    }

    @Test
    void aPollerSeesARemoteProcesssRepliesAndItsExit()
    {
        try (RemoteWorker worker = new RemoteWorker("remote-polled", remote(), null);
             io.tandem.Poller poller = new io.tandem.Poller())
        {
            worker.start();
            worker.awaitStarted(WAIT);
            poller.add(worker);
            worker.backend(RemoteCommands.class).emit(7);
            final io.tandem.Poller.Ready ready = poller.poll(WAIT);
            assertEquals(List.of(worker), ready.processes(), "the reply made it ready");
            assertEquals(7L, ((Number)worker.receive(WAIT).get("seq")).longValue());
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            List<io.tandem.ProcessExit> exits = List.of();
            while (exits.isEmpty() && System.nanoTime() - deadline < 0)
            {
                exits = poller.poll(WAIT).exits();
            }
            assertEquals(1, exits.size(), "the remote backend's death woke the poller");
            assertEquals(137, exits.get(0).exitCode());
        }
    }

    @Test
    void aManagerListensToRemoteWorkers() throws Exception
    {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final io.tandem.manager.MainContext manager = new io.tandem.manager.MainContext()
        {
            @Override
            protected void startProcesses()
            {
                for (int i = 0; i < 2; i++)
                {
                    manage(new RemoteWorker("remote-managed-" + i, remote(), null)).start();
                }
            }

            @Override
            public void run()
            {
                while (!isStopRequested() && heard.size() < 2)
                {
                    final io.tandem.Poller.Ready ready = poll(Duration.ofMillis(200));
                    for (final io.tandem.MessageProcess p : ready.processes())
                    {
                        MessageObject reply;
                        while ((reply = p.tryReceive()) != null)
                        {
                            heard.add(p.name() + ":" + reply.get("seq"));
                        }
                    }
                }
            }
        };
        try (manager)
        {
            manager.start();
            for (int i = 0; i < 2; i++)
            {
                ((RemoteWorker)manager.processes().get(i)).backend(RemoteCommands.class).emit(i);
            }
            final Thread loop = new Thread(() ->
            {
                try
                {
                    manager.run();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            loop.start();
            loop.join(WAIT.toMillis());
            assertEquals(java.util.Set.of("remote-managed-0:0", "remote-managed-1:1"), java.util.Set.copyOf(heard));
        }
    }

    @Test
    void aProcessWithSharedMemoryFieldsCannotRunRemotely()
    {
        try (io.tandem.memory.SharedArray array = io.tandem.memory.SharedArray.builder("remote-array").elementType(io.tandem.memory.ElementType.LONG).shape(8).create();
             ArrayHolder holder = new ArrayHolder("remote-with-array", remote(), array))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class, holder::start);
            assertTrue(refused.getMessage().contains("remote-with-array") && refused.getMessage().contains("do not cross hosts"),
                refused.getMessage());
        }
    }

    /** A process holding a shared array: host-local memory. */
    public static class ArrayHolder extends RemoteWorker
    {
        private final io.tandem.memory.SharedArray array;

        public ArrayHolder(final String name, final ProcessOptions options, final io.tandem.memory.SharedArray array)
        {
            super(name, options, null);
            this.array = array;
        }
    }
}
