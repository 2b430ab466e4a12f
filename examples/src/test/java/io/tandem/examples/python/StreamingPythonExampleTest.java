package io.tandem.examples.python;

import io.tandem.examples.ExampleMain;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./tandem example streaming-python}, run as the launcher runs it, against the repository's Python package
 * (python/, or TANDEM_PYTHONPATH): both directions stream and check every frame; a wrong mean is caught on both
 * sides and fails the run; a missing interpreter is a clear message and exit 3. The tests that need Python and NumPy
 * are skipped, saying why, where they are absent (they fail instead with TANDEM_REQUIRE_PYTHON=1, as in CI).
 */
@Timeout(180)
@ExtendWith(NoLeftovers.class)
class StreamingPythonExampleTest
{
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);
    private static final Pattern CONSUMER_LINE = Pattern.compile(
        "(java->python|python->java) +t=\\d+s +(python|java) consumer +(\\d+) frames/s +[\\d.]+ MB/s +age p50 .* max .* " +
            "dropped (\\d+) +corrupt (\\d+)");

    /** Skips the calling test, saying why, if there is no python3 with NumPy. */
    private static void assumePythonAndNumpy() throws InterruptedException
    {
        final String python = System.getProperty("tandem.python", System.getenv().getOrDefault("TANDEM_PYTHON", "python3"));
        String reason = null;
        try
        {
            final Process probe = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            final String out = new String(probe.getInputStream().readAllBytes()).trim();
            if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0)
            {
                probe.destroyForcibly();
                reason = python + " has no NumPy: " + out;
            }
        }
        catch (final IOException ex)
        {
            reason = python + " is not installed: " + ex.getMessage();
        }
        if (reason != null && "1".equals(System.getenv("TANDEM_REQUIRE_PYTHON")))
        {
            Assertions.fail("TANDEM_REQUIRE_PYTHON=1 (set by .ci/run) but " + reason);
        }
        if (reason != null)
        {
            System.out.println("StreamingPythonExampleTest skipped: " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    /** What a run printed and its exit code. */
    private static final class Run
    {
        final int exitCode;
        final String output;

        Run(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Run run(final List<String> jvmArgs, final String... args)
    {
        try (ChildProgram example = ChildProgram.start(TestJvm.command(jvmArgs, ExampleMain.class, args)))
        {
            final int exitCode = example.awaitExit(RUN_LIMIT); // fails with what it printed if it hangs
            return new Run(exitCode, example.output());
        }
    }

    @Test
    void framesGoBothWaysAndEveryOneIsChecked() throws Exception
    {
        assumePythonAndNumpy();
        final Run run = run(List.of(), "streaming-python", "3", "60");
        final String out = run.output;
        assertEquals(0, run.exitCode, out);
        final int[] consumerLines = new int[2];
        for (final String line : out.split("\n"))
        {
            final Matcher m = CONSUMER_LINE.matcher(line.strip());
            if (m.matches())
            {
                consumerLines[m.group(1).startsWith("java") ? 0 : 1]++;
                assertTrue(Integer.parseInt(m.group(3)) > 0, "frames flow: " + line);
                assertEquals("0", m.group(4), "BLOCK: nothing dropped: " + line);
                assertEquals("0", m.group(5), "every frame's mean is the header's: " + line);
            }
        }
        assertTrue(consumerLines[0] >= 1 && consumerLines[1] >= 1, "a line per second from each consumer:\n" + out);
        assertTrue(out.matches("(?s).*java->python  t=1s  java producer .*"), out);
        assertTrue(out.matches("(?s).*python->java  t=1s  python producer .*"), out);
        final Matcher toPython = Pattern.compile("java->python: (\\d+) frames sent, Python checked (\\d+): corrupt 0, dropped 0")
            .matcher(out);
        assertTrue(toPython.find(), out);
        assertEquals(toPython.group(1), toPython.group(2), "Python checked every frame Java sent");
        assertTrue(Long.parseLong(toPython.group(1)) >= 100, "about 60 frames/s for 3 s: " + toPython.group());
        final Matcher toJava = Pattern.compile("python->java: Python sent (\\d+) frames, Java checked (\\d+): corrupt 0, dropped 0")
            .matcher(out);
        assertTrue(toJava.find(), out);
        assertEquals(toJava.group(1), toJava.group(2), "Java checked every frame Python sent");
        assertTrue(Long.parseLong(toJava.group(1)) >= 100, toJava.group());
        assertTrue(out.contains("streaming-python: done"), out);
    }

    @Test
    void aWrongMeanIsCaughtOnBothSidesAndFailsTheRun() throws Exception
    {
        assumePythonAndNumpy();
        final Run run = run(List.of(), "streaming-python", "2", "50", "10");
        final String out = run.output;
        assertEquals(1, run.exitCode, out);
        assertTrue(out.contains("CORRUPT frame 9: uint8[480, 640, 3] mean "), "NumPy's check names frame and mean:\n" + out);
        assertTrue(out.contains("CORRUPT frame 9: mean brightness "), "Java's check names frame and mean:\n" + out);
        final Matcher toPython = Pattern.compile("java->python: (\\d+) frames sent, Python checked \\1: corrupt (\\d+), dropped 0")
            .matcher(out);
        assertTrue(toPython.find(), out);
        assertEquals(Long.parseLong(toPython.group(1)) / 10, Long.parseLong(toPython.group(2)), "every 10th frame: " + out);
        final Matcher toJava = Pattern.compile("python->java: Python sent (\\d+) frames, Java checked \\1: corrupt (\\d+), dropped 0")
            .matcher(out);
        assertTrue(toJava.find(), out);
        assertEquals(Long.parseLong(toJava.group(1)) / 10, Long.parseLong(toJava.group(2)), "every 10th frame: " + out);
        assertTrue(out.contains("streaming-python: FAILED"), out);
    }

    @Test
    void aMissingInterpreterIsAClearMessageAndExitCode3()
    {
        final Run run = run(List.of("-Dtandem.python=/nonexistent/python3"), "streaming-python", "1");
        assertEquals(3, run.exitCode, run.output);
        assertTrue(run.output.contains("streaming-python: /nonexistent/python3 was not found") &&
            run.output.contains("install Python 3.9+ and NumPy"), run.output);
    }
}
