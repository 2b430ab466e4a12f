package io.tandem.remote;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dtandem.aeron.dir}: a node and a frontend that use the media driver the user runs instead of embedding
 * their own. Both JVMs are children (a frontend and a node of one host sharing that host's driver, as Aeron's users
 * run it); the driver is this JVM's, plain Aeron. A call crosses, neither side makes a driver of its own, the node
 * still tethers its backend to the frontend, and the user's driver is left running.
 */
@Timeout(120)
class RemoteExternalDriverTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** RemoteFrontendMain's liveness (1.5 s), the node's stop grace (2 s by default), and a margin for 2 loaded cores. */
    private static final long TETHER_BOUND_MS = 1500 + 2000 + 2000;

    @Test
    void aNodeAndAFrontendUseTheUsersDriverAndLeaveItRunning() throws Exception
    {
        final Path driverDir = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-external-aeron-");
        final Path frontendRoot = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-frontend-test-");
        final Path markers = Files.createTempDirectory("tandem-markers-");
        final String external = "-Dtandem.aeron.dir=" + driverDir;
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(driverDir.toString()).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED));
             NodeFixture cluster = NodeFixture.withNode(List.of(external)).start();
             ChildProgram frontend = ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + frontendRoot, external),
                 RemoteFrontendMain.class.getName(), cluster.address(), cluster.secret().toString(), markers.toString())))
        {
            final NodeChild node = cluster.node();
            // RemoteFrontendMain prints "started" after a call to the remote backend was answered
            final long backendPid = Long.parseLong(frontend.awaitLine("started", WAIT));
            assertTrue(backendPid > 0, "the remote backend's pid: " + backendPid);
            assertFalse(holdsAnAeronDirectory(node.root), "the node made no driver of its own under " + node.root);
            assertFalse(holdsAnAeronDirectory(frontendRoot), "the frontend made no driver of its own under " + frontendRoot);

            frontend.process().destroyForcibly();
            final long deadline = System.nanoTime() + Duration.ofMillis(TETHER_BOUND_MS).toNanos();
            while (!Files.exists(markers.resolve("postRun")) && System.nanoTime() - deadline < 0)
            {
                TestJvm.sleep(10);
            }
            assertTrue(Files.exists(markers.resolve("postRun")), "the node stopped the backend of the killed frontend, " +
                "postRun ran, within " + TETHER_BOUND_MS + " ms");
            assertTrue(Files.exists(Path.of(driver.aeronDirectoryName(), "cnc.dat")), "the user's driver still runs");
        }
        finally
        {
            FileTrees.deleteRecursively(frontendRoot);
            FileTrees.deleteRecursively(markers);
            FileTrees.deleteRecursively(driverDir);
        }
    }

    private static boolean holdsAnAeronDirectory(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            return files.anyMatch(f -> f.getFileName() != null && f.getFileName().toString().equals("cnc.dat"));
        }
    }
}
