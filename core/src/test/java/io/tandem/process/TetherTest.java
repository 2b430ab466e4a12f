package io.tandem.process;

import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.internal.runtime.SessionSweeper;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static io.tandem.test.FailureBounds.TETHER_EXIT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frontend killed with kill -9: its backends exit by themselves within a second (an idle one after running
 * postRun, a busy one halted at the end of the grace period, one replying meanwhile told FrontendGoneException),
 * and the next sweep removes its session. And a JVM
 * without Chronicle's flags gets one clear error.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class TetherTest
{
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path markers;

    @Test
    void backendsOfAKilledFrontendExitWithinASecondIdleOnesAfterPostRunAndTheSweepRemovesTheSession() throws Exception
    {
        final Map<Long, String> backends = new LinkedHashMap<>();
        try (ChildProgram frontend = ChildProgram.start(TestJvm.command(TetheredFrontendMain.class, "4", "1",
            markers.toString(), "1")))
        {
            for (int i = 0; i < 6; i++)
            {
                final String[] backend = frontend.awaitLine("BACKEND", WAIT).split(" ");
                backends.put(Long.parseLong(backend[0]), backend[1]);
            }
            final Path session = Paths.get(frontend.awaitLine("SESSION", WAIT));
            frontend.awaitLine("READY", WAIT);
            assertTrue(Files.isDirectory(session));

            final long killedAt = System.nanoTime();
            frontend.process().destroyForcibly(); // kill -9
            final Map<String, Long> exitedMs = new LinkedHashMap<>();
            TestJvm.msUntilExited(backends.keySet(), killedAt, Duration.ofSeconds(10))
                .forEach((pid, ms) -> exitedMs.put(backends.get(pid), ms));
            assertEquals(backends.size(), exitedMs.size(), "every backend exited: " + exitedMs);
            System.out.println("backends exited, ms after the kill: " + exitedMs);
            for (final Map.Entry<String, Long> e : exitedMs.entrySet())
            {
                assertTrue(e.getValue() <= TETHER_EXIT_MS + LOADED_MARGIN_MS, e.getKey() + " took " + e.getValue() +
                    " ms to exit, the README says within " + TETHER_EXIT_MS + " ms (+ " + LOADED_MARGIN_MS +
                    " ms for a loaded machine); all: " + exitedMs);
                final boolean postRunRan = Files.exists(markers.resolve(e.getKey()).resolve("postRun"));
                assertEquals(!e.getKey().startsWith("busy"), postRunRan, e.getKey() + ": an idle backend runs postRun, " +
                    "so does one whose command returns within the grace period; a busy one is halted at its end");
            }
            final String replyFailure = Files.readString(markers.resolve("replying-5").resolve("reply-failed"));
            assertTrue(replyFailure.startsWith("io.tandem.failure.FrontendGoneException: process 'replying-5': its frontend " +
                "is gone"), "a reply sent after the frontend died fails with FrontendGoneException: " + replyFailure);

            final List<Path> removed = SessionSweeper.sweep(RuntimeRoot.configured());
            // Another JVM starting a session on this machine may have swept it first; either way it is gone.
            assertTrue(removed.contains(session) || Files.notExists(session), "swept " + removed);
            assertTrue(Files.notExists(session));
        }
        finally
        {
            backends.keySet().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void aJvmWithoutChronicleFlagsGetsOneClearErrorListingThem()
    {
        try (ChildProgram p = ChildProgram.start(List.of(ChildJvmCommand.javaExecutable(), "-cp",
            System.getProperty("java.class.path"), "-Dslf4j.internal.verbosity=ERROR", NoFlagsMain.class.getName())))
        {
            p.awaitExit(WAIT);
            final String output = p.output();
            assertTrue(output.contains("io.tandem.jvm.MissingJvmFlagsException: Tandem uses OpenHFT Chronicle, which needs " +
                "JVM flags this JVM was started without"), output);
            assertTrue(output.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), output);
            assertTrue(output.contains("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"), output);
        }
    }
}
