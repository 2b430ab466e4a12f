package io.tandem.examples;

import io.tandem.test.NoLeftovers;
import io.tandem.test.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

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
    void unknownExampleListsTheKnownOnes() throws Exception
    {
        final String out = run();
        assertTrue(out.startsWith("usage: ./tandem example <name>"), out);
        assertTrue(out.contains("\n  ping           tutorial 1: "), out);
        assertTrue(out.contains("\n  ping-pong      tutorial 3: "), out);
        assertTrue(out.contains("\n  sync           tutorial 2: "), out);
    }

    static String run(final String... args) throws Exception
    {
        try (Output output = Output.capture())
        {
            ExampleMain.main(args);
            return output.text();
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
