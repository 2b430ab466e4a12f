package io.tandem.internal.sharedfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ProcessLivenessTest
{
    @Test
    void thisProcessIsAliveUnderItsOwnStartTimeOnly()
    {
        final long pid = ProcessLiveness.currentPid();
        final long start = ProcessLiveness.currentStartTimeMs();
        assertTrue(start > 0);
        assertTrue(ProcessLiveness.isAlive(pid, start));
        assertTrue(ProcessLiveness.isAlive(pid, 0), "pid only");
        assertFalse(ProcessLiveness.isAlive(pid, start - 3_600_000), "a process of the same pid an hour ago is gone");
    }

    @Test
    void impossiblePidsAreDead()
    {
        assertFalse(ProcessLiveness.isAlive(0, 0));
        assertFalse(ProcessLiveness.isAlive(-5, 0));
        assertFalse(ProcessLiveness.isAlive(Integer.MAX_VALUE, 0), "above any pid_max");
    }

    @Test
    void aZombieIsDead() throws Exception
    {
        // the shell starts a child that exits a moment later, then becomes "sleep", which never reaps it: a zombie
        final Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try
        {
            // the shell's one line, read with a deadline: a shell that prints nothing fails the test, not hangs it
            final CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                }
                catch (final java.io.IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            final long zombie = Long.parseLong(firstLine.get(10, TimeUnit.SECONDS).trim());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ProcessLiveness.isZombie(zombie) && System.nanoTime() - deadline < 0)
            {
                Thread.onSpinWait();
            }
            assertTrue(Files.readString(Paths.get("/proc", Long.toString(zombie), "stat")).contains(") Z "), "a zombie now");
            assertFalse(ProcessLiveness.isAlive(zombie, 0), "exited, even if not reaped (the JDK alone would say alive)");
            assertTrue(ProcessLiveness.isAlive(parent.pid(), 0));
        }
        finally
        {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
