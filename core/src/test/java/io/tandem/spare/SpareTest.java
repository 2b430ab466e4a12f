package io.tandem.spare;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.idle.Doorbell;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.internal.runtime.SessionSweeper;
import io.tandem.test.Await;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.Output;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static io.tandem.test.FailureBounds.TETHER_EXIT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Spare backend JVMs: one becomes a process with its state, one killed while spare is replaced and never handed
 * out, spares die with their frontend, and a process whose JVM would differ never gets one.
 */
@Timeout(180)
@ExtendWith(NoLeftovers.class)
class SpareTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @AfterEach
    void closeSpares()
    {
        MessageProcess.closeSpares(); // before NoLeftovers checks that every child exited and the session is gone
    }

    @Test
    void aSpareBecomesTheProcessWithItsStateAndLogsUnderItsName() throws Exception
    {
        final ProcessOptions o = ProcessOptions.builder().lean().output(ProcessOptions.Output.PIPE).spares(1).build();
        MessageProcess.prepareSpares(o);
        assertTrue(MessageProcess.awaitSpares(o, WAIT), "a spare to be warm");
        final Set<Long> spares = Spares.pids();
        assertEquals(1, spares.size(), "one spare booted: " + spares);
        final long sparePid = spares.iterator().next();
        final Path journal = dir.resolve("journal");

        try (Output output = Output.capture())
        {
            final SpareProbeProcess p = new SpareProbeProcess("spare-probe", o, journal);
            try
            {
                p.start();
                final SpareProbeCommands backend = p.backend(SpareProbeCommands.class);
                assertEquals(sparePid, backend.backendPid(), "the backend is the spare's JVM");
                assertEquals(sparePid, p.pid(), "the frontend knows the backend's pid");
                assertEquals("shipped to spare-probe", backend.greeting(), "the shipped field arrived");
                assertEquals("spare-probe", backend.property("tandem.process"), "the backend's own name is the process's");
                backend.log("hello from a spare");
                Await.until(WAIT, () -> output.text().contains("SpareProbeProcess.spare-probe - INFO - hello from a spare"),
                    "the log line in the tutorial format under the process's name");
                assertEquals(List.of("preRun " + sparePid), Files.readAllLines(journal));
                // The pool boots another for the next start.
                Await.until(WAIT, () -> MessageProcess.readySpares(o) == 1, "the pool to be refilled");
                assertFalse(Spares.pids().contains(sparePid), "the claimed JVM is no spare any more");
            }
            finally
            {
                p.close();
            }
        }
        assertEquals(List.of("preRun " + sparePid, "postRun " + sparePid), Files.readAllLines(journal));
    }

    @Test
    void aReadySpareHasLoadedItsFutexBinding() throws Exception
    {
        // A process's first idle pass sleeps on a futex through JNR; a spare that had not loaded that native
        // binding before its claim made the claimed process pay for it (about 10 ms of its start).
        assumeTrue(Doorbell.isSupported(), "no futex binding on this machine");
        final ProcessOptions o = ProcessOptions.builder().lean().spares(1).build();
        MessageProcess.prepareSpares(o);
        assertTrue(MessageProcess.awaitSpares(o, WAIT), "a spare to be warm");
        final long sparePid = Spares.pids().iterator().next();
        final List<String> maps = Files.readAllLines(Paths.get("/proc", Long.toString(sparePid), "maps"));
        assertTrue(maps.stream().anyMatch(line -> line.contains("jffi")),
            "the waiting spare has JNR's native stub (the futex binding) mapped");
    }

    @Test
    void aSpareKilledWhileSpareIsReplacedAndNeverHandedOut() throws Exception
    {
        final ProcessOptions o = ProcessOptions.builder().lean().spares(1).build();
        MessageProcess.prepareSpares(o);
        assertTrue(MessageProcess.awaitSpares(o, WAIT), "a spare to be warm");
        final long first = Spares.pids().iterator().next();

        ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly); // kill -9, while spare
        Await.until(WAIT, () -> TestJvm.hasExited(first), "the spare to die");
        Await.until(WAIT, () -> MessageProcess.readySpares(o) == 1 && !Spares.pids().contains(first),
            "a replacement to be warm");
        final long second = Spares.pids().iterator().next();
        assertNotEquals(first, second);

        // Killed again, and a start at once, before the pool may have seen the death: a live backend all the same.
        ProcessHandle.of(second).ifPresent(ProcessHandle::destroyForcibly);
        Await.until(WAIT, () -> TestJvm.hasExited(second), "the second spare to die");
        final SpareProbeProcess p = new SpareProbeProcess("after-kill", o, dir.resolve("journal"));
        try
        {
            p.start();
            final long pid = p.backend(SpareProbeCommands.class).backendPid();
            assertNotEquals(first, pid);
            assertNotEquals(second, pid, "never handed the dead spare");
            assertEquals("shipped to after-kill", p.backend(SpareProbeCommands.class).greeting());
        }
        finally
        {
            p.close();
        }
    }

    @Test
    void aSpareThatDoesNotAnswerItsClaimIsKilledAndTheProcessStartsColdAllTheSame() throws Exception
    {
        final ProcessOptions o = ProcessOptions.builder().lean().spares(1).build();
        MessageProcess.prepareSpares(o);
        assertTrue(MessageProcess.awaitSpares(o, WAIT), "a spare to be warm");
        final long frozen = Spares.pids().iterator().next();
        assertEquals(0, io.tandem.test.Tool.run("kill", "-STOP", Long.toString(frozen)).exitCode());
        final SpareProbeProcess p = new SpareProbeProcess("past-a-frozen-spare", o, dir.resolve("journal"));
        try
        {
            final long start = System.nanoTime();
            p.start(); // writes the claim into the frozen spare's stdin; no answer comes
            final long startMs = (System.nanoTime() - start) / 1_000_000;
            final long bound = io.tandem.internal.launch.SparePool.CLAIM_ANSWER_TIMEOUT.toMillis() + 5_000;
            assertTrue(startMs < bound, "start() gave up on the frozen spare within its answer timeout: " + startMs + " ms");
            final SpareProbeCommands backend = p.backend(SpareProbeCommands.class);
            assertNotEquals(frozen, backend.backendPid(), "not the frozen spare");
            assertEquals("shipped to past-a-frozen-spare", backend.greeting());
            Await.until(WAIT, () -> TestJvm.hasExited(frozen), "the frozen spare to be killed");
            assertEquals(List.of("preRun " + backend.backendPid()), Files.readAllLines(dir.resolve("journal")),
                "only the cold backend ran the process");
        }
        finally
        {
            ProcessHandle.of(frozen).ifPresent(ProcessHandle::destroyForcibly);
            p.close();
        }
    }

    @Test
    void aProcessWithOtherJvmArgumentsGetsAColdJvmWithThemNotASpare() throws Exception
    {
        final ProcessOptions withA = ProcessOptions.builder().lean().jvmArgs("-Dspare.probe=a").spares(1).build();
        MessageProcess.prepareSpares(withA);
        assertTrue(MessageProcess.awaitSpares(withA, WAIT), "a spare to be warm");
        final long spare = Spares.pids().iterator().next();

        final ProcessOptions withB = ProcessOptions.builder().lean().jvmArgs("-Dspare.probe=b").build();
        final SpareProbeProcess b = new SpareProbeProcess("probe-b", withB, dir.resolve("journal-b"));
        final ProcessOptions withANoSpares = ProcessOptions.builder().lean().jvmArgs("-Dspare.probe=a").build();
        final SpareProbeProcess a = new SpareProbeProcess("probe-a", withANoSpares, dir.resolve("journal-a"));
        try
        {
            b.start();
            final SpareProbeCommands backendB = b.backend(SpareProbeCommands.class);
            assertEquals("b", backendB.property("spare.probe"), "the process got its own JVM argument");
            assertNotEquals(spare, backendB.backendPid(), "not the spare started with -Dspare.probe=a");
            assertEquals(1, MessageProcess.readySpares(withA), "the spare is still there, unclaimed");

            a.start(); // the same JVM as the spare's (spares(n) is not part of the JVM): takes it
            final SpareProbeCommands backendA = a.backend(SpareProbeCommands.class);
            assertEquals(spare, backendA.backendPid(), "a process of the same JVM takes the spare");
            assertEquals("a", backendA.property("spare.probe"));
        }
        finally
        {
            b.close();
            a.close();
        }
    }

    @Test
    void aChangedInheritedPropertyIsAMismatchToo() throws Exception
    {
        final ProcessOptions o = ProcessOptions.builder().lean().spares(1).build();
        MessageProcess.prepareSpares(o);
        assertTrue(MessageProcess.awaitSpares(o, WAIT), "a spare to be warm");
        final long spare = Spares.pids().iterator().next();
        System.setProperty("tandem.test.spareProbe", "set-after-the-spare");
        final SpareProbeProcess p = new SpareProbeProcess("inherits", ProcessOptions.builder().lean().build(),
            dir.resolve("journal"));
        try
        {
            p.start();
            final SpareProbeCommands backend = p.backend(SpareProbeCommands.class);
            assertEquals("set-after-the-spare", backend.property("tandem.test.spareProbe"), "a backend inherits tandem.*");
            assertNotEquals(spare, backend.backendPid(), "the spare was started without it");
        }
        finally
        {
            System.clearProperty("tandem.test.spareProbe");
            p.close();
        }
    }

    @Test
    void sparesOfAKilledFrontendExitWithinTheTetherBound() throws Exception
    {
        final List<Long> spares = new ArrayList<>();
        try (ChildProgram frontend = ChildProgram.start(TestJvm.command(SpareFrontendMain.class, "2")))
        {
            for (int i = 0; i < 2; i++)
            {
                spares.add(Long.parseLong(frontend.awaitLine("SPARE", WAIT)));
            }
            frontend.awaitLine("READY", WAIT);
            final long killedAt = System.nanoTime();
            frontend.process().destroyForcibly(); // kill -9
            final Map<Long, Long> exitedMs = TestJvm.msUntilExited(spares, killedAt, Duration.ofSeconds(10));
            assertEquals(spares.size(), exitedMs.size(), "every spare exited: " + exitedMs);
            for (final long ms : exitedMs.values())
            {
                assertTrue(ms <= TETHER_EXIT_MS + LOADED_MARGIN_MS, "a spare took " + ms + " ms to exit after its " +
                    "frontend's kill -9; the bound is " + TETHER_EXIT_MS + " ms (+ " + LOADED_MARGIN_MS + "): " + exitedMs);
            }
            SessionSweeper.sweep(RuntimeRoot.configured());
        }
        finally
        {
            spares.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void configurationErrorsAreClear()
    {
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> ProcessOptions.builder().spares(-1));
        assertEquals("spares must be 0 (none) or more, got -1", negative.getMessage());
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> MessageProcess.prepareSpares(ProcessOptions.defaults()));
        assertTrue(none.getMessage().contains("0 spares"), none.getMessage());
        final IllegalArgumentException inJvm = assertThrows(IllegalArgumentException.class,
            () -> MessageProcess.prepareSpares(ProcessOptions.builder().inJvm().spares(2).build()));
        assertTrue(inJvm.getMessage().contains("mode IN_JVM"), inJvm.getMessage());
        assertEquals(0, ProcessOptions.defaults().spares(), "off by default");
    }
}
