package io.tandem.perf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every results file and report must satisfy, whatever the speed: the JSON parses (with Gson, not the
 * harness's own reader), carries the machine facts, every number is positive, every baseline a result names is
 * an entry of the same benchmark, every ratio is the quotient of the two figures, and the HTML has an SVG chart
 * in each benchmark's section and refers to nothing outside itself.
 */
final class ReportCheck
{
    private static final Set<String> LATENCY_KEYS = Set.of("p50", "p90", "p99", "p999", "max", "n");
    private static final Pattern SECTION = Pattern.compile("<h2 id=\"b-([^\"]+)\">");

    private ReportCheck()
    {
    }

    /** @return the results file, parsed, after checking it and the report beside it; {@code benchmarks} must be in both. */
    static JsonObject check(final Path dir, final String... benchmarks) throws IOException
    {
        final Path json = dir.resolve(PerfMain.RESULTS);
        final Path html = dir.resolve(PerfMain.REPORT);
        assertTrue(Files.isRegularFile(json), json + " written");
        assertTrue(Files.isRegularFile(html), html + " written");
        final JsonObject root = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();

        final JsonObject machine = root.getAsJsonObject("machine");
        assertNotNull(machine, "machine facts");
        assertTrue(machine.get("cores").getAsInt() > 0, "cores");
        for (final String fact : List.of("cpu", "jvm", "os", "date", "command"))
        {
            assertFalse(machine.get(fact).getAsString().isBlank(), fact);
        }

        final JsonArray results = root.getAsJsonArray("results");
        assertTrue(results.size() > 0, "some results");
        final Map<String, Map<String, JsonObject>> byBenchmark = new HashMap<>();
        for (final JsonElement e : results)
        {
            final JsonObject r = e.getAsJsonObject();
            final String benchmark = r.get("benchmark").getAsString();
            final String name = r.get("name").getAsString();
            final JsonObject previous = byBenchmark.computeIfAbsent(benchmark, b -> new HashMap<>()).put(name, r);
            assertEquals(null, previous, "one " + name + " per benchmark");
        }
        for (final String b : benchmarks)
        {
            assertTrue(byBenchmark.containsKey(b), "results of " + b);
            assertTrue(root.getAsJsonObject("runs").has(b), "run facts of " + b);
        }
        for (final Map.Entry<String, Map<String, JsonObject>> b : byBenchmark.entrySet())
        {
            for (final JsonObject r : b.getValue().values())
            {
                checkResult(r, b.getValue());
            }
        }

        final String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"), "an HTML page");
        assertFalse(page.toLowerCase(Locale.ROOT).contains("http"), "no link to anything outside the page (no http anywhere)");
        assertFalse(page.contains("src="), "no src: no script, image or frame from elsewhere");
        assertFalse(page.contains("<link") || page.contains("@import") || page.contains("url("), "no external style or font");
        final Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
        while (href.find())
        {
            assertTrue(href.group(1).startsWith("#"), "only links within the page: " + href.group(1));
        }
        final Map<String, String> sections = sections(page);
        for (final String b : byBenchmark.keySet())
        {
            final String section = sections.get(b);
            assertNotNull(section, "a section for " + b);
            assertTrue(section.contains("<svg"), "an SVG chart for " + b);
            assertTrue(section.contains("</svg>"), "the chart of " + b + " is closed");
        }
        assertEquals(count(page, "<svg"), count(page, "</svg>"), "every svg closed");
        return root;
    }

    private static void checkResult(final JsonObject r, final Map<String, JsonObject> sameBenchmark)
    {
        final String name = r.get("name").getAsString();
        assertFalse(r.get("unit").getAsString().isBlank(), name + " unit");
        if (r.has("p50"))
        {
            for (final String key : LATENCY_KEYS)
            {
                assertTrue(r.get(key).getAsDouble() > 0, name + " " + key + " positive");
            }
            assertTrue(r.get("p50").getAsDouble() <= r.get("p90").getAsDouble()
                && r.get("p90").getAsDouble() <= r.get("p99").getAsDouble()
                && r.get("p99").getAsDouble() <= r.get("p999").getAsDouble()
                && r.get("p999").getAsDouble() <= r.get("max").getAsDouble(), name + " percentiles in order");
        }
        else
        {
            // A percentage may be 0 (an idle backend on a quiet machine); every other figure is positive.
            final boolean percent = "%".equals(r.get("unit").getAsString());
            assertTrue(percent ? r.get("value").getAsDouble() >= 0 : r.get("value").getAsDouble() > 0, name + " value positive");
            if (r.has("min"))
            {
                assertTrue(r.get("min").getAsDouble() > 0 && r.get("min").getAsDouble() <= r.get("value").getAsDouble()
                    && r.get("value").getAsDouble() <= r.get("max").getAsDouble(), name + " min <= median <= max");
            }
        }
        final List<String> baselines = new ArrayList<>();
        if (r.has("baseline"))
        {
            r.getAsJsonArray("baseline").forEach(b -> baselines.add(b.getAsString()));
        }
        final Set<String> withRatio = r.has("ratio") ? r.getAsJsonObject("ratio").keySet() : Set.of();
        assertEquals(new HashSet<>(baselines), withRatio, name + ": a ratio to each baseline");
        for (final String b : baselines)
        {
            final JsonObject base = sameBenchmark.get(b);
            if (base == null)
            {
                fail(name + " names baseline " + b + ", which its benchmark did not measure");
            }
            final JsonObject ratio = r.getAsJsonObject("ratio").getAsJsonObject(b);
            assertTrue(ratio.size() > 0, name + " ratio to " + b);
            for (final String key : ratio.keySet())
            {
                final double expected = r.get(key).getAsDouble() / base.get(key).getAsDouble();
                final double actual = ratio.get(key).getAsDouble();
                assertTrue(actual > 0, name + " ratio positive");
                // The file keeps 4 significant digits of each number.
                assertEquals(expected, actual, expected * 2e-3, name + " " + key + " ratio to " + b);
            }
        }
    }

    /** @return each benchmark section of the page, by benchmark. */
    private static Map<String, String> sections(final String page)
    {
        final Map<String, String> sections = new HashMap<>();
        final Matcher m = SECTION.matcher(page);
        String current = null;
        int from = 0;
        while (m.find())
        {
            if (current != null)
            {
                sections.put(current, page.substring(from, m.start()));
            }
            current = m.group(1);
            from = m.end();
        }
        if (current != null)
        {
            sections.put(current, page.substring(from));
        }
        return sections;
    }

    private static int count(final String s, final String what)
    {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1))
        {
            n++;
        }
        return n;
    }
}
