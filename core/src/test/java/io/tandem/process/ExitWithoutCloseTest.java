package io.tandem.process;

import io.tandem.test.Await;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frontend that returns from main without closing its processes: the exit cleans up, without complaint. */
class ExitWithoutCloseTest
{
    @Test
    void theExitOfAFrontendThatNeverClosedStopsItsBackendsAndRemovesTheSessionQuietly() throws Exception
    {
        final Process frontend = new ProcessBuilder(TestJvm.command(UnclosedFrontendMain.class))
            .redirectErrorStream(true).start();
        long backend = -1;
        try
        {
            final String output = new String(frontend.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(frontend.waitFor(60, TimeUnit.SECONDS), "frontend did not exit");
            assertEquals(0, frontend.exitValue(), output);
            assertTrue(output.contains("DONE"), output);
            assertFalse(output.contains("WARN") || output.contains("ERROR") || output.contains("Exception"),
                "the exit should be quiet:\n" + output);

            backend = Long.parseLong(line(output, "BACKEND "));
            final long pid = backend;
            Await.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
                "the backend to exit");
            assertTrue(Files.notExists(Paths.get(line(output, "SESSION "))), "the session directory is gone");
        }
        finally
        {
            frontend.destroyForcibly();
            if (backend > 0)
            {
                ProcessHandle.of(backend).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String line(final String output, final String prefix) throws IOException
    {
        return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
            .findFirst().orElseThrow(() -> new IOException("no '" + prefix + "' line in:\n" + output));
    }
}
