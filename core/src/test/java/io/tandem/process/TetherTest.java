package io.tandem.process;

import io.tandem.launch.ChildJvmCommand;
import io.tandem.runtime.RuntimeRoot;
import io.tandem.runtime.SessionSweeper;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frontend killed with kill -9: its backends exit by themselves within a second (an idle one after running
 * postRun, a busy one halted at the end of the grace period), and the next sweep removes its session. And a JVM
 * without Chronicle's flags gets one clear error.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class TetherTest
{
    /** The README's bound: a backend exits within a second of its frontend's death. */
    private static final long EXIT_BOUND_MS = 1_000;
    /** Room for a loaded 2-core machine (five JVMs exiting at once, and this one polling). */
    private static final long LOADED_MACHINE_MARGIN_MS = 500;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path markers;

    @Test
    void backendsOfAKilledFrontendExitWithinASecondIdleOnesAfterPostRunAndTheSweepRemovesTheSession()
    {
        final Map<Long, String> backends = new LinkedHashMap<>();
        try (ChildProgram frontend = ChildProgram.start(TestJvm.command(TetheredFrontendMain.class, "4", "1",
            markers.toString())))
        {
            for (int i = 0; i < 5; i++)
            {
                final String[] backend = frontend.awaitLine("BACKEND", WAIT).split(" ");
                backends.put(Long.parseLong(backend[0]), backend[1]);
            }
            final Path session = Paths.get(frontend.awaitLine("SESSION", WAIT));
            frontend.awaitLine("READY", WAIT);
            assertTrue(Files.isDirectory(session));

            frontend.process().destroyForcibly(); // kill -9
            final long killedAt = System.nanoTime();
            final Map<String, Long> exitedMs = new LinkedHashMap<>();
            while (exitedMs.size() < backends.size() && (System.nanoTime() - killedAt) / 1_000_000 < 10_000)
            {
                for (final Map.Entry<Long, String> b : backends.entrySet())
                {
                    if (!exitedMs.containsKey(b.getValue()) && hasExited(b.getKey()))
                    {
                        exitedMs.put(b.getValue(), (System.nanoTime() - killedAt) / 1_000_000);
                    }
                }
                TestJvm.sleep(2);
            }
            assertEquals(backends.size(), exitedMs.size(), "every backend exited: " + exitedMs);
            for (final Map.Entry<String, Long> e : exitedMs.entrySet())
            {
                assertTrue(e.getValue() <= EXIT_BOUND_MS + LOADED_MACHINE_MARGIN_MS, e.getKey() + " took " + e.getValue() +
                    " ms to exit (all: " + exitedMs + ")");
                final boolean postRunRan = Files.exists(markers.resolve(e.getKey()).resolve("postRun"));
                assertEquals(e.getKey().startsWith("idle"), postRunRan, e.getKey() + ": an idle backend runs postRun, " +
                    "a busy one is halted at the end of the grace period");
            }

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

    /**
     * @return true once the process has ended: gone, or a zombie. An orphan's zombie stays until the machine's
     * init reaps it, which some inits do only every second or two, and {@link ProcessHandle#isAlive()} counts
     * zombies as alive.
     */
    private static boolean hasExited(final long pid)
    {
        try
        {
            final String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        }
        catch (final java.io.IOException ex)
        {
            return true; // gone
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
