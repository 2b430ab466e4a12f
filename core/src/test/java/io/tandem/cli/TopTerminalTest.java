package io.tandem.cli;

import io.tandem.ProcessOptions;
import io.tandem.flow.FlowCommands;
import io.tandem.flow.FlowProcess;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tandem top} in a real terminal: a tmux pane of 80 x 24 runs it against this JVM's session; the test
 * reads the screen (capture-pane), checks it fits, and quits with the q key (send-keys).
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class TopTerminalTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void redrawsInPlaceInEightyColumnsAndQuitsOnQ() throws Exception
    {
        Assumptions.assumeTrue(run(List.of("tmux", "-V")) != null, "tmux is not installed (apt-get install tmux)");
        final String tmuxSession = "tandem-top-" + ProcessHandle.current().pid();
        try (FlowProcess p = new FlowProcess("on-screen", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            p.backend(FlowCommands.class).busy(30_000);
            p.backend(FlowCommands.class).record(1, "x".repeat(2000));

            final List<String> top = TestJvm.command(List.of("-Dtandem.root=" + RuntimeRoot.configured(),
                "-Dtandem.test.marker=" + tmuxSession), TandemCli.class, "top");
            final String command = String.join(" ", quoted(top)) + "; echo TOP-EXITED; sleep 60";
            assertTrue(run(List.of("tmux", "new-session", "-d", "-s", tmuxSession, "-x", "80", "-y", "24", command)) != null,
                "tmux started");
            Await.until(WAIT, () -> screen(tmuxSession).contains("on-screen"), "top to show the process");
            Await.until(WAIT, () -> screen(tmuxSession).matches("(?s).*on-screen\\s+running\\s+" + p.pid() +
                "\\s+0\\s+0\\s+2\\.[0-9]K/16M\\s+0/16M.*"), "a second frame, with rates and the backlog:\n" + screen(tmuxSession));
            final String screen = screen(tmuxSession);
            assertTrue(screen.contains("q: quit") && screen.contains("PROCESS") && screen.contains("CMD BACKLOG"), screen);
            for (final String line : run(List.of("tmux", "capture-pane", "-p", "-J", "-t", tmuxSession)).split("\n"))
            {
                assertTrue(line.length() <= 80, "a line longer than 80 columns (wrapped):\n" + line);
            }
            run(List.of("tmux", "send-keys", "-t", tmuxSession, "q"));
            Await.until(WAIT, () -> screen(tmuxSession).contains("TOP-EXITED"), "q to quit top:\n" + screen(tmuxSession));
        }
        finally
        {
            run(List.of("tmux", "kill-session", "-t", tmuxSession));
            Await.until(WAIT, () -> ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine().orElse("")
                .contains("-Dtandem.test.marker=" + tmuxSession)), "the top JVM to end with its tmux session");
        }
    }

    private static String screen(final String tmuxSession)
    {
        final String text = run(List.of("tmux", "capture-pane", "-p", "-t", tmuxSession));
        return text == null ? "" : text;
    }

    private static List<String> quoted(final List<String> command)
    {
        final List<String> words = new ArrayList<>();
        for (final String word : command)
        {
            words.add("'" + word.replace("'", "'\\''") + "'");
        }
        return words;
    }

    /** @return its output, or null if it failed. */
    private static String run(final List<String> command)
    {
        try
        {
            final io.tandem.test.Tool.Result r = io.tandem.test.Tool.run(java.time.Duration.ofSeconds(30), command);
            return r.exitCode() == 0 ? r.out() + r.err() : null;
        }
        catch (final AssertionError ex)
        {
            return null; // could not run, or did not finish in time
        }
    }
}
