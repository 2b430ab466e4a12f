package io.tandem.failure;

import io.tandem.internal.runtime.SessionId;
import io.tandem.internal.runtime.SessionSweeper;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dead frontend's pid taken by another process. Pid reuse cannot be forced, so the test writes what it would
 * look like: a session recorded with the pid of a live, unrelated process but another start time. Liveness is
 * pid plus start time, so the sweeper takes that session for dead and removes it, and keeps one whose start time
 * matches. An owner that exited but was never reaped (a zombie, which the JDK counts as alive) is dead too.
 */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class PidReuseTest
{
    @TempDir
    Path root;

    @Test
    void aSessionWhosePidNowBelongsToAnUnrelatedProcessIsSweptAndTheRealOwnersIsKept() throws Exception
    {
        final Process unrelated = new ProcessBuilder("sleep", "60").start();
        try
        {
            final long pid = unrelated.pid();
            final long started = unrelated.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
            final Path reused = session(new SessionId(pid, started - 3_600_000)); // the dead owner started an hour earlier
            final Path owned = session(new SessionId(pid, started));
            assertFalse(new SessionId(pid, started - 3_600_000).isOwnerAlive(), "same pid, another start time: dead");
            assertTrue(new SessionId(pid, started).isOwnerAlive());
            assertEquals(List.of(owned), SessionSweeper.liveSessions(root));

            assertEquals(List.of(reused), SessionSweeper.sweep(root));
            assertFalse(Files.exists(reused));
            assertTrue(Files.exists(owned), "the live owner's session is not touched");
            assertTrue(unrelated.isAlive(), "and nothing is done to the unrelated process");
        }
        finally
        {
            unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSessionOwnedByAZombieIsSwept() throws Exception
    {
        // sh starts a short sleep, then becomes a long one that never reaps it: the short one stays a zombie
        final Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60").start();
        try
        {
            Await.until(Duration.ofSeconds(10), () -> parent.children().anyMatch(PidReuseTest::isZombie),
                "a zombie child");
            final long zombie = parent.children().filter(PidReuseTest::isZombie).findFirst().orElseThrow().pid();
            assertTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false), "the JDK counts a zombie as alive");
            final Path session = session(new SessionId(zombie, 0));
            assertFalse(new SessionId(zombie, 0).isOwnerAlive(), "an owner that exited is dead, reaped or not");
            assertEquals(List.of(session), SessionSweeper.sweep(root));
        }
        finally
        {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path session(final SessionId id) throws IOException
    {
        final Path dir = Files.createDirectory(root.resolve(id.directoryName()));
        Files.writeString(dir.resolve("session.yaml"), "pid: " + id.pid() + "\n");
        Files.write(dir.resolve("processes"), new byte[4096]);
        return dir;
    }

    private static boolean isZombie(final ProcessHandle p)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }
}
