package io.tandem.failure;

import io.tandem.cli.TandemCli;
import io.tandem.test.Await;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frontends as real programs, in JVMs of their own: a plain frontend (one that closes nothing itself) ended by
 * SIGTERM, and two frontends on one runtime root at once.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class FrontendSignalsTest
{
    private static final Duration START = Duration.ofSeconds(60);
    /**
     * README: backends of a frontend that ends exit within a second, running postRun. Measured from the signal,
     * with 2 s of margin for 2 loaded cores (a JVM's exit and the JDK's reaper included).
     */
    private static final long BACKENDS_GONE_MS = 3_000;

    @TempDir
    Path temp;

    private Path root;

    @BeforeEach
    void root()
    {
        // a root of this test's own on the machine's tmpfs (removed after), so sessions of other tests do not mix in
        root = Paths.get("/dev/shm", "tandem-faults-" + ProcessHandle.current().pid());
    }

    @AfterEach
    void removeRoot() throws IOException
    {
        io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
        assertFalse(Files.exists(root));
    }

    @Test
    void sigtermToAPlainFrontendStopsItsBackendsWithPostRunAndRemovesTheSession() throws Exception
    {
        try (ChildProgram frontend = frontend("a", 2))
        {
            final List<Long> backends = backends(frontend, 2);
            final Path session = Paths.get(frontend.awaitLine("SESSION", START));
            frontend.awaitLine("READY", START);
            assertTrue(Files.isDirectory(session));

            final long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", Long.toString(frontend.process().pid())).start().waitFor();
            Await.until(Duration.ofMillis(BACKENDS_GONE_MS), () -> backends.stream().noneMatch(FrontendSignalsTest::alive),
                "the backends to exit after SIGTERM to their frontend");
            final long goneMs = (System.nanoTime() - signalled) / 1_000_000;
            final int code = frontend.awaitExit(Duration.ofSeconds(10));
            assertEquals(143, code, "ended by SIGTERM (128 + 15)");
            for (int i = 0; i < 2; i++)
            {
                final String journal = Files.readString(temp.resolve("a").resolve("worker-" + i));
                assertTrue(journal.contains("postRun"), "worker-" + i + " ran postRun: " + journal);
            }
            assertFalse(Files.exists(session), "the frontend's shutdown hook removed its session");
            assertTrue(goneMs < BACKENDS_GONE_MS);
        }
    }

    @Test
    void twoFrontendsOnOneRootEachWorkNeitherSweepsTheOtherAndPsShowsBoth() throws Exception
    {
        try (ChildProgram first = frontend("first", 2))
        {
            backends(first, 2);
            final Path firstSession = Paths.get(first.awaitLine("SESSION", START));
            first.awaitLine("READY", START);
            try (ChildProgram second = frontend("second", 2))
            {
                backends(second, 2);
                final Path secondSession = Paths.get(second.awaitLine("SESSION", START));
                second.awaitLine("READY", START); // its start swept the root: the first's session must survive it
                assertTrue(Files.isDirectory(firstSession), "the second frontend's start kept the first's live session");
                assertFalse(firstSession.equals(secondSession));

                first.send("CALL");
                second.send("CALL");
                assertEquals("2", first.awaitLine("CALLED", START));
                assertEquals("2", second.awaitLine("CALLED", START));

                final String ps;
                try (ChildProgram cli = ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + root), TandemCli.class,
                    "ps")))
                {
                    assertEquals(0, cli.awaitExit(START), cli.output());
                    ps = cli.output();
                }
                assertTrue(ps.contains("session " + firstSession.getFileName()), ps);
                assertTrue(ps.contains("session " + secondSession.getFileName()), ps);
                assertEquals(4, ps.lines().filter(l -> l.contains("worker-")).count(), ps);

                second.send("CLOSE");
                assertEquals("false", second.awaitLine("CLOSED", START));
                assertEquals(0, second.awaitExit(START));
                assertFalse(Files.exists(secondSession));
                assertTrue(Files.isDirectory(firstSession), "the second's close left the first's session alone");
                first.send("CALL");
                assertEquals("2", first.awaitLine("CALLED", START), "the first still works");
            }
            first.send("CLOSE");
            assertEquals("false", first.awaitLine("CLOSED", START));
            assertEquals(0, first.awaitExit(START));
            assertFalse(Files.exists(firstSession));
        }
    }

    private ChildProgram frontend(final String name, final int count) throws IOException
    {
        final Path journals = Files.createDirectories(temp.resolve(name));
        return ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + root), FrontendMain.class,
            journals.toString(), Integer.toString(count)));
    }

    private static List<Long> backends(final ChildProgram frontend, final int count)
    {
        final List<Long> pids = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            pids.add(Long.parseLong(frontend.awaitLine("BACKEND", START).split(" ")[0]));
        }
        return pids;
    }

    private static boolean alive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
