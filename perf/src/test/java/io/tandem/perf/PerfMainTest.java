package io.tandem.perf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness end to end with benchmarks of the test's own (no child JVMs, a fraction of a second): the console
 * table with ratios, the JSON, the report, and the merge of successive runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class PerfMainTest
{
    @TempDir
    Path dir;

    /** Figures like rtt's: a floor, a bare baseline, the Tandem figure (two baselines), and a fixed-rate variant. */
    private static final class FakeRtt implements Benchmark
    {
        private final long scale;

        FakeRtt(final long scale)
        {
            this.scale = scale;
        }

        @Override
        public String name()
        {
            return "fake-rtt";
        }

        @Override
        public String description()
        {
            return "latencies with baselines";
        }

        @Override
        public List<Result> run(final boolean quick) throws Exception
        {
            final List<Result> results = new ArrayList<>();
            results.add(Result.latency("rtt.raw-shm", samples(400 * scale)));
            results.add(Result.latency("rtt.chronicle-queue", samples(2_000 * scale)));
            results.add(Result.latency("rtt.tandem-command", samples(2_500 * scale)));
            results.add(Result.value("spawn.one", "ms", 300.0 * scale));
            // A fixed-rate variant: compared to the same-tagged variants of rtt.tandem-command's baselines.
            final FixedRateSampler sampler = FixedRateSampler.perSecond(50_000);
            results.add(sampler.run(100, 1_000, i -> spin(200)).result("rtt.raw-shm@50k"));
            results.add(sampler.run(100, 1_000, i -> spin(500)).result("rtt.tandem-command@50k"));
            return results;
        }
    }

    /** Rates like ring's: repeated windows with their spread, beside Agrona and memcpy. */
    private static final class FakeRing implements Benchmark
    {
        @Override
        public String name()
        {
            return "fake-ring";
        }

        @Override
        public String description()
        {
            return "rates with baselines";
        }

        @Override
        public List<Result> run(final boolean quick)
        {
            return List.of(
                Result.rate("ring.64B.tandem", "msg/s", new double[] {9.1e6, 9.6e6, 8.7e6, 9.9e6, 9.3e6}),
                Result.rate("ring.64B.agrona-limit256", "msg/s", new double[] {9.5e6, 9.4e6, 9.8e6}),
                Result.value("ring.1MiB.tandem", "GB/s", 7.5),
                Result.value("bandwidth.memcpy-cached", "GB/s", 20.0),
                Result.value("custom.tandem", "GB/s", 5.0).withBaselines("bandwidth.memcpy-cached"),
                Result.value("idle-cpu.backend", "%", 0.4));
        }
    }

    /** Always fails: the others' figures must survive it. */
    private static final class Broken implements Benchmark
    {
        @Override
        public String name()
        {
            return "broken";
        }

        @Override
        public String description()
        {
            return "throws";
        }

        @Override
        public List<Result> run(final boolean quick)
        {
            throw new IllegalStateException("peer died");
        }
    }

    private static void spin(final long ns)
    {
        final long start = System.nanoTime();
        while (System.nanoTime() - start < ns)
        {
            Thread.onSpinWait();
        }
    }

    private static long[] samples(final long base)
    {
        final long[] samples = new long[10_000];
        for (int i = 0; i < samples.length; i++)
        {
            samples[i] = base + (i * 7919L) % (base * 3) + (i % 1000 == 0 ? base * 50 : 0);
        }
        return samples;
    }

    private String run(final List<Benchmark> registry, final int expectedStatus, final String... args) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> all = new ArrayList<>(List.of("--out", dir.toString()));
        all.addAll(List.of(args));
        final int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            status = PerfMain.run(all.toArray(new String[0]), registry, out);
        }
        final String console = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(console);
        assertEquals(expectedStatus, status, console);
        return console;
    }

    @Test
    void writesConsistentJsonAndReportWithRatios() throws Exception
    {
        final String console = run(List.of(new FakeRtt(1), new FakeRing()), 0, "--quick");

        final JsonObject root = ReportCheck.check(dir, "fake-rtt", "fake-ring");
        final JsonObject tandem = result(root, "fake-rtt", "rtt.tandem-command");
        assertEquals(List.of("rtt.chronicle-queue", "rtt.raw-shm"), strings(tandem, "baseline"));
        assertEquals(1.25, tandem.getAsJsonObject("ratio").getAsJsonObject("rtt.chronicle-queue").get("p50").getAsDouble(), 0.01);
        assertEquals(List.of("rtt.raw-shm@50k"), strings(result(root, "fake-rtt", "rtt.tandem-command@50k"), "baseline"));
        assertEquals(50_000, result(root, "fake-rtt", "rtt.tandem-command@50k").get("rate").getAsDouble());
        final JsonObject ring = result(root, "fake-ring", "ring.64B.tandem");
        assertEquals(9.3e6, ring.get("value").getAsDouble(), 1e3, "median of the repeats");
        assertEquals(8.7e6, ring.get("min").getAsDouble(), 1e3);
        assertEquals(9.9e6, ring.get("max").getAsDouble(), 1e3);
        assertEquals(5, ring.get("n").getAsInt());
        assertEquals(List.of("bandwidth.memcpy-cached"), strings(result(root, "fake-ring", "ring.1MiB.tandem"), "baseline"),
            "only baselines measured in the same run");
        assertEquals(List.of("bandwidth.memcpy-cached"), strings(result(root, "fake-ring", "custom.tandem"), "baseline"), "a benchmark's own baseline");
        assertFalse(result(root, "fake-ring", "idle-cpu.backend").has("baseline"));
        assertTrue(root.getAsJsonObject("runs").getAsJsonObject("fake-rtt").get("quick").getAsBoolean());

        assertTrue(console.contains("1.25x"), "the console shows the ratio to chronicle-queue:\n" + console);
        assertTrue(console.contains("(baseline)"), console);
        assertTrue(console.contains("fixed rate"), console);

        final String page = Files.readString(dir.resolve(PerfMain.REPORT), StandardCharsets.UTF_8);
        assertTrue(page.contains("stroke-dasharray"), "baselines dashed in the latency chart");
        assertTrue(page.contains("Coordinated omission"), "the report says how omission is handled");
        assertTrue(page.contains("slower than the baseline"), "the report says where Tandem is slower");
    }

    @Test
    void runningOneBenchmarkReplacesOnlyItsOwnResults() throws Exception
    {
        run(List.of(new FakeRtt(1), new FakeRing()), 0, "--quick");
        final JsonObject first = ReportCheck.check(dir, "fake-rtt", "fake-ring");
        final double ringValue = result(first, "fake-ring", "ring.64B.tandem").get("value").getAsDouble();

        run(List.of(new FakeRtt(3), new FakeRing()), 0, "fake-rtt");
        final JsonObject second = ReportCheck.check(dir, "fake-rtt", "fake-ring");
        assertEquals(3 * result(first, "fake-rtt", "rtt.raw-shm").get("p50").getAsDouble(),
            result(second, "fake-rtt", "rtt.raw-shm").get("p50").getAsDouble(), 1.0, "rtt measured again");
        assertEquals(ringValue, result(second, "fake-ring", "ring.64B.tandem").get("value").getAsDouble(), "ring kept");
        assertFalse(second.getAsJsonObject("runs").getAsJsonObject("fake-rtt").get("quick").getAsBoolean());
        assertEquals(first.getAsJsonArray("results").size(), second.getAsJsonArray("results").size(), "nothing duplicated");
        assertEquals("fake-ring", second.getAsJsonArray("results").get(first.getAsJsonArray("results").size() - 1)
            .getAsJsonObject().get("benchmark").getAsString(), "order kept");
    }

    @Test
    void aFailingBenchmarkKeepsTheOthersAndFailsTheRun() throws Exception
    {
        final String console = run(List.of(new FakeRtt(1), new Broken(), new FakeRing()), 1, "--quick");
        assertTrue(console.contains("FAILED broken"), console);
        ReportCheck.check(dir, "fake-rtt", "fake-ring");
    }

    @Test
    void readsAndUpgradesTheEarlierFormat() throws Exception
    {
        // What the first harness wrote: no machine facts, no benchmark on each result.
        Files.writeString(dir.resolve(PerfMain.RESULTS), "{\"results\":[\n"
            + "{\"name\":\"rtt.raw-shm\",\"unit\":\"ns\",\"p50\":421,\"p90\":601,\"p99\":832,\"p999\":4148,\"max\":5955744,\"n\":30000},\n"
            + "{\"name\":\"ring.64B.agrona\",\"unit\":\"msg/s\",\"value\":1.658e+07}\n"
            + "]}\n");
        run(List.of(new FakeRtt(1)), 0, "--quick");
        final String json = Files.readString(dir.resolve(PerfMain.RESULTS), StandardCharsets.UTF_8);
        final JsonObject root = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        int rawShm = 0;
        for (final JsonElement e : root.getAsJsonArray("results"))
        {
            rawShm += e.getAsJsonObject().get("name").getAsString().equals("rtt.raw-shm") ? 1 : 0;
        }
        assertEquals(1, rawShm, "the old rtt.raw-shm replaced by the new one");
        assertTrue(json.contains("\"ring.64B.agrona\""), "an old figure of another benchmark kept");
        assertTrue(Files.readString(dir.resolve(PerfMain.REPORT), StandardCharsets.UTF_8).contains("<svg"));
    }

    @Test
    void badCommandLines() throws Exception
    {
        assertTrue(run(List.of(new FakeRing()), 2, "nope").contains("unknown benchmark 'nope'"));
        assertTrue(run(List.of(new FakeRing()), 2, "--fast").contains("unknown option '--fast'"));
        assertTrue(run(List.of(new FakeRing()), 0, "--help").contains("fake-ring"));
    }

    private static JsonObject result(final JsonObject root, final String benchmark, final String name)
    {
        for (final JsonElement e : root.getAsJsonArray("results"))
        {
            final JsonObject r = e.getAsJsonObject();
            if (r.get("name").getAsString().equals(name) && r.get("benchmark").getAsString().equals(benchmark))
            {
                return r;
            }
        }
        throw new AssertionError("no " + name + " of " + benchmark);
    }

    private static List<String> strings(final JsonObject r, final String key)
    {
        final List<String> list = new ArrayList<>();
        if (r.has(key))
        {
            r.getAsJsonArray(key).forEach(e -> list.add(e.getAsString()));
        }
        return list;
    }
}
