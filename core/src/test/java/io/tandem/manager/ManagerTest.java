package io.tandem.manager;

import io.tandem.ProcessOptions;
import io.tandem.process.EchoCommands;
import io.tandem.test.Await;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import io.tandem.test.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static io.tandem.test.FailureBounds.RELAUNCH_MS;
import static io.tandem.test.FailureBounds.TETHER_EXIT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MainContext: the loop, supervision, and shutdown by signal or by death of the manager. */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class ManagerTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theLoopHearsEveryWorkerAndRestartsAKilledOneWithinItsPolicy() throws Exception
    {
        final EchoManager manager = new EchoManager("supervised-", 3, ProcessOptions.defaults(),
            RestartPolicy.upTo(1, Duration.ofMinutes(1)));
        manager.runAsThread();
        try
        {
            final EchoCommands first = manager.worker(0).backend(EchoCommands.class);
            for (int i = 0; i < 3; i++)
            {
                manager.worker(i).backend(EchoCommands.class).echo("hello");
            }
            Await.until(WAIT, () -> manager.replies.size() == 3, "three replies");

            final long firstPid = manager.worker(0).pid();
            final long killedAt = System.nanoTime();
            ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(WAIT, () -> manager.worker(0).pid() != firstPid && manager.worker(0).pid() > 0,
                "worker 0 to be restarted");
            final long relaunchMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(relaunchMs <= RELAUNCH_MS + LOADED_MARGIN_MS, "relaunched " + relaunchMs + " ms after the kill; " +
                "the README says within " + RELAUNCH_MS + " ms (+ " + LOADED_MARGIN_MS + " ms for a loaded machine)");
            Await.until(WAIT, () -> manager.worker(0).isAlive(), "the restarted worker to run");
            first.echo("again"); // a proxy taken before the restart still works
            Await.until(WAIT, () -> manager.replies.contains("supervised-0:again"), "the restarted worker to answer");

            final long secondPid = manager.worker(0).pid();
            ProcessHandle.of(secondPid).ifPresent(ProcessHandle::destroyForcibly);
            // Not a sleep against the loop's 500 ms poll: the loop has handled this exit (and decided) once
            // onExit returned for it, so whatever it decided has happened by then.
            Await.until(WAIT, () -> manager.exitsHandled.size() == 2, "the loop to handle the second exit");
            assertEquals("supervised-0", manager.exitsHandled.get(1).process().name());
            assertEquals(137, manager.exitsHandled.get(1).exitCode());
            assertFalse(manager.worker(0).isAlive(), "the policy allows one restart only");
            manager.worker(1).backend(EchoCommands.class).echo("still");
            Await.until(WAIT, () -> manager.replies.contains("supervised-1:still"), "the others to go on");
        }
        finally
        {
            manager.stopThread();
        }
        for (int i = 0; i < 3; i++)
        {
            assertFalse(manager.worker(i).isAlive());
        }
    }

    @Test
    void sigintShutsTheManagerAndEveryWorkerDownCleanly() throws Exception
    {
        try (ManagerProgram program = ManagerProgram.start(3))
        {
            final long start = System.nanoTime();
            assertEquals(0, Tool.run("kill", "-INT", Long.toString(program.child.process().pid())).exitCode());
            assertEquals(0, program.child.awaitExit(WAIT), "a clean exit: " + program.child.output());
            assertTrue(program.child.output().contains("BYE"), program.child.output());
            for (final long pid : program.workers)
            {
                assertTrue(TestJvm.hasExited(pid), "worker " + pid + " stopped");
            }
            assertFalse(Files.exists(program.session), "the session directory is gone");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 20_000);
        }
    }

    @Test
    void killingTheManagerTakesEveryWorkerDownWithinAboutASecond() throws Exception
    {
        try (ManagerProgram program = ManagerProgram.start(3))
        {
            final long killedAt = System.nanoTime();
            program.child.process().destroyForcibly(); // kill -9
            final Map<Long, Long> exitedMs = TestJvm.msUntilExited(program.workers, killedAt, Duration.ofSeconds(10));
            assertEquals(program.workers.size(), exitedMs.size(), "every worker exited: " + exitedMs);
            for (final long ms : exitedMs.values())
            {
                assertTrue(ms <= TETHER_EXIT_MS + LOADED_MARGIN_MS, "a worker took " + ms + " ms to exit, the README says " +
                    "within " + TETHER_EXIT_MS + " ms (+ " + LOADED_MARGIN_MS + " ms for a loaded machine); all: " + exitedMs);
            }
            final List<Path> swept = io.tandem.internal.runtime.SessionSweeper.sweep(io.tandem.internal.runtime.RuntimeRoot.configured());
            assertTrue(swept.contains(program.session) || !Files.exists(program.session),
                "the dead manager's session is swept (by us, or by another JVM that started a session first)");
            assertFalse(Files.exists(program.session));
        }
    }

    /** A manager in a JVM of its own, read through {@link ChildProgram} (every read with a deadline). */
    private static final class ManagerProgram implements AutoCloseable
    {
        final ChildProgram child;
        final List<Long> workers = new ArrayList<>();
        final Path session;

        private ManagerProgram(final ChildProgram child, final int workers)
        {
            this.child = child;
            for (int i = 0; i < workers; i++)
            {
                this.workers.add(Long.parseLong(child.awaitLine("WORKER", WAIT)));
            }
            session = Paths.get(child.awaitLine("SESSION", WAIT));
            child.awaitLine("READY", WAIT);
        }

        static ManagerProgram start(final int workers)
        {
            final ChildProgram child = ChildProgram.start(TestJvm.command(ManagerMain.class, Integer.toString(workers)));
            try
            {
                return new ManagerProgram(child, workers);
            }
            catch (final RuntimeException | Error ex)
            {
                child.close();
                throw ex;
            }
        }

        @Override
        public void close()
        {
            child.close();
            for (final long pid : workers)
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
