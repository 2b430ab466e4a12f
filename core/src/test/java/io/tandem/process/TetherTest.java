package io.tandem.process;

import io.tandem.launch.ChildJvmCommand;
import io.tandem.runtime.RuntimeRoot;
import io.tandem.runtime.SessionSweeper;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frontend killed with kill -9: its backends exit by themselves within about a second, and the next
 * sweep removes its session. And a JVM without Chronicle's flags gets one clear error.
 */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class TetherTest
{
    /** "Within about 1 s", with room for a loaded 2-core CI machine. */
    private static final long EXIT_LIMIT_MS = 2_500;

    @Test
    void backendsOfAKilledFrontendExitWithinAboutASecondAndTheSweepRemovesTheSession() throws Exception
    {
        final Process frontend = new ProcessBuilder(TestJvm.command(TetheredFrontendMain.class, "2"))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final List<Long> backends = new ArrayList<>();
        Path session = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(frontend.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY"))
            {
                if (line.startsWith("BACKEND "))
                {
                    backends.add(Long.parseLong(line.substring(8)));
                }
                else if (line.startsWith("SESSION "))
                {
                    session = Paths.get(line.substring(8));
                }
            }
            assertTrue(backends.size() == 2 && session != null, "frontend did not come up");
            assertTrue(Files.isDirectory(session));

            frontend.destroyForcibly(); // kill -9
            frontend.waitFor();
            final long killedAt = System.nanoTime();
            for (final long pid : backends)
            {
                Await.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
                    "backend " + pid + " to exit");
            }
            final long exitedMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(exitedMs < EXIT_LIMIT_MS, "backends took " + exitedMs + " ms to exit");

            final Path deadSession = session;
            final List<Path> removed = SessionSweeper.sweep(RuntimeRoot.configured());
            // Another JVM starting a session on this machine may have swept it first; either way it is gone.
            assertTrue(removed.contains(deadSession) || Files.notExists(deadSession), "swept " + removed);
            assertTrue(Files.notExists(deadSession));
        }
        finally
        {
            frontend.destroyForcibly();
            for (final long pid : backends)
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aJvmWithoutChronicleFlagsGetsOneClearErrorListingThem() throws Exception
    {
        final Process p = new ProcessBuilder(ChildJvmCommand.javaExecutable(), "-cp", System.getProperty("java.class.path"),
            "-Dslf4j.internal.verbosity=ERROR", NoFlagsMain.class.getName()).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertTrue(output.contains("io.tandem.jvm.MissingJvmFlagsException: Tandem uses OpenHFT Chronicle, which needs " +
            "JVM flags this JVM was started without"), output);
        assertTrue(output.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), output);
        assertTrue(output.contains("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"), output);
    }
}
