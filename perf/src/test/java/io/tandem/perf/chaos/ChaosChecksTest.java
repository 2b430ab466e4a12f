package io.tandem.perf.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run's checks fail when they should: a swapped call answer, frames skipped and not counted dropped, a number
 * never sent, an orphan JVM nobody tracked, a closed process's files left, a corrupt-file exception of the wrong
 * type, a soak sample that could not be measured. A check that cannot fail proves nothing.
 */
final class ChaosChecksTest
{
    @TempDir
    Path dir;

    @Test
    void aSwappedCallAnswerIsAnError()
    {
        assertNull(Traffic.answerProblem("call-a:w", 7, 7));
        final String problem = Traffic.answerProblem("call-a:w", 7, 8);
        assertNotNull(problem);
        assertTrue(problem.contains("call 7 was answered 8"), problem);
    }

    @Test
    void framesSkippedButNotCountedDroppedAreAnError()
    {
        final Ledger ledger = new Ledger();
        final List<String> errors = new ArrayList<>();
        // consumed, gaps, dups, torn, first, last, dropped: 100 published, 10 skipped in gaps, only 4 counted dropped
        Traffic.account(ledger, errors, "ring:overwrite", "90,10,0,0,0,99,4".split(","), 100, true);
        assertEquals(1, errors.size(), String.valueOf(errors));
        assertTrue(errors.get(0).contains("skipped 10") && errors.get(0).contains("counted 4"), errors.get(0));

        final List<String> none = new ArrayList<>();
        Traffic.account(new Ledger(), none, "ring:overwrite", "90,10,0,0,0,99,10".split(","), 100, true);
        assertTrue(none.isEmpty(), String.valueOf(none));
    }

    @Test
    void framesLeftUnreadAreLostNotForgiven()
    {
        final Ledger ledger = new Ledger();
        // the reader stopped at frame 79 of 100 published: the last 20 were never read
        Traffic.account(ledger, new ArrayList<>(), "ring:overwrite", "80,0,0,0,0,79,0".split(","), 100, true);
        assertEquals(20, ledger.lost());
    }

    @Test
    void aNumberNeverSentIsAnError()
    {
        final Ledger ledger = new Ledger();
        ledger.send("s");
        ledger.receive("s", 0);
        assertTrue(ledger.errors().isEmpty());
        ledger.receive("s", 5);
        assertEquals(1, ledger.errors().size());
        assertTrue(ledger.errors().get(0).contains("never sent"), ledger.errors().get(0));
    }

    @Test
    void aClosedProcessesFilesLeftInTheSessionAreCounted() throws Exception
    {
        Files.createDirectories(dir.resolve("echo-child-1/cmd"));
        Files.writeString(dir.resolve("echo-child-1/cmd/20260101.cq4"), "x");
        Files.createDirectories(dir.resolve("events"));
        Files.writeString(dir.resolve("events/echo-child-1-events"), "x");
        Files.writeString(dir.resolve("session.yaml"), "x");
        final Set<Path> expected = ChaosSession.entries(dir);
        // the traffic's queue rolls: a new cycle file under a known entry is not a leftover
        Files.writeString(dir.resolve("echo-child-1/cmd/20260102.cq4"), "x");
        assertTrue(ChaosSession.leftovers(dir, expected).isEmpty(), String.valueOf(ChaosSession.leftovers(dir, expected)));
        // a victim closed but its files left: its directory with a queue, and its event group
        Files.createDirectories(dir.resolve("victim-call-3/cmd"));
        Files.writeString(dir.resolve("victim-call-3/cmd/20260101.cq4"), "x");
        Files.writeString(dir.resolve("events/victim-call-3-events"), "x");
        final Map<Path, Long> left = ChaosSession.leftovers(dir, expected);
        assertEquals(3L, left.get(Path.of("victim-call-3")) + left.get(Path.of("victim-call-3/cmd")), String.valueOf(left));
        assertEquals(1L, left.get(Path.of("events/victim-call-3-events")), String.valueOf(left));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUntrackedJvmCarryingTheRunsMarkIsFoundAsAnOrphan() throws Exception
    {
        final Path root = dir.resolve("no-such-root");
        final Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            ChaosContext.runMarker(), "-cp", System.getProperty("java.class.path"), Sleeper.class.getName())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final long until = System.nanoTime() + 30_000_000_000L;
            boolean found = false;
            while (!found && System.nanoTime() - until < 0)
            {
                found = ChaosSession.markedJvms(root).stream().anyMatch(h -> h.pid() == p.pid());
                Thread.sleep(20);
            }
            assertTrue(found, "the marked JVM " + p.pid() + " was not found in /proc");
            final ChaosContext.Tracked tracked = ChaosContext.Tracked.of(p.toHandle());
            assertTrue(tracked.alive());
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertFalse(tracked.alive(), "a tracked process that ended is not alive, whoever has its pid now");
            assertFalse(ChaosSession.markedJvms(root).stream().anyMatch(h -> h.pid() == p.pid()));
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    @Test
    void aCorruptFileExceptionMustBeTandemsOwnNamingThePathWithNoError()
    {
        final String path = "/dev/shm/x/events/chaos-zeros";
        assertNull(CorruptFiles.typeProblem("io.tandem.failure.RuntimeDirectoryException: " + path + " is damaged", path));
        assertNull(CorruptFiles.typeProblem("io.tandem.ringbuffer.RingFileException: ring buffer " + path + ": bad magic", path));
        assertNotNull(CorruptFiles.typeProblem("java.lang.IllegalStateException: " + path + " is damaged", path),
            "any exception with the path in its text is not enough");
        assertNotNull(CorruptFiles.typeProblem("io.tandem.failure.RuntimeDirectoryException: " + path + " <- java.lang.InternalError: "
            + "a fault occurred in a recent unsafe memory access operation", path), "an Error in the chain");
        assertNotNull(CorruptFiles.typeProblem("io.tandem.failure.RuntimeDirectoryException: damaged <- java.io.IOException: " + path,
            path), "the path only in a cause");
    }

    @Test
    void aSoakSampleThatFailedMakesTheVerdictUnmeasured()
    {
        final List<Map<String, Object>> samples = new ArrayList<>();
        for (int m = 1; m <= 10; m++)
        {
            final Map<String, Object> s = new LinkedHashMap<>();
            s.put("t_min", (double)m);
            s.put("rss_total_mib", 500.0);
            s.put("rss_mib", Map.of("frontend", 500.0));
            s.put("session_bytes", 4096L);
            s.put("shm_used_bytes", 4096L);
            s.put("p50_us", 10.0);
            s.put("p99_us", 20.0);
            samples.add(s);
        }
        assertEquals(Boolean.TRUE, SoakRun.slopes(samples).get("flat"), String.valueOf(SoakRun.slopes(samples)));
        samples.get(5).put("failed", "du: took over 10 s");
        final Map<String, Object> slopes = SoakRun.slopes(samples);
        assertEquals(Boolean.FALSE, slopes.get("flat"));
        assertTrue(String.valueOf(slopes.get("verdict")).startsWith("unmeasured"), String.valueOf(slopes.get("verdict")));
    }

    @Test
    void oneJvmGrowingIsNotFlatEvenWhenTheTotalIs()
    {
        final List<Map<String, Object>> samples = new ArrayList<>();
        for (int m = 1; m <= 10; m++)
        {
            final Map<String, Object> s = new LinkedHashMap<>();
            s.put("t_min", (double)m);
            s.put("rss_total_mib", 1000.0);
            s.put("rss_mib", Map.of("frontend", 500.0 + 5 * m, "echo-child-1", 500.0 - 5 * m));
            s.put("session_bytes", 4096L);
            s.put("shm_used_bytes", 4096L);
            s.put("p50_us", 10.0);
            s.put("p99_us", 20.0);
            samples.add(s);
        }
        assertEquals(Boolean.FALSE, SoakRun.slopes(samples).get("flat"), String.valueOf(SoakRun.slopes(samples)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSilentChildIsKilledAtTheDeadlineOfTheLineAwaited() throws Exception
    {
        try (io.tandem.perf.ChildJvm child = io.tandem.perf.ChildJvm.start(Sleeper.class))
        {
            final long t0 = System.nanoTime();
            final java.io.IOException ex = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> child.awaitLine("NEVER", Duration.ofMillis(500)));
            final long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 500 && ms < 10_000, "gave up after " + ms + " ms");
            assertTrue(ex.getMessage().contains("killed"), ex.getMessage());
            assertFalse(child.process().isAlive(), "the child is killed at the deadline");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aChildFrontendAndItsBackendEndWhenTheRunLetsGoOfItsStdin() throws Exception
    {
        final Path root = Path.of("/dev/shm", io.tandem.perf.DeadRunSweeper.PREFIX + ProcessHandle.current().pid() + "-tether-test");
        try (io.tandem.perf.ChildJvm frontend = io.tandem.perf.ChildJvm.start(List.of("-Dtandem.root=" + root),
            ChildFrontend.class, "tether"))
        {
            final String[] pids = frontend.awaitLine("PIDS", Duration.ofSeconds(60));
            final long backend = Long.parseLong(pids[1]);
            frontend.process().getOutputStream().close(); // what the chaos JVM's end does
            assertEquals(ChildFrontend.UNTETHERED_EXIT, frontend.awaitExit(Duration.ofSeconds(10)));
            assertTrue(ChaosContext.awaitGone(backend, Duration.ofSeconds(10)), "its backend " + backend + " exits too");
        }
        finally
        {
            io.tandem.internal.runtime.SessionSweeper.sweep(root);
            io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
        }
    }

    /** A JVM that only waits: stands for an orphan. */
    public static final class Sleeper
    {
        public static void main(final String[] args) throws InterruptedException
        {
            Thread.sleep(60_000);
        }
    }
}
