package io.tandem.examples;

import io.tandem.remote.ClusterSecret;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tandem example remote}: a node in a child JVM, ping-pong and frames through it, nothing left after it. */
@Timeout(180)
@ExtendWith(NoLeftovers.class)
class RemoteExampleTest
{
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final Pattern STOPPED = Pattern.compile("remote: node (127\\.0\\.0\\.1:\\d+) \\(pid (\\d+)\\) stopped");

    @Test
    void pingPongAndAStreamThroughANodeThenNothingLeft() throws Exception
    {
        final List<String> before = leftovers();
        final Result run = run("2");
        assertEquals(0, run.exitCode, run.output);
        final List<String> out = TutorialExamplesTest.lines(run.output);
        // the tutorial's ping-pong lines, in order (the backend's came through the node's output)
        final List<String> pingPong = TutorialExamplesTest.tutorialBlock("ping-pong");
        final List<String> seen = out.stream().filter(pingPong::contains).collect(Collectors.toList());
        assertEquals(pingPong.size(), seen.size(), "every ping-pong line once:\n" + run.output);
        final Matcher stopped = STOPPED.matcher(run.output);
        assertTrue(stopped.find(), run.output);
        final String address = stopped.group(1);
        assertTrue(out.contains("remote: node listening on " + address), run.output);
        final List<String> consumer = out.stream().filter(l -> l.startsWith("BLOCK ") && l.contains(" consumer "))
            .collect(Collectors.toList());
        assertTrue(!consumer.isEmpty(), "the remote consumer reported:\n" + run.output);
        for (final String line : consumer)
        {
            assertTrue(line.matches("BLOCK +t=\\d+s +consumer +\\d+ frames/s +dropped 0 +corrupt 0 +age p50 .* max .*"), line);
        }
        assertTrue(out.stream().anyMatch(l -> l.matches("BLOCK +t=\\d+s +producer +\\d+ frames/s .*")), run.output);
        final Matcher done = Pattern.compile("remote: done: (\\d+) frames through node " + Pattern.quote(address) +
            ", lost 0, corrupt 0").matcher(run.output);
        assertTrue(done.find(), run.output);
        assertTrue(Long.parseLong(done.group(1)) >= 30, "about 30 frames a second for 2 s: " + done.group(1));
        assertGone(Long.parseLong(stopped.group(2)));
        assertEquals(before, leftovers(), "the node's root and the example's secret are removed");
    }

    @Test
    void aNodeWithAnotherSecretRefusesAndTheExampleFails() throws Exception
    {
        final Path dir = Files.createTempDirectory("tandem-other-secret-");
        try
        {
            final Path other = dir.resolve("secret");
            ClusterSecret.create(other);
            final List<String> before = leftovers();
            final Result run = run("1", "--node-secret", other.toString());
            assertNotEquals(0, run.exitCode, run.output);
            assertTrue(run.output.contains("remote: failed: node 127.0.0.1:") && run.output.contains("refused to start " +
                "process 'my-process'") && run.output.contains("secrets differ"), run.output);
            final Matcher stopped = STOPPED.matcher(run.output);
            assertTrue(stopped.find(), run.output);
            assertGone(Long.parseLong(stopped.group(2)));
            assertEquals(before, leftovers());
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(dir);
        }
    }

    @Test
    void ctrlCStopsTheNodeAndLeavesNothing() throws Exception
    {
        final List<String> before = leftovers();
        try (ChildProgram example = ChildProgram.start(TestJvm.command(ExampleMain.class, "remote", "60")))
        {
            final String listening = example.awaitLine("remote: node listening on ", RUN_LIMIT);
            example.awaitLine("BLOCK ", RUN_LIMIT);
            final List<Long> nodes = example.process().children().map(ProcessHandle::pid).collect(Collectors.toList());
            assertEquals(1, nodes.size(), "one child, the node: " + listening);
            assertEquals(0, io.tandem.test.Tool.run("kill", "-INT", Long.toString(example.process().pid())).exitCode());
            example.awaitExit(RUN_LIMIT);
            assertGone(nodes.get(0));
        }
        assertEquals(before, leftovers(), "the node's root and the example's secret are removed");
    }

    @Test
    void aNodeThatCannotStartFailsTheExample() throws Exception
    {
        final Result run = run("1", "--listen", "192.0.2.1:0"); // TEST-NET-1: not an address of this host
        assertNotEquals(0, run.exitCode, run.output);
        assertTrue(run.output.contains("remote: failed: the tandem node did not start") &&
            run.output.contains("192.0.2.1"), run.output);
    }

    private record Result(int exitCode, String output)
    {
    }

    private static Result run(final String... args)
    {
        final String[] all = new String[args.length + 1];
        all[0] = "remote";
        System.arraycopy(args, 0, all, 1, args.length);
        try (ChildProgram example = ChildProgram.start(TestJvm.command(ExampleMain.class, all)))
        {
            final int code = example.awaitExit(RUN_LIMIT);
            return new Result(code, example.output());
        }
    }

    private static void assertGone(final long pid) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(20);
        }
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "node pid " + pid + " exited");
    }

    /** @return the example's temporary directories (node roots, secrets) on /dev/shm and in java.io.tmpdir. */
    private static List<String> leftovers() throws IOException
    {
        final List<String> found = new java.util.ArrayList<>();
        for (final Path dir : List.of(Paths.get("/dev/shm"), Paths.get(System.getProperty("java.io.tmpdir"))))
        {
            if (Files.isDirectory(dir))
            {
                try (Stream<Path> files = Files.list(dir))
                {
                    files.map(f -> f.getFileName().toString())
                        .filter(n -> n.startsWith("tandem-example-node-") || n.startsWith("tandem-remote-example-"))
                        .forEach(found::add);
                }
            }
        }
        java.util.Collections.sort(found);
        return found;
    }
}
