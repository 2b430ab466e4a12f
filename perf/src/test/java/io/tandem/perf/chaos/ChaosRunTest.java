package io.tandem.perf.chaos;

import io.tandem.perf.ChildJvm;
import io.tandem.perf.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A very short chaos run end to end, in a JVM of its own (so its runtime root is its own whatever this JVM's
 * tests did before): three fault kinds over a few seconds, then the JSON's shape and its promises, 0 lost,
 * 0 duplicated, 0 files left, 0 orphans, and the chaos section of the report.
 */
final class ChaosRunTest
{
    private static final List<String> FAULTS = List.of("kill9-mid-command", "oversized-message", "sigstop-consumer");
    private static final long RUN_LIMIT_SECONDS = 120;

    @TempDir
    Path out;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aShortRunKeepsEveryPromiseAndSaysSoInItsJson() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        final int exit;
        try (ChildJvm run = ChildJvm.start(ChaosMain.class, "--quick", "--seconds", "3", "--seed", "11",
            "--faults", String.join(",", FAULTS), "--out", out.toString()))
        {
            final Thread reader = new Thread(() -> drain(run, lines), "chaos-run-output");
            reader.setDaemon(true);
            reader.start();
            assertTrue(run.process().waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS), "the run took over " + RUN_LIMIT_SECONDS + " s");
            exit = run.process().exitValue();
            reader.join(5_000);
        }
        final String output;
        synchronized (lines)
        {
            output = String.join("\n", lines);
        }
        assertEquals(0, exit, output);
        assertTrue(output.contains("seed 11"), "the seed is printed so a run can be repeated");

        final Map<String, Object> doc = Json.object(Files.readString(out.resolve(ChaosReport.FILE)));
        final List<Object> faults = Json.list(doc.get("faults"));
        assertEquals(FAULTS.size(), faults.size());
        for (int i = 0; i < FAULTS.size(); i++)
        {
            final Map<String, Object> f = Json.map(faults.get(i));
            assertEquals(FAULTS.get(i), f.get("name"));
            assertEquals(1.0, f.get("injected"));
            assertEquals(Boolean.TRUE, f.get("as_expected"), String.valueOf(f));
            assertTrue(f.containsKey("detect_ms_p50") && f.containsKey("detect_ms_max"), String.valueOf(f));
        }
        assertTrue(((Number)doc.get("messages_sent")).doubleValue() > 100, "traffic flowed: " + doc.get("messages_sent"));
        for (final String zero : List.of("messages_lost", "messages_duplicated", "files_left", "orphans", "mounts_left"))
        {
            assertEquals(0.0, doc.get(zero), zero);
        }
        final String report = Files.readString(out.resolve("perf-report.html"));
        assertTrue(report.contains("id=\"chaos\"") && report.contains("kill9-mid-command"), "the report has a chaos section");
        try (var left = Files.list(Path.of("/dev/shm")))
        {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().endsWith("-chaos")
                && p.getFileName().toString().startsWith(io.tandem.perf.DeadRunSweeper.PREFIX + runPid(output))),
                "the run's root is removed");
        }
    }

    private static String runPid(final String output)
    {
        final int at = output.indexOf(io.tandem.perf.DeadRunSweeper.PREFIX);
        if (at < 0)
        {
            return "none";
        }
        final int start = at + io.tandem.perf.DeadRunSweeper.PREFIX.length();
        int end = start;
        while (end < output.length() && Character.isDigit(output.charAt(end)))
        {
            end++;
        }
        return output.substring(start, end) + "-";
    }

    private static void drain(final ChildJvm run, final List<String> lines)
    {
        try
        {
            String line;
            while ((line = run.readLine(java.time.Duration.ofSeconds(RUN_LIMIT_SECONDS))) != null)
            {
                synchronized (lines)
                {
                    lines.add(line);
                }
            }
        }
        catch (final IOException ex)
        {
            // the run ended
        }
    }
}
