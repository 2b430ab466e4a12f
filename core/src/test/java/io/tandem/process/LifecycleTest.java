package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.ExitCodes;
import io.tandem.idle.WaitMode;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** preRun, postRun, betweenCommands and stopping, in both backend modes. */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class LifecycleTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(ProcessOptions.Mode.class)
    void preRunAndPostRunRunInTheBackendAroundTheCommands(final ProcessOptions.Mode mode) throws IOException
    {
        final Path journal = tmp.resolve("journal");
        final long backendPid;
        try (LifecycleProcess p = new LifecycleProcess("hooks-" + mode.name().toLowerCase(),
            ProcessOptions.builder().mode(mode).build(), journal, false, 0))
        {
            p.start();
            p.awaitStarted(WAIT);
            p.backend(LifecycleCommands.class).hello();
            assertEquals("hello", p.receive(WAIT).name());
            backendPid = p.pid();
            p.stop();
            assertEquals(ExitCodes.STOPPED, p.exitCode().orElseThrow());
        }
        final List<String> lines = Files.readAllLines(journal);
        assertEquals(List.of("preRun " + backendPid, "hello " + backendPid, "postRun " + backendPid), lines);
        if (mode == ProcessOptions.Mode.CHILD_JVM)
        {
            assertNotEquals(ProcessHandle.current().pid(), backendPid, "hooks ran in another process");
        }
        else
        {
            assertEquals(ProcessHandle.current().pid(), backendPid, "hooks ran in this JVM");
        }
    }

    @ParameterizedTest
    @EnumSource(ProcessOptions.Mode.class)
    void failingPreRunEndsTheBackendAndTheFrontendIsTold(final ProcessOptions.Mode mode) throws IOException
    {
        final Path journal = tmp.resolve("journal");
        try (LifecycleProcess p = new LifecycleProcess("broken-" + mode.name().toLowerCase(),
            ProcessOptions.builder().mode(mode).build(), journal, true, 0))
        {
            p.start();
            final BackendDiedException e = assertThrows(BackendDiedException.class, () -> p.awaitStarted(WAIT));
            assertEquals(ExitCodes.BACKEND_FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("the backend failed"), e.getMessage());
        }
        assertEquals(List.of("preRun", "postRun"), Files.readAllLines(journal).stream().map(l -> l.split(" ")[0]).toList(),
            "postRun still runs to release what preRun opened");
    }

    @ParameterizedTest
    @EnumSource(WaitMode.class)
    void workBetweenCommandsRunsAndTheBackendStillAnswersAndStopsPromptly(final WaitMode waitMode)
    {
        try (LifecycleProcess p = new LifecycleProcess("ticker-" + waitMode.name().toLowerCase(),
            ProcessOptions.builder().waitMode(waitMode).build(), tmp.resolve("journal"), false, 20))
        {
            p.start();
            MessageObject m;
            do
            {
                m = p.receive(WAIT);
            }
            while (!m.name().equals("tick") || m.get("n", Integer.class) < 3);
            p.backend(LifecycleCommands.class).hello();
            do
            {
                m = p.receive(WAIT);
            }
            while (m.name().equals("tick"));
            assertEquals("hello", m.name());
            assertTrue(m.get("ticks", Integer.class) >= 3);
            final long stopAt = System.nanoTime();
            p.stop();
            final long stopMs = (System.nanoTime() - stopAt) / 1_000_000;
            assertEquals(ExitCodes.STOPPED, p.exitCode().orElseThrow());
            assertTrue(stopMs < 2_000, "stopped in " + stopMs + " ms");
        }
    }

    @Test
    void backendCanStopItself()
    {
        try (LifecycleProcess p = new LifecycleProcess("self-stopper", ProcessOptions.defaults(), tmp.resolve("j"), false, 0))
        {
            p.start();
            p.backend(LifecycleCommands.class).stopYourself();
            Await.until(WAIT, () -> !p.isAlive(), "the backend to stop itself");
            assertEquals(ExitCodes.STOPPED, p.exitCode().orElseThrow());
        }
    }

    @Test
    void inJvmModeRunsTheSameDispatchOnAThread()
    {
        try (EchoProcess p = new EchoProcess("in-jvm", ProcessOptions.builder().inJvm().build()))
        {
            p.start();
            p.backend(EchoCommands.class).echo("local");
            final MessageObject reply = p.receive(WAIT);
            assertEquals("local", reply.get("text"));
            assertEquals("hello from in-jvm", reply.get("greeting"));
            assertEquals(null, reply.get("transient"), "in-JVM mode ships state the same way");
            assertEquals(ProcessHandle.current().pid(), p.pid());
            p.sendMessageToBack(new MessageObject("nope"));
            assertThrows(io.tandem.failure.CommandFailedException.class, () -> p.receive(WAIT));
        }
    }

    @Test
    void frontendMethodsRefuseToRunInTheBackendAndBackendMethodsInTheFrontend()
    {
        try (EchoProcess p = new EchoProcess("sides"))
        {
            final IllegalStateException notStarted = assertThrows(IllegalStateException.class,
                () -> p.backend(EchoCommands.class));
            assertTrue(notStarted.getMessage().contains("not started"), notStarted.getMessage());
            final IllegalStateException frontend = assertThrows(IllegalStateException.class, () -> p.echo("x"));
            assertTrue(frontend.getMessage().contains("sendOut() runs in the backend"), frontend.getMessage());
        }
    }
}
