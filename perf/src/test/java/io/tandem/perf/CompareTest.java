package io.tandem.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./tandem perf --compare}: files written the way a run writes them ({@link Baselines#file},
 * {@link ResultsFile#merge}), compared through {@link PerfMain#run} as the command line does; the rule itself
 * ({@link Change}) checked on results directly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class CompareTest
{
    private static final String OLD_DATE = "2026-11-27T17:48:36Z";
    private static final String NEW_DATE = "2026-11-28T09:10:02Z";

    @TempDir
    Path dir;

    /** A benchmark that must never run: --compare only reads files. */
    private final AtomicBoolean ran = new AtomicBoolean();

    private final Benchmark mustNotRun = new Benchmark()
    {
        @Override
        public String name()
        {
            return "fake";
        }

        @Override
        public String description()
        {
            return "records that it ran";
        }

        @Override
        public List<Result> run(final boolean quick)
        {
            ran.set(true);
            return List.of(Result.value("fake.x", "ms", 1));
        }
    };

    @Test
    void printsBothFiguresTheChangeAndTheRatiosOfEachRun() throws Exception
    {
        final Path old = file("old.json", OLD_DATE, false, 0.86, rtt(400, 750, 1260));
        final Path neu = file("new.json", NEW_DATE, false, 1.40, rtt(400, 750, 800));

        final String console = compare(0, "--compare", old.toString(), neu.toString());

        assertTrue(console.contains("old: " + old), console);
        assertTrue(console.contains("new: " + neu), console);
        assertTrue(console.contains("== rtt   old " + OLD_DATE + " full, load 0.86..0.90   new " + NEW_DATE + " full, load 1.40..1.44"),
            "each run's date, quick or full and load average:\n" + console);
        final String tandem = line(console, "rtt.tandem-command ");
        assertTrue(tandem.contains("1.26 us") && tandem.contains("800 ns"), "old and new p50: " + tandem);
        assertTrue(tandem.contains("0.635x -37%"), "the change, as a ratio and in percent: " + tandem);
        assertTrue(tandem.contains("3.78 us") && tandem.contains("2.40 us"), "old and new p99: " + tandem);
        assertTrue(tandem.contains("better (ratio)"), tandem);
        assertTrue(console.contains("    vs rtt.chronicle-queue  p50 1.68x -> 1.07x  p99 1.68x -> 1.07x"),
            "the ratio to the baseline in each run:\n" + console);
        assertTrue(console.contains("    vs rtt.raw-shm  p50 3.15x -> 2.00x"), console);
        assertTrue(line(console, "rtt.raw-shm ").endsWith("within (figure)"), "no baseline: judged by the figure");
        assertTrue(console.contains("1 better, 0 worse, 0 mixed, 2 within; 0 added, 0 removed"), console);
        assertTrue(console.contains("outside when the new median lies outside the old run's min..max"), "the legend states the rules");
        assertTrue(console.contains("beyond x1.2 or /1.2 (p50, values), x1.3 or /1.3 (p99)"), console);
        assertFalse(ran.get(), "--compare runs no benchmark");
    }

    @Test
    void newDefaultsToTheFileARunWouldWrite() throws Exception
    {
        final Path old = file("old.json", OLD_DATE, false, 0.86, rtt(400, 750, 1260));
        file(PerfMain.RESULTS, NEW_DATE, true, 1.0, rtt(400, 750, 1300));

        final String console = compare(0, "--out", dir.toString(), "--compare", old.toString());

        assertTrue(console.contains("new: " + dir.resolve(PerfMain.RESULTS)), console);
        assertTrue(console.contains("note: one run is quick and the other full"), console);
        assertTrue(line(console, "rtt.tandem-command ").endsWith("within (ratio)"), console);
    }

    @Test
    void aRateIsJudgedByTheOldRunsSpreadInItsOwnDirection()
    {
        final Result old = Result.rate("ring.64B.tandem", "msg/s", new double[] {9.1e6, 9.6e6, 8.7e6, 9.9e6, 9.3e6});
        assertEquals(Change.Way.BETTER, rateVerdict(old, 11e6, 11.5e6, 12e6).way("value"), "a rate above the old max");
        assertEquals(Change.Way.WORSE, rateVerdict(old, 8.0e6, 8.1e6, 8.6e6).way("value"), "a rate below the old min");
        assertEquals(Change.Way.WITHIN, rateVerdict(old, 8.0e6, 9.8e6, 12e6).way("value"), "the new median inside min..max");
        assertEquals("better (above old max)", rateVerdict(old, 10e6, 10e6, 10e6).text());

        // A repeated time: lower is better, so above the old max is worse.
        final Result spawn = Result.rate("spawn.one", "ms", new double[] {300, 310, 320});
        assertFalse(spawn.higherIsBetter());
        assertEquals(Change.Way.WORSE, Change.judge(spawn, Result.rate("spawn.one", "ms", new double[] {330, 340, 350})).way("value"));
        assertEquals(Change.Way.BETTER, Change.judge(spawn, Result.rate("spawn.one", "ms", new double[] {250, 260, 330})).way("value"));

        // One repeat is no range: judged like a single figure, by the 20% limit.
        final Result once = Result.rate("ring.64B.tandem", "msg/s", new double[] {9e6});
        assertEquals("within (figure)", rateVerdict(once, 10e6).text());
        assertEquals("better (figure)", rateVerdict(once, 11e6).text());
    }

    @Test
    void ratesInsideAndOutsideTheSpreadAsPrinted() throws Exception
    {
        final Path old = file("old.json", OLD_DATE, false, 0.5, "ring", List.of(
            Result.rate("ring.64B.tandem", "msg/s", new double[] {9.1e6, 9.6e6, 8.7e6, 9.9e6, 9.3e6}),
            Result.rate("ring.64B.agrona-limit1", "msg/s", new double[] {9.5e6, 9.4e6, 9.8e6}),
            Result.rate("ring.1MiB.tandem", "GB/s", new double[] {7.0, 7.5, 8.0}),
            Result.value("bandwidth.memcpy-cached", "GB/s", 20)));
        final Path neu = file("new.json", NEW_DATE, false, 0.5, "ring", List.of(
            Result.rate("ring.64B.tandem", "msg/s", new double[] {10.5e6, 11.2e6, 12e6}),
            Result.rate("ring.64B.agrona-limit1", "msg/s", new double[] {9.5e6, 9.7e6, 9.8e6}),
            Result.rate("ring.1MiB.tandem", "GB/s", new double[] {6.0, 6.5, 6.6}),
            Result.value("bandwidth.memcpy-cached", "GB/s", 21)));

        final String console = compare(0, "--compare", old.toString(), neu.toString());

        final String tandem = line(console, "ring.64B.tandem ");
        assertTrue(tandem.contains("9.30 M msg/s") && tandem.contains("11.2 M msg/s"), tandem);
        assertTrue(tandem.contains("8.70 M..9.90 M"), "the old spread: " + tandem);
        assertTrue(tandem.contains("better (above old max)"), tandem);
        assertTrue(line(console, "ring.64B.agrona-limit1 ").contains("within (old min..max)"), console);
        assertTrue(line(console, "ring.1MiB.tandem ").contains("worse (below old min)"), console);
        assertTrue(line(console, "bandwidth.memcpy-cached ").contains("within (figure)"), "no spread, no baseline: the figure, 5%");
        assertTrue(console.contains("    vs ring.64B.agrona-limit1  0.979x -> 1.16x"), console);
    }

    @Test
    void aLatencyIsJudgedByItsRatioSoDriftCancels()
    {
        final List<Result> old = Baselines.file("rtt", rtt(400, 750, 1260), new PrintStream(new ByteArrayOutputStream()));
        // The whole machine 1.5x slower: every figure moved, the ratios did not.
        final List<Result> drifted = Baselines.file("rtt", rtt(600, 1125, 1890), new PrintStream(new ByteArrayOutputStream()));
        final Change.Verdict drift = Change.judge(find(old, "rtt.tandem-command"), find(drifted, "rtt.tandem-command"));
        assertEquals("within (ratio)", drift.text());
        assertEquals(Change.Way.WORSE, Change.judge(find(old, "rtt.raw-shm"), find(drifted, "rtt.raw-shm")).way("p50"),
            "the floor has no baseline: its own figure, 1.5x, is outside");

        // Tandem alone slower (lower is better for a time): worse; faster: better; by less than the limit: within.
        final List<Result> slower = Baselines.file("rtt", rtt(400, 750, 1600), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(Change.Way.WORSE, Change.judge(find(old, "rtt.tandem-command"), find(slower, "rtt.tandem-command")).way("p50"));
        final List<Result> faster = Baselines.file("rtt", rtt(400, 750, 900), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(Change.Way.BETTER, Change.judge(find(old, "rtt.tandem-command"), find(faster, "rtt.tandem-command")).way("p99"));
        final List<Result> little = Baselines.file("rtt", rtt(400, 750, 1400), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(Change.Way.WITHIN, Change.judge(find(old, "rtt.tandem-command"), find(little, "rtt.tandem-command")).way("p50"),
            "11% is inside the 20% limit");
        // p50 and p99 judged each against its own limit: 21% faster at p50 is out, 10% at p99 is in.
        final List<Result> mixed = Baselines.file("rtt", List.of(Result.latency("rtt.raw-shm", samples(400)),
            Result.latency("rtt.chronicle-queue", samples(750)), Result.latency("rtt.tandem-command", samples(1000, 3400))),
            new PrintStream(new ByteArrayOutputStream()));
        assertEquals("p50 better, p99 within (ratio)", Change.judge(find(old, "rtt.tandem-command"), find(mixed, "rtt.tandem-command")).text());

        // A rate without repeats: higher is better, by the same limit.
        assertEquals(Change.Way.BETTER, Change.moved(10, 13, Change.P50_LIMIT, true));
        assertEquals(Change.Way.WORSE, Change.moved(10, 13, Change.P50_LIMIT, false));
        assertEquals(Change.Way.WITHIN, Change.moved(10, 12.5, Change.P99_LIMIT, false));
        assertEquals(Change.Way.NONE, Change.moved(0, 1, Change.P50_LIMIT, false), "nothing to divide by");
    }

    @Test
    void figuresInOneFileOnlyAreAddedOrRemovedAndAMoveIsFollowed() throws Exception
    {
        final List<Result> oldRtt = new ArrayList<>(rtt(400, 750, 1260));
        oldRtt.add(Result.latency("rtt.tandem-call", samples(2000)));
        oldRtt.add(Result.value("spawn.one", "ms", 315));
        final Path old = file("old.json", OLD_DATE, false, 0.86, "rtt", oldRtt);
        final ResultsFile.Contents extra = new ResultsFile(old).merge("backlog", machine(), runEntry(OLD_DATE, true, 2.0),
            Baselines.file("backlog", List.of(Result.value("backlog.tmpfs-peak", "MiB", 92)), new PrintStream(new ByteArrayOutputStream())));
        assertEquals(6, extra.results().size());

        final List<Result> newRtt = new ArrayList<>(rtt(400, 750, 1260));
        newRtt.add(Result.latency("rtt.tandem-syncindex", samples(1500)));
        final Path neu = file("new.json", NEW_DATE, false, 1.0, "rtt", newRtt);
        new ResultsFile(neu).merge("spawn", machine(), runEntry(NEW_DATE, false, 1.0),
            Baselines.file("spawn", List.of(Result.value("spawn.one", "ms", 200)), new PrintStream(new ByteArrayOutputStream())));

        final String console = compare(0, "--compare", old.toString(), neu.toString());

        assertTrue(line(console, "rtt.tandem-call ").contains("removed"), console);
        assertTrue(line(console, "rtt.tandem-syncindex ").contains("added"), console);
        assertTrue(console.contains("    vs rtt.tandem-command  p50 - -> 1.19x"), "an added figure's ratio, new only:\n" + console);
        assertTrue(line(console, "backlog.tmpfs-peak ").contains("removed"), "a benchmark only the old file ran");
        assertTrue(console.contains("== backlog   old " + OLD_DATE + " quick, load 2.00..2.04   new (no run entry)"), console);
        final String moved = line(console, "spawn.one (was rtt) ");
        assertTrue(moved.contains("0.635x -37%") && moved.contains("better (figure)"), "a figure that moved benchmark: " + moved);
        assertTrue(console.contains("; 1 added, 2 removed"), "syncindex added; call and tmpfs-peak removed:\n" + console);
    }

    @Test
    void anUnreadableFileIsOneLineNamingItAndStatus2() throws Exception
    {
        final Path good = file("good.json", OLD_DATE, false, 0.5, rtt(400, 750, 1260));
        final Path missing = dir.resolve("missing.json");
        assertOneLineError(compare(2, "--compare", missing.toString(), good.toString()), missing + ": no such file");
        assertOneLineError(compare(2, "--compare", good.toString(), missing.toString()), missing.toString());

        final Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"results\":[{\"name\":\"x\",", StandardCharsets.UTF_8);
        assertOneLineError(compare(2, "--compare", broken.toString(), good.toString()), broken + " is not a results file (bad JSON at offset");

        final Path wrongShape = dir.resolve("shape.json");
        Files.writeString(wrongShape, "{\"results\":[1,2]}", StandardCharsets.UTF_8);
        assertOneLineError(compare(2, "--compare", good.toString(), wrongShape.toString()), wrongShape + " is not a results file");

        final Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{}", StandardCharsets.UTF_8);
        assertOneLineError(compare(2, "--compare", empty.toString(), good.toString()), empty + " holds no results");

        assertOneLineError(compare(2, "--compare", dir.toString(), good.toString()), dir + ": not a regular file");
        assertFalse(ran.get());
    }

    @Test
    void badCommandLinesAndHelp() throws Exception
    {
        final Path good = file("good.json", OLD_DATE, false, 0.5, rtt(400, 750, 1260));
        assertTrue(compare(2, "--compare").startsWith("--compare takes one OLD.json"));
        assertTrue(compare(2, "--compare", good.toString(), good.toString(), good.toString()).startsWith("--compare takes one OLD.json"));
        assertTrue(compare(2, "--quick", "--compare", good.toString()).startsWith("--compare takes one OLD.json"));
        assertTrue(compare(2, "--compare", good.toString(), "--compare", good.toString()).startsWith("--compare takes one OLD.json"));
        final String help = compare(0, "--help");
        assertTrue(help.contains("./tandem perf [--out DIR] --compare OLD.json [NEW.json]"), help);
        assertTrue(help.contains("  --compare  runs nothing"), help);
        assertFalse(ran.get());
    }

    private static void assertOneLineError(final String console, final String expected)
    {
        assertEquals(1, console.lines().count(), "one line:\n" + console);
        assertTrue(console.startsWith("perf --compare: "), console);
        assertTrue(console.contains(expected), "expected '" + expected + "' in: " + console);
    }

    private static Change.Verdict rateVerdict(final Result old, final double... repeats)
    {
        return Change.judge(old, Result.rate(old.name(), old.unit(), repeats));
    }

    /** rtt's three latencies: 98 samples at the p50 given, 2 at 3x it (the p99). */
    private static List<Result> rtt(final long rawShm, final long chronicle, final long tandem)
    {
        return List.of(
            Result.latency("rtt.raw-shm", samples(rawShm)),
            Result.latency("rtt.chronicle-queue", samples(chronicle)),
            Result.latency("rtt.tandem-command", samples(tandem)));
    }

    private static long[] samples(final long p50)
    {
        return samples(p50, 3 * p50);
    }

    private static long[] samples(final long p50, final long p99)
    {
        final long[] samples = new long[100];
        Arrays.fill(samples, p50);
        samples[98] = p99;
        samples[99] = p99;
        return samples;
    }

    private static Result find(final List<Result> results, final String name)
    {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private Path file(final String name, final String date, final boolean quick, final double load, final List<Result> rtt) throws Exception
    {
        return file(name, date, quick, load, "rtt", rtt);
    }

    /** @return a results file holding one benchmark's run, written the way the harness writes it. */
    private Path file(
        final String name, final String date, final boolean quick, final double load, final String benchmark, final List<Result> results)
        throws Exception
    {
        final Path path = dir.resolve(name);
        new ResultsFile(path).merge(benchmark, machine(), runEntry(date, quick, load),
            Baselines.file(benchmark, results, new PrintStream(new ByteArrayOutputStream())));
        return path;
    }

    private static Map<String, Object> machine()
    {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", 2);
        machine.put("cpu", "AMD EPYC");
        machine.put("jvm", "OpenJDK 17");
        return machine;
    }

    private static Map<String, Object> runEntry(final String date, final boolean quick, final double load)
    {
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", date);
        run.put("quick", quick);
        run.put("seconds", 10.0);
        run.put("load_before", load);
        run.put("load_after", load + 0.04);
        return run;
    }

    private String compare(final int expectedStatus, final String... args) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            status = PerfMain.run(args, List.of(mustNotRun), out);
        }
        final String console = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(console);
        assertEquals(expectedStatus, status, console);
        return console;
    }

    /** @return the line that starts with {@code start}. */
    private static String line(final String console, final String start)
    {
        return console.lines().filter(l -> l.startsWith(start)).findFirst()
            .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in:\n" + console));
    }
}
