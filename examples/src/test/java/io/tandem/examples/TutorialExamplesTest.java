package io.tandem.examples;

import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each tutorial example, run as {@code ./tandem example <name>} runs it, prints what the tutorial shows.
 * Lines whose order depends on timing in the tutorial too (a backend's log against the main program's
 * print) are checked in separate sequences.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class TutorialExamplesTest
{
    /** An example runs for seconds (the manager 12, the streaming one 4 and its start-up). */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    @Test
    void ping() throws Exception
    {
        final String out = run("ping");
        assertInOrder(out, "Regards from other side of the fork!  Got parameter gotcha!");
    }

    @Test
    void sync() throws Exception
    {
        final String out = run("sync");
        assertInOrder(out,
            "MyProcess.my-process - INFO - ping: callin backend to do some stuff",
            "MyProcess.my-process - INFO - c__ping: got parameter gotcha! - will do some",
            "MyProcess.my-process - INFO - c__ping: ..did that!",
            "MyProcess.my-process - INFO - ping: backend seems to be ready");
    }

    @Test
    void pingPong() throws Exception
    {
        final String out = run("ping-pong");
        assertInOrder(out,
            "MyProcess.my-process - INFO - ping: sending ping to backend",
            "MyProcess.my-process - INFO - c__ping: got parameter gotcha! - will do some",
            "MyProcess.my-process - INFO - c__ping: ..did that!",
            "main: got pong with some pudding");
        assertInOrder(out,
            "MyProcess.my-process - INFO - ping: sending ping to backend",
            "main: waiting reply from multiprocessing backend",
            "main: got pong with some pudding");
    }

    @Test
    void sharedMemory() throws Exception
    {
        final String out = run("shared-memory");
        assertInOrder(out,
            "MyProcess.my-process - INFO - preRun__ :",
            "MyProcess.my-process - INFO - c__readWrite: will change array values from 1.0 to 3.0",
            "MyProcess.my-process - INFO - c__readWrite: ..did that!",
            "MyProcess.my-process - INFO - readWrite: array values now 3.0",
            "MyProcess.my-process - INFO - postRun__ :");
        assertInOrder(out,
            "MyProcess.my-process - INFO - readWrite : callin backend",
            "MyProcess.my-process - INFO - c__readWrite: will change array values from 1.0 to 3.0");
    }

    @Test
    void onDemand() throws Exception
    {
        final String out = run("on-demand");
        assertInOrder(out,
            "MyProcess.my-process - INFO - c__readWrite: will change array values from 0.0 to 3.0",
            "MyProcess.my-process - INFO - c__readWrite: ..did that!",
            "MyProcess.my-process - INFO - readWrite: array values now 3.0",
            "main: array values now 3.0",
            "MyProcess.my-process - INFO - c__close: client side shmem unlinked",
            "MyProcess.my-process - INFO - close: closing server side shmem",
            "main: bye!");
    }

    @Test
    void managerInThreadMode() throws Exception
    {
        final String out = run("manager", "test", "12");
        assertInOrder(out,
            "Manager - INFO - startProcesses: starting multiprocesses",
            "Manager - INFO - startProcesses: all multiprocesses running",
            "running manager for 12 secs",
            "stopping manager",
            "bye!");
        assertInOrder(out, "Manager - DEBUG - starting main loop", "Manager - DEBUG - bye!");
        for (int i = 0; i < 5; i++)
        {
            assertInOrder(out, "WorkerProcess.worker-" + i + " - INFO - preRun__ :",
                "WorkerProcess.worker-" + i + " - INFO - postRun__ :");
        }
        assertTrue(out.matches("(?s).*WorkerProcess\\.worker-\\d - INFO - c__doWork: will change array values from 0\\.0 to 3\\.0.*"), out);
        // a worker reported through its shared array: the values it wrote, 1 to 5, five of them
        assertTrue(out.matches("(?s).*Manager - INFO - handleMessage__ : subprocess WorkerProcess\\(worker-\\d\\) returned " +
            "ready with values \\[([1-5])\\. \\1\\. \\1\\. \\1\\. \\1\\.\\].*"), out);
    }

    @Test
    void streamingLosesNothingWhenBlockingAndCountsWhatTheSlowConsumerMissesWhenOverwriting() throws Exception
    {
        final String out = run("streaming", "4");
        assertTrue(out.contains("streaming: done"), out);
        int blockLines = 0;
        int reportLines = 0;
        long overwriteDrops = 0;
        for (final String line : out.split("\n"))
        {
            if (line.matches("(BLOCK|OVERWRITE) .* frames/s +dropped .*")) // a consumer's line, not the producer's
            {
                // every consumer's report says how many frames failed their check: a line without the count fails
                reportLines++;
                assertTrue(line.matches(".* corrupt 0 .*"), "no frame fails its check: " + line);
            }
            if (line.startsWith("BLOCK ") && line.contains("dropped"))
            {
                blockLines++;
                assertTrue(line.contains("dropped 0 "), "BLOCK loses nothing: " + line);
            }
            if (line.startsWith("OVERWRITE ") && line.contains(" slow "))
            {
                overwriteDrops += Long.parseLong(line.replaceAll(".*dropped (\\d+).*", "$1"));
            }
        }
        assertTrue(reportLines >= 4, "both consumers reported under each policy, with their corrupt count:\n" + out);
        assertTrue(blockLines >= 2, "both consumers reported under BLOCK:\n" + out);
        assertTrue(overwriteDrops > 0, "under OVERWRITE the slow consumer skips frames and counts them:\n" + out);
    }

    @Test
    void unknownExampleListsTheKnownOnes() throws Exception
    {
        final String out = run();
        assertTrue(out.startsWith("usage: ./tandem example <name>"), out);
        assertTrue(out.contains("\n  ping           tutorial 1: "), out);
        assertTrue(out.contains("\n  ping-pong      tutorial 3: "), out);
        assertTrue(out.contains("\n  sync           tutorial 2: "), out);
    }

    /**
     * Runs {@code ./tandem example <args>} as the launcher does: a JVM of its own whose backends share its
     * stdout and stderr, all read through one pipe, so the lines come in the order they were written.
     */
    static String run(final String... args)
    {
        try (ChildProgram example = ChildProgram.start(TestJvm.command(ExampleMain.class, args)))
        {
            final int exitCode = example.awaitExit(RUN_LIMIT); // fails with what it printed if it hangs
            final String text = example.output() + "\n";
            if (args.length > 0)
            {
                assertEquals(0, exitCode, text);
            }
            return text;
        }
    }

    /** Asserts that each line occurs, whole, after the one before it. */
    static void assertInOrder(final String output, final String... lines)
    {
        int from = 0;
        for (final String line : lines)
        {
            final int at = indexOfLine(output, line, from);
            if (at < 0)
            {
                fail("expected line \"" + line + "\" after position " + from + " in:\n" + output);
            }
            from = at + line.length();
        }
        assertTrue(from > 0);
    }

    private static int indexOfLine(final String text, final String line, final int from)
    {
        int at = text.indexOf(line, from);
        while (at >= 0)
        {
            final boolean starts = at == 0 || text.charAt(at - 1) == '\n';
            final int end = at + line.length();
            final boolean ends = end == text.length() || text.charAt(end) == '\n' || text.charAt(end) == '\r' ||
                text.charAt(end) == ' ';
            if (starts && ends)
            {
                return at;
            }
            at = text.indexOf(line, at + 1);
        }
        return -1;
    }
}
