package io.tandem.remote;

import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.BacklogFullException;
import io.tandem.failure.ExitCodes;
import io.tandem.failure.TandemException;
import io.tandem.remote.internal.AeronRuntime;
import io.tandem.remote.internal.RemoteDescriptor;
import io.tandem.remote.internal.SecretFile;
import io.tandem.remote.internal.Signer;
import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;
import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;
import io.tandem.test.ShmDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The failure contract across hosts, with real faults: kill -9 of the node, of a remote backend and of the frontend;
 * requests refused (wrong secret, other classes, garbage) while the node keeps serving; back-pressure end to end.
 */
@Timeout(120)
class RemoteFailureTest
{
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The liveness timeout these tests give both sides: short, to keep the suite quick. */
    static final Duration LIVENESS = Duration.ofMillis(1500);
    /**
     * What a death may take beyond the liveness timeout to reach the frontend: the liveness check runs every pass of a
     * conductor that sleeps 1 ms; the rest is scheduling on a loaded 2-core machine.
     */
    static final long MARGIN_MS = 750;
    /** How soon a backend exits once its frontend (here: its node) is gone: "about a second" (DESIGN, Tethered). */
    static final long TETHER_MS = 2000;
    /** How soon a node removes an ended process's directories: its bridge's last pass, a heartbeat period. */
    static final long CLEANUP_MS = 1500;
    /** The node's stop grace for a lost frontend's backends. */
    static final long GRACE_MS = 1000;

    /** A secret and a node in a child JVM for all the tests; nothing left after them. */
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.withNode("--liveness-ms", Long.toString(LIVENESS.toMillis()),
        "--grace-ms", Long.toString(GRACE_MS));
    /** The garbage-request test's raw Aeron: its tmpfs directory, removed after each test. */
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-raw-aeron-");

    static ProcessOptions.Builder remote(final String address, final Path secretFile)
    {
        return ProcessOptions.builder().remote(address).remoteSecret(secretFile).remoteLiveness(LIVENESS);
    }

    @Test
    void aKilledNodeIsABackendDiedExceptionNamingProcessAndNodeWithinTheLivenessTimeout()
    {
        try (NodeChild doomed = NodeChild.start(NODE.secret(), List.of());
             RemoteWorker worker = new RemoteWorker("remote-orphan", remote(doomed.address, NODE.secret()).build(), null))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertEquals(3, backend.add(1, 2));
            final long backendPid = worker.pid();
            final long killed = System.nanoTime();
            doomed.program.process().destroyForcibly(); // kill -9
            final BackendDiedException died = assertThrows(BackendDiedException.class,
                () -> worker.backend(RemoteCommands.class, Duration.ofSeconds(30)).add(2, 2));
            final long ms = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(died.getMessage().contains("'remote-orphan'") && died.getMessage().contains("node " + doomed.address) &&
                died.getMessage().contains("no heartbeat"), died.getMessage());
            assertEquals(ExitCodes.NODE_LOST, died.exitCode());
            assertTrue(ms < LIVENESS.toMillis() + MARGIN_MS, "learnt in " + ms + " ms");
            final Map<Long, Long> gone = TestJvm.msUntilExited(List.of(backendPid), killed, Duration.ofMillis(TETHER_MS));
            assertTrue(gone.containsKey(backendPid), "the dead node's backend exits with it (tethered) within " +
                TETHER_MS + " ms");
        }
    }

    @Test
    void aKilledRemoteBackendIsSeenAtOnceWithItsExitCode() throws Exception
    {
        try (RemoteWorker worker = new RemoteWorker("remote-killed", remote(NODE.address(), NODE.secret()).build(), null))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertEquals(3, backend.add(1, 2));
            final long killed = System.nanoTime();
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
            final BackendDiedException died = assertThrows(BackendDiedException.class, () -> backend.add(1, 1));
            final long ms = (System.nanoTime() - killed) / 1_000_000;
            assertEquals(137, died.exitCode(), died.getMessage());
            assertTrue(died.getMessage().contains("node " + NODE.address()), died.getMessage());
            assertTrue(ms < 1000, "learnt in " + ms + " ms, well within the liveness timeout");
            assertProcessDirectoriesGo("remote-killed");
        }
    }

    @Test
    void aKilledFrontendsBackendIsStoppedByTheNodeWithPostRun() throws Exception
    {
        final Path root = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-frontend-test-");
        final Path markers = Files.createTempDirectory("tandem-markers-");
        try (ChildProgram frontend = ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + root),
            RemoteFrontendMain.class.getName(), NODE.address(), NODE.secret().toString(), markers.toString())))
        {
            final long backendPid = Long.parseLong(frontend.awaitLine("started", WAIT));
            final long killed = System.nanoTime();
            frontend.process().destroyForcibly();
            final long deadline = killed + Duration.ofMillis(LIVENESS.toMillis() + GRACE_MS + MARGIN_MS).toNanos();
            while (!Files.exists(markers.resolve("postRun")) && System.nanoTime() - deadline < 0)
            {
                TestJvm.sleep(10);
            }
            assertTrue(Files.exists(markers.resolve("postRun")), "the node stopped the backend, postRun ran, within " +
                (LIVENESS.toMillis() + GRACE_MS + MARGIN_MS) + " ms");
            final Map<Long, Long> gone = TestJvm.msUntilExited(List.of(backendPid), killed,
                Duration.ofMillis(LIVENESS.toMillis() + GRACE_MS + MARGIN_MS));
            assertTrue(gone.containsKey(backendPid), "the backend exited");
            assertProcessDirectoriesGo("remote-abandoned");
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
            io.tandem.internal.runtime.FileTrees.deleteRecursively(markers);
        }
    }

    @Test
    void aWrongSecretIsRefusedAndTheNodeServesOn() throws Exception
    {
        final Path other = NODE.dir().resolve("other");
        ClusterSecret.create(other);
        final TandemException refused = assertThrows(TandemException.class, () ->
        {
            try (RemoteWorker worker = new RemoteWorker("remote-intruder", remote(NODE.address(), other).build(), null))
            {
                worker.start();
            }
        });
        assertTrue(refused.getMessage().contains("node " + NODE.address() + " refused") &&
            refused.getMessage().contains("secret"), refused.getMessage());
        // the node logs nothing of a request not signed with its secret (a stranger's strings could forge log lines)
        assertFalse(NODE.node().program.output().contains("remote-intruder"), NODE.node().program.output());
        servesAGoodRequest("remote-after-intruder");
    }

    @Test
    void aNodeWithOtherClassesRefusesWithAClearError() throws Exception
    {
        final Path extra = Files.createTempDirectory("tandem-extra-classes-");
        Files.writeString(extra.resolve("Extra.txt"), "not on the frontend's class path");
        try (NodeChild other = NodeChild.start(NODE.secret(), List.of(), extra))
        {
            final TandemException refused = assertThrows(TandemException.class, () ->
            {
                try (RemoteWorker worker = new RemoteWorker("remote-mismatch", remote(other.address, NODE.secret()).build(), null))
                {
                    worker.start();
                }
            });
            assertTrue(refused.getMessage().contains("refused") && refused.getMessage().contains("class path differs"),
                refused.getMessage());
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(extra);
        }
    }

    @Test
    void malformedSpawnRequestsAreRefusedAndLoggedAndTheNodeServesOn() throws Exception
    {
        try (AeronRuntime raw = AeronRuntime.embedded(shm.path().resolve("aeron"));
             Publication publication = raw.aeron().addPublication(RemoteDescriptor.channel(NODE.address(),
                 RemoteDescriptor.CONTROL_TERM_LENGTH), RemoteDescriptor.CONTROL_STREAM))
        {
            final byte[] garbage = new byte[200];
            new java.util.Random(16).nextBytes(garbage);
            garbage[0] = 99; // no such type
            final byte[] truncated = {RemoteDescriptor.SPAWN, 1, 0, 0, 1, 2, 3};
            final byte[] badLengths = new byte[400]; // a spawn request whose first string claims 65535 bytes
            badLengths[0] = RemoteDescriptor.SPAWN;
            badLengths[1] = RemoteDescriptor.VERSION;
            badLengths[RemoteDescriptor.SPAWN_STRINGS_OFFSET] = (byte)0xFF;
            badLengths[RemoteDescriptor.SPAWN_STRINGS_OFFSET + 1] = (byte)0xFF;
            // signed with the secret: only then is a malformed request worth a log line
            final UnsafeBuffer signedBadLengths = new UnsafeBuffer(new byte[400 + RemoteDescriptor.SIGNATURE_LENGTH]);
            signedBadLengths.putBytes(0, badLengths);
            new Signer(SecretFile.load(NODE.secret())).sign(signedBadLengths, 400);
            for (final byte[] message : List.of(garbage, truncated, badLengths, signedBadLengths.byteArray()))
            {
                final long deadline = System.nanoTime() + WAIT.toNanos();
                while (publication.offer(new UnsafeBuffer(message)) < 0)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        fail("the node's control stream took nothing: " + publication.offer(new UnsafeBuffer(message)));
                    }
                    TestJvm.sleep(1);
                }
            }
            // unsigned garbage (200 and 400 bytes): counted in a rate-limited WARN, which another test may have used
            NODE.node().program.awaitLine("io.tandem.remote.internal.NodeConductor - WARNING - node refused a malformed request (7 bytes", WAIT);
            NODE.node().program.awaitLine("io.tandem.remote.internal.NodeConductor - WARNING - node refused a malformed request (" +
                (400 + RemoteDescriptor.SIGNATURE_LENGTH) + " bytes", WAIT);
        }
        servesAGoodRequest("remote-after-garbage");
    }

    @Test
    void backPressureReachesTheFrontendsBacklogAndNothingIsLostOrDuplicated() throws Exception
    {
        final Path markers = Files.createTempDirectory("tandem-markers-");
        final ProcessOptions options = remote(NODE.address(), NODE.secret())
            .queueBlockSize(256 << 10).backlog(128 << 10).sendTimeout(Duration.ofMillis(500)).build();
        try (RemoteWorker worker = new RemoteWorker("remote-stuck", options, null))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            final Path held = markers.resolve("held");
            final Path release = markers.resolve("release");
            backend.hold(held.toString(), release.toString());
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(held) && System.nanoTime() - deadline < 0)
            {
                TestJvm.sleep(5);
            }
            assertTrue(Files.exists(held), "the backend is stuck in its handler");
            long sent = 0;
            BacklogFullException full = null;
            while (full == null && sent < 10_000_000)
            {
                try
                {
                    backend.record(sent);
                    sent++;
                }
                catch (final BacklogFullException ex)
                {
                    full = ex;
                }
            }
            assertTrue(full != null && full.getMessage().contains("remote-stuck"), "the frontend's backlog filled: " + full);
            // the far side holds what it can (its own backlog, Aeron's window), then pushes back
            assertTrue(sent > 1000, "sent " + sent + " before the limit");
            Files.writeString(release, "go");
            assertEquals(sent, backend.recordedCount(), "every command sent arrived, none twice");
            for (int from = 0; from < sent; from += 2000)
            {
                final int to = (int)Math.min(sent, from + 2000);
                assertArrayEquals(LongStream.range(from, to).toArray(), backend.recordedSlice(from, to), "in order");
            }
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(markers);
        }
    }

    /** Asserts the node has removed, within {@link #CLEANUP_MS}, the directories of the process named {@code name}. */
    private static void assertProcessDirectoriesGo(final String name) throws java.io.IOException
    {
        final long deadline = System.nanoTime() + Duration.ofMillis(CLEANUP_MS).toNanos();
        List<Path> left;
        while (!(left = RemoteLifecycleTest.processDirectories(NODE.node().root, name)).isEmpty() &&
            System.nanoTime() - deadline < 0)
        {
            TestJvm.sleep(20);
        }
        assertEquals(List.of(), left, "the node removed the process's directories within " + CLEANUP_MS + " ms");
    }

    private static void servesAGoodRequest(final String name)
    {
        try (RemoteWorker worker = new RemoteWorker(name, remote(NODE.address(), NODE.secret()).build(), null))
        {
            worker.start();
            assertEquals(9, worker.backend(RemoteCommands.class).add(4, 5));
        }
    }
}
