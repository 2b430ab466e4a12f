package io.tandem.process;

import io.tandem.test.Await;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frontend that returns from main without closing its processes: the exit cleans up, without complaint. */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class ExitWithoutCloseTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theExitOfAFrontendThatNeverClosedStopsItsBackendsAndRemovesTheSessionQuietly()
    {
        long backend = -1;
        try (ChildProgram frontend = ChildProgram.start(TestJvm.command(UnclosedFrontendMain.class)))
        {
            backend = Long.parseLong(frontend.awaitLine("BACKEND", WAIT));
            final String session = frontend.awaitLine("SESSION", WAIT);
            frontend.awaitLine("DONE", WAIT);
            assertEquals(0, frontend.awaitExit(WAIT), frontend.output());
            final String output = frontend.output();
            assertFalse(output.contains("WARN") || output.contains("ERROR") || output.contains("Exception"),
                "the exit should be quiet:\n" + output);

            final long pid = backend;
            Await.until(Duration.ofSeconds(10), () -> TestJvm.hasExited(pid), "the backend to exit");
            assertTrue(Files.notExists(Paths.get(session)), "the session directory is gone");
        }
        finally
        {
            if (backend > 0)
            {
                ProcessHandle.of(backend).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
