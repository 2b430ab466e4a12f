package io.tandem.remote;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.ExitCodes;
import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who ends a remote backend, and when: the frontend that gave it up (its node declared lost, or killed from here), the
 * node tethering it with the frontend's shorter liveness, the node closing (postRun, END); an exited backend's last
 * replies reach a frontend however slowly it reads; an embedded node and remote processes share one JVM.
 */
@Timeout(120)
class RemoteLifecycleTest
{
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The frontend's liveness timeout in these tests. */
    static final Duration FRONTEND_LIVENESS = Duration.ofMillis(1500);
    /** The node's own, much longer: what the node does within it is the frontend's doing. */
    static final long NODE_LIVENESS_MS = 8000;
    static final long GRACE_MS = 1000;
    /** A node paused (kill -STOP) this long is lost to the frontend but comes back well within its own liveness. */
    static final long PAUSE_MS = 3500;
    /** What a stop may take beyond its cause: a heartbeat period (200 ms), a backend's exit, scheduling on 2 cores. */
    static final long MARGIN_MS = 1500;

    /** The secret of the nodes these tests start; nothing left after them. */
    @RegisterExtension
    static final NodeFixture CLUSTER = NodeFixture.secretOnly();

    static NodeChild slowNode()
    {
        return NodeChild.start(CLUSTER.secret(), List.of(), "--liveness-ms", Long.toString(NODE_LIVENESS_MS), "--grace-ms",
            Long.toString(GRACE_MS));
    }

    @Test
    void anEmbeddedNodeAndRemoteProcessesShareTheJvmsMediaDriver() throws Exception
    {
        try (TandemNode node = TandemNode.builder().listen("127.0.0.1:0").secretFile(CLUSTER.secret()).build())
        {
            try (RemoteWorker worker = new RemoteWorker("remote-embedded", ProcessOptions.builder()
                .remote(node.endpoint()).remoteSecret(CLUSTER.secret()).remoteLiveness(FRONTEND_LIVENESS).build(), null))
            {
                worker.start();
                final RemoteCommands backend = worker.backend(RemoteCommands.class);
                assertEquals(5, backend.add(2, 3));
                final long killed = System.nanoTime();
                ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
                final BackendDiedException died = assertThrows(BackendDiedException.class, () -> backend.add(1, 1));
                assertEquals(137, died.exitCode(), died.getMessage());
                assertTrue((System.nanoTime() - killed) / 1_000_000 < FRONTEND_LIVENESS.toMillis(), "seen at once");
            }
            try (RemoteWorker again = new RemoteWorker("remote-embedded-2", ProcessOptions.builder()
                .remote(node.endpoint()).remoteSecret(CLUSTER.secret()).build(), null))
            {
                again.start();
                assertEquals(7, again.backend(RemoteCommands.class).add(3, 4), "the node's driver lived through it");
            }
        }
    }

    @Test
    void aBackendTheFrontendGaveUpIsKilledWhenItsPausedNodeComesBack() throws Exception
    {
        // the frontend keeps its client (and heartbeats to every node) for another process, on a node of its own
        try (NodeChild node = slowNode();
             TandemNode keeperNode = TandemNode.builder().listen("127.0.0.1:0").secretFile(CLUSTER.secret()).build();
             RemoteWorker keeper = new RemoteWorker("remote-keeper", remote(keeperNode.endpoint()).build(), null);
             RemoteWorker worker = new RemoteWorker("remote-paused", remote(node.address).build(), null))
        {
            keeper.start();
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertEquals(3, backend.add(1, 2));
            final long backendPid = worker.pid();
            signal("STOP", node.pid());
            try
            {
                final BackendDiedException died = assertThrows(BackendDiedException.class,
                    () -> worker.backend(RemoteCommands.class, WAIT).add(2, 2));
                assertEquals(ExitCodes.NODE_LOST, died.exitCode(), died.getMessage());
                TestJvm.sleep(Math.max(0, PAUSE_MS - FRONTEND_LIVENESS.toMillis()));
            }
            finally
            {
                signal("CONT", node.pid());
            }
            final long resumed = System.nanoTime();
            // this frontend still heartbeats to the node (it only gave the process up): the node must not keep it
            final Map<Long, Long> gone = TestJvm.msUntilExited(List.of(backendPid), resumed,
                Duration.ofMillis(MARGIN_MS));
            assertTrue(gone.containsKey(backendPid), "the given-up backend is killed once the node hears again, " +
                "not left beside a restart's; node said:\n" + node.program.output());
            assertProcessDirectoriesGo(node, "remote-paused");
            assertEquals(9, keeper.backend(RemoteCommands.class).add(4, 5), "the other node's process lives on");
        }
    }

    @Test
    void theNodeTethersABackendWithTheFrontendsShorterLiveness() throws Exception
    {
        final Path root = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-frontend-test-");
        final Path markers = Files.createTempDirectory("tandem-markers-");
        try (NodeChild node = slowNode();
             ChildProgram frontend = ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + root),
                 RemoteFrontendMain.class.getName(), node.address, CLUSTER.secret().toString(), markers.toString())))
        {
            final long backendPid = Long.parseLong(frontend.awaitLine("started", WAIT));
            final long killed = System.nanoTime();
            frontend.process().destroyForcibly();
            final long bound = FRONTEND_LIVENESS.toMillis() + GRACE_MS + MARGIN_MS; // RemoteFrontendMain's: 1500 ms
            final Map<Long, Long> gone = TestJvm.msUntilExited(List.of(backendPid), killed, Duration.ofMillis(bound));
            assertTrue(gone.containsKey(backendPid), "stopped within the frontend's liveness (" + bound + " ms), not " +
                "the node's " + NODE_LIVENESS_MS + " ms");
            assertTrue(Files.exists(markers.resolve("postRun")), "stopped, not killed: postRun ran");
            assertProcessDirectoriesGo(node, "remote-abandoned");
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
            io.tandem.internal.runtime.FileTrees.deleteRecursively(markers);
        }
    }

    @Test
    void aKillFromTheFrontendEndsTheBridgeAtOnceEvenWithItsNodePaused() throws Exception
    {
        try (NodeChild node = slowNode())
        {
            final RemoteWorker worker = new RemoteWorker("remote-killed-here", ProcessOptions.builder()
                .remote(node.address).remoteSecret(CLUSTER.secret()).remoteLiveness(Duration.ofSeconds(30))
                .stopTimeout(Duration.ofMillis(500)).build(), null);
            final long backendPid;
            try
            {
                worker.start();
                assertEquals(3, worker.backend(RemoteCommands.class).add(1, 2));
                backendPid = worker.pid();
                signal("STOP", node.pid());
                final long closing = System.nanoTime();
                worker.close(); // asks to stop, waits stopTimeout, then kills: the kill must not wait for the node
                final long ms = (System.nanoTime() - closing) / 1_000_000;
                assertFalse(worker.isAlive());
                assertEquals(137, worker.exitCode().orElse(-1), "killed from here");
                // stopTimeout, then a second for the SIGTERM the node cannot pass on, then the kill: at once
                assertTrue(ms < 500 + 1000 + MARGIN_MS, "closed in " + ms + " ms, not after the 30 s liveness");
            }
            finally
            {
                signal("CONT", node.pid());
                worker.close();
            }
            final Map<Long, Long> gone = TestJvm.msUntilExited(List.of(backendPid), System.nanoTime(),
                Duration.ofMillis(MARGIN_MS + GRACE_MS));
            assertTrue(gone.containsKey(backendPid), "the node killed it when it came back");
            assertProcessDirectoriesGo(node, "remote-killed-here");
        }
    }

    @Test
    void aSlowReaderGetsEveryReplyOfAnExitedBackendAndItsExitCode() throws Exception
    {
        final int count = 600;
        final int pad = 1000;
        try (NodeChild node = NodeChild.start(CLUSTER.secret(), List.of());
             RemoteWorker worker = new RemoteWorker("remote-slow-reader", remote(node.address)
                 .remoteLiveness(Duration.ofSeconds(5)).queueBlockSize(1 << 20).replyBacklog(256 << 10).build(), null))
        {
            worker.start();
            // ~600 KB of replies: 256 KB fill this side's backlog, Aeron's window holds some, the node's queue the rest
            worker.backend(RemoteCommands.class).emitThenExit(count, pad, 42);
            TestJvm.sleep(7_000); // longer than the node once gave an exited backend's replies
            for (long i = 0; i < count; i++)
            {
                final MessageObject reply = worker.receive(WAIT);
                assertEquals("emitted", reply.name());
                assertEquals(i, ((Number)reply.get("seq")).longValue(), "in order, none lost");
            }
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (worker.isAlive() && System.nanoTime() - deadline < 0)
            {
                TestJvm.sleep(10);
            }
            assertEquals(42, worker.exitCode().orElse(-1), "the backend's own exit code, not the node's loss");
            assertProcessDirectoriesGo(node, "remote-slow-reader");
        }
    }

    @Test
    void aClosingNodeStopsItsBackendsWithPostRunAndTellsTheFrontend() throws Exception
    {
        final Path markers = Files.createTempDirectory("tandem-markers-");
        try (NodeChild node = NodeChild.start(CLUSTER.secret(), List.of(), "--grace-ms", Long.toString(GRACE_MS));
             RemoteWorker worker = new RemoteWorker("remote-node-closes", remote(node.address)
                 .remoteLiveness(Duration.ofSeconds(30)).build(), markers))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertEquals(3, backend.add(1, 2));
            final long stopping = System.nanoTime();
            node.program.process().destroy(); // SIGTERM: the node closes
            final long deadline = stopping + WAIT.toNanos();
            while (worker.isAlive() && System.nanoTime() - deadline < 0)
            {
                TestJvm.sleep(5);
            }
            final long ms = (System.nanoTime() - stopping) / 1_000_000;
            assertEquals(143, worker.exitCode().orElse(-1), "stopped by SIGTERM there, and the frontend was told (END)");
            assertThrows(BackendDiedException.class, () -> backend.add(2, 2));
            assertTrue(ms < GRACE_MS + MARGIN_MS, "learnt in " + ms + " ms, not after the 30 s liveness");
            assertTrue(Files.exists(markers.resolve("postRun")), "postRun ran");
            node.program.awaitExit(WAIT);
            assertFalse(node.program.process().isAlive(), "the node exited");
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(markers);
        }
    }

    static ProcessOptions.Builder remote(final String address)
    {
        return ProcessOptions.builder().remote(address).remoteSecret(CLUSTER.secret()).remoteLiveness(FRONTEND_LIVENESS);
    }

    static void signal(final String signal, final long pid) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
    }

    /** Asserts the node removes the directories of the process named {@code name} (its local name starts with it). */
    static void assertProcessDirectoriesGo(final NodeChild node, final String name) throws IOException
    {
        final long deadline = System.nanoTime() + Duration.ofMillis(MARGIN_MS + GRACE_MS).toNanos();
        List<Path> left;
        while (!(left = processDirectories(node.root, name)).isEmpty() && System.nanoTime() - deadline < 0)
        {
            TestJvm.sleep(20);
        }
        assertEquals(List.of(), left, "the node removed the process's directories");
    }

    static List<Path> processDirectories(final Path root, final String name) throws IOException
    {
        if (!Files.exists(root))
        {
            return List.of();
        }
        try (var paths = Files.walk(root))
        {
            return paths.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(name + "-")).toList();
        }
        catch (final java.io.UncheckedIOException ex)
        {
            return processDirectories(root, name); // a directory went while walking: look again
        }
    }
}
