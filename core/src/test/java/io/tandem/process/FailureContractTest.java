package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ExitCodes;
import io.tandem.failure.RemoteException;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import io.tandem.test.Tool;
import io.tandem.test.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.tandem.test.FailureBounds.DEATH_NOTICE_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failure contract of DESIGN.md, line by line, with real child JVMs. */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class FailureContractTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void handlerThrowsIsLoggedAnsweredWithAnErrorAndTheBackendKeepsServing() throws Exception
    {
        try (Output output = Output.capture();
             EchoProcess p = new EchoProcess("thrower", ProcessOptions.builder().output(ProcessOptions.Output.PIPE).build()))
        {
            p.start();
            p.backend(EchoCommands.class).fail("deliberate");
            final CommandFailedException e = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertEquals("thrower", e.processName());
            assertEquals("fail", e.command());
            assertEquals(IllegalStateException.class.getName(), e.remoteType());
            assertEquals("deliberate", e.remoteMessage());
            final RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
            assertEquals(EchoProcess.class.getName(), remote.getStackTrace()[0].getClassName(),
                "the cause carries the backend's stack trace");
            assertEquals("fail", remote.getStackTrace()[0].getMethodName());

            p.backend(EchoCommands.class).echo("still here");
            assertEquals("still here", p.receive(WAIT).get("text"));
            assertTrue(output.text().contains("EchoProcess.thrower - ERROR - command 'fail' failed: " +
                "java.lang.IllegalStateException: deliberate"), output.text());
        }
    }

    @Test
    void unknownCommandIsAClearErrorAndTheBackendKeepsServing()
    {
        try (EchoProcess p = new EchoProcess("unknown-command"))
        {
            p.start();
            p.sendMessageToBack(new MessageObject("pong", "x", 1));
            final CommandFailedException e = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertEquals("pong", e.command());
            assertTrue(e.getMessage().contains("unknown command 'pong' for EchoProcess"), e.getMessage());
            assertTrue(e.getMessage().contains("echo"), "the message lists the known commands: " + e.getMessage());

            p.sendMessageToBack(new MessageObject("echo", "text", "served"));
            assertEquals("served", p.receive(WAIT).get("text"));
        }
    }

    @Test
    void wrongArgumentTypesAreAClearErrorAndTheBackendKeepsServing()
    {
        try (EchoProcess p = new EchoProcess("wrong-arguments"))
        {
            p.start();
            p.sendMessageToBack(new MessageObject("add", "a", "forty", "b", 2));
            CommandFailedException e = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertEquals("add", e.command());
            assertTrue(e.getMessage().contains("parameter 'a' of add(int a, long b): expected int, got String forty"),
                e.getMessage());

            p.sendMessageToBack(new MessageObject("add", "a", 1L << 40, "b", 2));
            e = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertTrue(e.getMessage().contains("expected int, got Long 1099511627776"), "out of range: " + e.getMessage());

            p.sendMessageToBack(new MessageObject("echo", "text", "x", "colour", "red"));
            e = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertTrue(e.getMessage().contains("echo(String text) has no parameter [colour]"), e.getMessage());

            p.sendMessageToBack(new MessageObject("add", "a", 1, "b", 2));
            assertEquals(3L, p.receive(WAIT).get("arg0", Long.class));
        }
    }

    @Test
    void killedBackendFailsTheWaitingReceiveWithItsNameAndExitCode() throws Exception
    {
        try (EchoProcess p = new EchoProcess("victim"))
        {
            p.start();
            p.awaitStarted(WAIT);
            final Thread waiter = Thread.currentThread();
            final AtomicLong killedAt = new AtomicLong();
            final Thread killer = new Thread(() ->
            {
                // the kill lands while receive waits (a receive begun after the death would fail at once anyway)
                Await.until(WAIT, () -> Await.inside(waiter, io.tandem.MessageProcess.class, "receive"), "receive to wait");
                TestJvm.sleep(50); // into its sleep on the doorbell, past the spinning
                killedAt.set(System.nanoTime());
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }, "killer");
            killer.start();
            final BackendDiedException e = assertThrows(BackendDiedException.class, () -> p.receive(WAIT));
            final long noticedMs = (System.nanoTime() - killedAt.get()) / 1_000_000;
            killer.join(WAIT.toMillis());
            assertTrue(killedAt.get() != 0, "killed mid-receive");
            assertEquals("victim", e.processName());
            assertEquals(137, e.exitCode());
            assertTrue(e.getMessage().contains("'victim' exited with code 137 (killed by SIGKILL)"), e.getMessage());
            assertTrue(noticedMs <= DEATH_NOTICE_MS + LOADED_MARGIN_MS, "the waiting receive failed " + noticedMs +
                " ms after the kill; the README says within milliseconds (" + DEATH_NOTICE_MS + " ms, + " + LOADED_MARGIN_MS +
                " ms for a loaded machine)");
            System.out.println("receive failed " + noticedMs + " ms after the kill");
            assertFalse(p.isAlive());
            p.stop(); // stopping a dead process is harmless
            p.stop();
        }
    }

    @Test
    void systemExitInAHandlerIsReportedWithItsCode()
    {
        try (EchoProcess p = new EchoProcess("exiter"))
        {
            p.start();
            p.backend(EchoCommands.class).exit(7);
            final BackendDiedException e = assertThrows(BackendDiedException.class, () -> p.receive(WAIT));
            assertEquals(7, e.exitCode());
            assertTrue(e.getMessage().contains("System.exit(7)"), e.getMessage());
            assertEquals(7, p.exitCode().orElseThrow());
        }
    }

    @Test
    void outOfMemoryEndsTheBackendWithAKnownCode()
    {
        try (EchoProcess p = new EchoProcess("hungry", ProcessOptions.builder().jvmArgs("-Xmx48m").build()))
        {
            p.start();
            p.backend(EchoCommands.class).allocate(1000);
            final BackendDiedException e = assertThrows(BackendDiedException.class, () -> p.receive(WAIT));
            assertEquals(ExitCodes.OUT_OF_MEMORY, e.exitCode());
            assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
        }
    }

    @Test
    void repliesSentBeforeDeathAreStillDelivered()
    {
        try (EchoProcess p = new EchoProcess("last-words"))
        {
            p.start();
            final EchoCommands commands = p.backend(EchoCommands.class);
            commands.echo("one");
            commands.echo("two");
            commands.exit(5);
            assertEquals("one", p.receive(WAIT).get("text"));
            assertEquals("two", p.receive(WAIT).get("text"));
            assertEquals(5, assertThrows(BackendDiedException.class, () -> p.receive(WAIT)).exitCode());
        }
    }

    @Test
    void backendIgnoresSigint() throws Exception
    {
        try (EchoProcess p = new EchoProcess("no-interrupt"))
        {
            p.start();
            p.awaitStarted(WAIT);
            assertEquals(0, Tool.run("kill", "-INT", Long.toString(p.pid())).exitCode());
            TestJvm.sleep(300);
            assertTrue(p.isAlive(), "SIGINT must not stop a backend");
            p.backend(EchoCommands.class).echo("alive");
            assertEquals("alive", p.receive(WAIT).get("text"));
        }
    }

    @Test
    void stopWaitsForQueuedCommandsThenRunsDownCleanly()
    {
        final EchoProcess p = new EchoProcess("orderly");
        p.start();
        p.backend(EchoCommands.class).sleep(300);
        p.backend(EchoCommands.class).echo("before stop");
        p.stop();
        assertEquals(ExitCodes.STOPPED, p.exitCode().orElseThrow());
        assertEquals("before stop", p.receive(WAIT).get("text"), "commands sent before stop ran");
        p.stop();
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, () -> p.receive(WAIT), "a closed process says so");
    }

    @Test
    void waitStopDestroysABackendThatDoesNotStopInTime()
    {
        try (EchoProcess p = new EchoProcess("stubborn"))
        {
            p.start();
            p.backend(EchoCommands.class).sleep(30_000);
            p.requestStop();
            assertFalse(p.waitStop(Duration.ofMillis(500)), "it had to be destroyed");
            assertFalse(p.isAlive());
            assertTrue(p.exitCode().orElseThrow() != ExitCodes.STOPPED);
        }
    }
}
