package io.tandem.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadRunSweeperTest
{
    @TempDir
    Path dir;

    @Test
    void removesTheFilesOfRunsWhoseProcessIsGoneAndNothingElse() throws Exception
    {
        final Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        final String dead = DeadRunSweeper.PREFIX + gone.pid() + "-";
        final Path deadFile = Files.write(dir.resolve(dead + "ring"), new byte[] {1});
        final Path deadDir = Files.createDirectories(dir.resolve(dead + "rtt-ping-closed"));
        Files.write(deadDir.resolve("20261125.cq4"), new byte[] {1});
        final Path live = Files.write(dir.resolve(DeadRunSweeper.PREFIX + ProcessHandle.current().pid() + "-ring"), new byte[] {1});
        final Path noPid = Files.write(dir.resolve(DeadRunSweeper.PREFIX + "x-ring"), new byte[] {1});
        final Path session = Files.createDirectories(dir.resolve("tandem-root"));

        final List<Path> removed = DeadRunSweeper.sweep(dir);

        assertEquals(2, removed.size(), removed.toString());
        assertTrue(Files.notExists(deadFile) && Files.notExists(deadDir));
        assertTrue(Files.exists(live) && Files.exists(noPid) && Files.exists(session), "only a dead run's files go");
    }

    @Test
    void namesWithoutAPidAreNotARunsFiles()
    {
        assertEquals(42, DeadRunSweeper.ownerPid("tandem-perf-42-ring"));
        assertEquals(-1, DeadRunSweeper.ownerPid("tandem-perf--ring"));
        assertEquals(-1, DeadRunSweeper.ownerPid("tandem-perf-abc-ring"));
        assertEquals(-1, DeadRunSweeper.ownerPid("tandem-perf-42"));
        assertEquals(-1, DeadRunSweeper.ownerPid("tandem-root"));
        assertEquals(List.of(), DeadRunSweeper.sweep(dir.resolve("missing")));
    }
}
