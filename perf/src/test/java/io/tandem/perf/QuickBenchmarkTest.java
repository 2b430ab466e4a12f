package io.tandem.perf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./tandem perf --quick arrays} for real (the cheapest real benchmark: about 12 s with its child JVM on the
 * shared 2-core machine): the JSON and the report are produced and consistent. Nothing about speed is asserted;
 * only that figures exist, are positive, and stand beside baselines measured in the same run.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
final class QuickBenchmarkTest
{
    private static final String BENCHMARK = "arrays";

    @TempDir
    Path dir;

    @Test
    void quickRunOfARealBenchmarkWritesConsistentResultsAndReport() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            status = PerfMain.run(new String[] {"--quick", "--out", dir.toString(), BENCHMARK}, PerfMain.benchmarks(), out);
        }
        final String console = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(console);
        assertEquals(0, status, console);

        final JsonObject root = ReportCheck.check(dir, BENCHMARK);
        int withBaseline = 0;
        for (final JsonElement e : root.getAsJsonArray("results"))
        {
            final JsonObject r = e.getAsJsonObject();
            assertEquals(BENCHMARK, r.get("benchmark").getAsString());
            withBaseline += r.has("baseline") ? 1 : 0;
        }
        assertTrue(withBaseline > 0, "at least one figure beside its baseline:\n" + console);
        assertTrue(console.contains("vs baseline"), console);

        assertNothingLeft();
    }

    /** The benchmark's peers have exited and its shared files are gone. */
    private static void assertNothingLeft() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
        }
        final List<String> alive = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
        assertEquals(List.of(), alive, "child JVMs left running");
        final String mine = "tandem-perf-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> shm = Files.list(Paths.get("/dev/shm")))
        {
            assertEquals(List.of(), shm.filter(p -> p.getFileName().toString().startsWith(mine)).collect(Collectors.toList()),
                "shared files left in /dev/shm");
        }
    }
}
