package io.tandem.manager;

import io.tandem.ProcessOptions;
import io.tandem.process.EchoCommands;
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
            ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(WAIT, () -> manager.worker(0).isAlive() && manager.worker(0).pid() != firstPid,
                "worker 0 to be restarted");
            first.echo("again"); // a proxy taken before the restart still works
            Await.until(WAIT, () -> manager.replies.contains("supervised-0:again"), "the restarted worker to answer");

            final long secondPid = manager.worker(0).pid();
            ProcessHandle.of(secondPid).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(WAIT, () -> !manager.worker(0).isAlive(), "worker 0 to die again");
            Thread.sleep(500);
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
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(program.process.pid())).start().waitFor());
            assertTrue(program.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "manager exited");
            assertEquals(0, program.process.exitValue(), "a clean exit");
            assertTrue(program.output().contains("BYE"), program.output());
            for (final long pid : program.workers)
            {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker " + pid + " stopped");
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
            program.process.destroyForcibly().waitFor();
            final long killedAt = System.nanoTime();
            for (final long pid : program.workers)
            {
                Await.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
                    "worker " + pid + " to exit");
            }
            final long ms = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(ms < 2_500, "workers took " + ms + " ms");
            final List<Path> swept = io.tandem.runtime.SessionSweeper.sweep(io.tandem.runtime.RuntimeRoot.configured());
            assertTrue(swept.contains(program.session) || !Files.exists(program.session),
                "the dead manager's session is swept (by us, or by another JVM that started a session first)");
            assertFalse(Files.exists(program.session));
        }
    }

    /** A manager in a JVM of its own. */
    private static final class ManagerProgram implements AutoCloseable
    {
        final Process process;
        final List<Long> workers = new ArrayList<>();
        final StringBuilder output = new StringBuilder();
        Path session;
        private final Thread reader;

        private ManagerProgram(final Process process) throws Exception
        {
            this.process = process;
            final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY"))
            {
                if (line.startsWith("WORKER "))
                {
                    workers.add(Long.parseLong(line.substring(7)));
                }
                else if (line.startsWith("SESSION "))
                {
                    session = Paths.get(line.substring(8));
                }
            }
            reader = new Thread(() ->
            {
                try
                {
                    String l;
                    while ((l = out.readLine()) != null)
                    {
                        synchronized (output)
                        {
                            output.append(l).append('\n');
                        }
                    }
                }
                catch (final java.io.IOException ignored)
                {
                    // process gone
                }
            });
            reader.start();
        }

        static ManagerProgram start(final int workers) throws Exception
        {
            final ManagerProgram program = new ManagerProgram(new ProcessBuilder(
                TestJvm.command(ManagerMain.class, Integer.toString(workers))).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            assertEquals(workers, program.workers.size(), "manager did not come up");
            return program;
        }

        String output() throws InterruptedException
        {
            reader.join(5_000);
            synchronized (output)
            {
                return output.toString();
            }
        }

        @Override
        public void close()
        {
            process.destroyForcibly();
            for (final long pid : workers)
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
