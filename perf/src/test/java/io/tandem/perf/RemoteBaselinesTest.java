package io.tandem.perf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.tandem.perf.remote.RemoteBenchmark;
import io.tandem.perf.remote.TandemRemoteCall;
import io.tandem.perf.remote.TandemRemoteRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./tandem perf remote --quick}, smaller still (a few thousand messages), as {@code PerfMain} runs it (the Tandem
 * call and ring beside the baselines: figures and ratios for each, every peer gone after), and with the Tandem side not
 * plugged in:
 * Aeron's ping-pong and throughput between real peer JVMs over loopback UDP, through the harness into the results
 * file and report. The figures are sane (ReportCheck: positive, percentiles in order; here: the sample count, MB/s
 * that is msg/s times the size, no Tandem figure made up), the console says the Tandem side is missing, and nothing
 * is left behind: no peer JVM, no Aeron directory in /dev/shm.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
final class RemoteBaselinesTest
{
    private static final int RTT_SAMPLES = 2_000;

    @TempDir
    Path dir;

    @Test
    void baselinesAloneAreMeasuredRecordedAndCleanedUp() throws Exception
    {
        final RemoteBenchmark benchmark = new RemoteBenchmark(new RemoteBenchmark.Plan(1, 1_000, RTT_SAMPLES, 20_000, 20, 1, 2),
            null, null);
        final String console = runQuick(benchmark);
        final Map<String, JsonObject> byName = resultsByName();
        assertEquals(Set.of("remote.rtt.aeron", "remote.64B.aeron", "remote.64B.aeron-bytes", "remote.1MiB.aeron",
            "remote.1MiB.aeron-bytes"), byName.keySet(), "Aeron's figures and no Tandem one:\n" + console);
        final JsonObject rtt = byName.get("remote.rtt.aeron");
        assertEquals("ns", rtt.get("unit").getAsString());
        assertEquals(RTT_SAMPLES, rtt.get("n").getAsInt(), "one sample per timed round trip");
        assertTrue(rtt.get("p50").getAsDouble() > 1_000, "a round trip through two drivers and UDP takes over a microsecond: " + rtt);
        for (final String size : List.of("64B", "1MiB"))
        {
            final JsonObject rate = byName.get("remote." + size + ".aeron");
            final JsonObject megabytes = byName.get("remote." + size + ".aeron-bytes");
            assertEquals("msg/s", rate.get("unit").getAsString());
            assertEquals("MB/s", megabytes.get("unit").getAsString());
            assertEquals(2, rate.get("n").getAsInt(), "one rate per measured window");
            final double bytesPerMessage = "64B".equals(size) ? 64 : 1 << 20;
            assertEquals(rate.get("value").getAsDouble() * bytesPerMessage / 1e6, megabytes.get("value").getAsDouble(),
                megabytes.get("value").getAsDouble() * 1e-3, size + ": MB/s is msg/s times the size");
            assertFalse(rate.has("baseline"), "nothing to compare Aeron to: " + rate);
        }
        assertTrue(console.contains("the Tandem side is not plugged in"), console);
        assertFalse(console.contains("tandem-call/aeron") || console.contains("tandem-ring/aeron"), "no ratio without Tandem:\n" + console);
        assertNothingLeft();
    }

    @Test
    void tandemBesideTheBaselinesIsMeasuredWithRatiosAndCleanedUp() throws Exception
    {
        final RemoteBenchmark benchmark = new RemoteBenchmark(new RemoteBenchmark.Plan(1, 500, RTT_SAMPLES, 20_000, 20, 1, 2),
            TandemRemoteCall::open, TandemRemoteRing::open);
        final String console = runQuick(benchmark);
        final Map<String, JsonObject> byName = resultsByName();
        assertEquals(Set.of("remote.rtt.aeron", "remote.rtt.tandem-call", "remote.64B.aeron", "remote.64B.aeron-bytes",
            "remote.64B.tandem-ring", "remote.64B.tandem-ring-bytes", "remote.1MiB.aeron", "remote.1MiB.aeron-bytes",
            "remote.1MiB.tandem-ring", "remote.1MiB.tandem-ring-bytes"), byName.keySet(), console);
        final JsonObject call = byName.get("remote.rtt.tandem-call");
        assertEquals(RTT_SAMPLES, call.get("n").getAsInt(), "one sample per timed remote call");
        assertTrue(call.get("p50").getAsDouble() > 1_000, "a remote call crosses two drivers and UDP twice: " + call);
        assertTrue(call.getAsJsonObject("ratio").getAsJsonObject("remote.rtt.aeron").get("p50").getAsDouble() > 0, call.toString());
        for (final String size : List.of("64B", "1MiB"))
        {
            final JsonObject ring = byName.get("remote." + size + ".tandem-ring");
            assertEquals(2, ring.get("n").getAsInt(), "one rate per measured window");
            assertTrue(ring.get("value").getAsDouble() > 0, ring.toString());
            assertTrue(ring.getAsJsonObject("ratio").getAsJsonObject("remote." + size + ".aeron").get("value").getAsDouble() > 0,
                ring.toString());
        }
        assertTrue(console.contains("remote rtt p50 tandem-call/aeron"), console);
        assertTrue(console.contains("remote 64B tandem-ring/aeron") && console.contains("remote 1MiB tandem-ring/aeron"), console);
        assertFalse(console.contains("not plugged in"), console);
        assertNothingLeft();
    }

    /** The peers (and a node's backends) have exited and their directories (Aeron, rings, node roots) are gone. */
    static void assertNothingLeft() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
        }
        final List<String> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
        assertEquals(List.of(), alive, "peer JVMs left running");
        final String mine = DeadRunSweeper.PREFIX + ProcessHandle.current().pid() + "-";
        try (Stream<Path> shm = Files.list(Paths.get("/dev/shm")))
        {
            assertEquals(List.of(), shm.filter(p -> p.getFileName().toString().startsWith(mine)).collect(Collectors.toList()),
                "directories left in /dev/shm");
        }
    }

    /** @return what {@code ./tandem perf --quick remote} printed with {@code benchmark}, which must have succeeded. */
    private String runQuick(final RemoteBenchmark benchmark) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status;
        final PrintStream stdout = System.out;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            System.setOut(out); // a benchmark prints its own lines (rounds, targets, what is missing) on stdout
            status = PerfMain.run(new String[] {"--quick", "--out", dir.toString(), "remote"}, List.of(benchmark), out);
        }
        finally
        {
            System.setOut(stdout);
        }
        final String console = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(console);
        assertEquals(0, status, console);
        return console;
    }

    /** @return the results file's figures (checked by {@link ReportCheck}), by name. */
    private Map<String, JsonObject> resultsByName() throws Exception
    {
        final JsonObject root = ReportCheck.check(dir, "remote");
        final Map<String, JsonObject> byName = new HashMap<>();
        for (final JsonElement e : root.getAsJsonArray("results"))
        {
            byName.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
        }
        return byName;
    }
}
