package io.tandem.perf.chaos;

import io.tandem.MessageProcess;
import io.tandem.perf.Machine;
import io.tandem.perf.Progress;
import io.tandem.internal.runtime.Session;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./tandem chaos --soak --seconds N}: steady traffic at a fixed rate (1000 commands/s, 200 calls/s and 100
 * SyncIndex round trips/s over four workers, 1000 ring frames/s), a fault every {@code --fault-every} seconds from
 * the cheap kinds, and every {@code --period} seconds a line: call latency p50/p99/max, anonymous RSS of each JVM (RssAnon
 * from /proc), tmpfs bytes under the session and in use on /dev/shm. At the end the least-squares slope of each per
 * minute and a verdict: flat is the promise. Writes {@code soak-results.json}.
 */
final class SoakRun
{
    /** Faults cheap enough to come every few tens of seconds for half an hour. */
    static final List<String> SOAK_FAULTS = List.of("kill9-mid-command", "kill9-mid-call", "kill9-mid-syncindex",
        "sigstop-consumer", "oversized-message", "malformed-message", "close-racing-calls");
    /** Flat: RSS of all JVMs together grows less than this per minute (after the first period, the warm-up). */
    static final double RSS_FLAT_MIB_PER_MIN = 2.0;
    /** Flat: the session's tmpfs bytes grow less than this per minute. */
    static final double TMPFS_FLAT_BYTES_PER_MIN = 1 << 20;
    static final String FILE = "soak-results.json";

    private SoakRun()
    {
    }

    static int run(final ChaosOptions options, final List<Fault> kinds, final PrintStream console) throws IOException
    {
        // seconds of the soak; on a terminal, what the run prints goes through the progress line's stream
        final Progress progress = Progress.timed("soak", Duration.ofSeconds(options.seconds), console);
        final PrintStream out = progress.out();
        final List<Fault> cheap = kinds.stream().filter(f -> SOAK_FAULTS.contains(f.name())).toList();
        final SplittableRandom schedule = new SplittableRandom(options.seed);
        out.printf(Locale.ROOT, "soak: seed %d, %d s, a report every %d s, a fault every %d s from %s%n", options.seed,
            options.seconds, options.periodSeconds, options.faultEverySeconds, cheap.stream().map(Fault::name).toList());
        final ChaosSession session = new ChaosSession(cheap, options.root, options.seed, 250, 50, 1000, out);
        final List<Map<String, Object>> samples = new ArrayList<>();
        final long t0 = System.nanoTime();
        ChaosSession.Totals totals;
        Thread watchdog = null;
        Path sessionDir = null;
        try
        {
            session.start();
            final Session own = Session.acquire();
            sessionDir = own.dir();
            own.release();
            session.traffic().latencies().takeMicros(); // the start-up's calls are not the steady state
            final long start = System.nanoTime();
            long nextReport = start + options.periodSeconds * 1_000_000_000L;
            long nextFault = start + options.faultEverySeconds * 1_000_000_000L;
            final long end = start + options.seconds * 1_000_000_000L;
            // The soak's own deadline: its length, room for the injection running at its end, and for finishing.
            watchdog = ChaosRun.watchdog(session, end + ChaosRun.INJECTION_LIMIT.toNanos() + ChaosRun.FINISH_LIMIT.toNanos(), out);
            out.printf(Locale.ROOT, "%7s %9s %9s %9s %8s %9s  %-40s %12s %14s%n", "t min", "p50 us", "p99 us", "max us", "calls",
                "RSS MiB", "RSS of each JVM", "session B", "/dev/shm B");
            while (System.nanoTime() - end < 0)
            {
                final long now = System.nanoTime();
                if (now - nextFault >= 0 && !cheap.isEmpty())
                {
                    final String fault = cheap.get(schedule.nextInt(cheap.size())).name();
                    progress.phase(fault);
                    session.inject(fault, System.nanoTime() + ChaosRun.INJECTION_LIMIT.toNanos());
                    progress.phase("traffic");
                    nextFault += options.faultEverySeconds * 1_000_000_000L;
                }
                if (System.nanoTime() - nextReport >= 0)
                {
                    samples.add(sample(session, sessionDir, (System.nanoTime() - start) / 60e9, out));
                    nextReport += options.periodSeconds * 1_000_000_000L;
                }
                final long sleep = Math.min(Math.min(nextFault, nextReport), end) - System.nanoTime();
                if (sleep > 0)
                {
                    Thread.sleep(sleep / 1_000_000, (int)(sleep % 1_000_000));
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            out.println("soak: the session failed: " + ex);
            ex.printStackTrace(out);
        }
        finally
        {
            totals = session.finish();
            if (watchdog != null)
            {
                watchdog.interrupt(); // finished in time
            }
            progress.close();
        }
        final double seconds = (System.nanoTime() - t0) / 1e9;
        final Map<String, Object> slopes = slopes(samples);
        final boolean flat = Boolean.TRUE.equals(slopes.get("flat"));
        out.println();
        out.printf(Locale.ROOT, "slopes per minute (least squares, after a warm-up of %s min: every JVM collected once): RSS %s MiB, session tmpfs %s B, /dev/shm %s B, p99 %s us%n",
            slopes.get("warm_up_min"), slopes.get("rss_mib_per_min"),
            slopes.get("session_bytes_per_min"), slopes.get("shm_bytes_per_min"), slopes.get("p99_us_per_min"));
        out.println("verdict: " + slopes.get("verdict"));
        ChaosReport.print(session.tallies(), totals, out);
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("seed", Long.toString(options.seed));
        run.put("seconds", Math.round(seconds * 10) / 10.0);
        run.put("period_s", options.periodSeconds);
        run.put("fault_every_s", options.faultEverySeconds);
        run.put("rates", Map.of("commands_per_s", 1000, "calls_per_s", 200, "sync_per_s", 100, "frames_per_s", 1000));
        run.put("machine", Machine.facts("./tandem chaos " + String.join(" ", options.args)));
        final Map<String, Object> doc = ChaosReport.document(run, session.tallies(), totals);
        doc.put("samples", new ArrayList<Object>(samples));
        doc.put("slopes", slopes);
        final Path file = options.out.resolve(FILE);
        ChaosReport.write(doc, file);
        final Path report = options.out.resolve("perf-report.html");
        io.tandem.perf.HtmlReport.write(new io.tandem.perf.ResultsFile(options.out.resolve("perf-results.json")).read(), report);
        out.println("results: " + file.toAbsolutePath());
        out.println("report:  " + report.toAbsolutePath());
        final boolean faultsOk = session.tallies().values().stream().allMatch(t -> t.injected == 0 || t.asExpected());
        return faultsOk && totals.clean() && flat ? 0 : 1;
    }

    private static Map<String, Object> sample(final ChaosSession session, final Path sessionDir, final double minutes,
        final PrintStream out)
    {
        final double[] micros = session.traffic().latencies().takeMicros();
        final List<String> failures = new ArrayList<>();
        final Map<String, Object> rss = new LinkedHashMap<>();
        final Map<String, Object> gcs = new LinkedHashMap<>();
        rss.put("frontend", rssAnonMiB(ProcessHandle.current().pid()));
        gcs.put("frontend", GcCount.inThisJvm());
        for (final MessageProcess p : session.traffic().processes())
        {
            if (p.options().mode() == io.tandem.ProcessOptions.Mode.CHILD_JVM)
            {
                if (!p.isAlive())
                {
                    // A JVM of the main traffic is never a fault's victim: its death is an error of the run.
                    session.problem("soak: " + p.name() + " (pid " + p.pid() + ") of the main traffic died by minute "
                        + String.format(Locale.ROOT, "%.2f", minutes));
                }
                rss.put(p.name(), rssAnonMiB(p.pid()));
                try
                {
                    gcs.put(p.name(), p instanceof RingReader ? p.backend(RingReaderCommands.class).collections()
                        : p.backend(EchoCommands.class).collections());
                }
                catch (final RuntimeException ex)
                {
                    failures.add("garbage collections of " + p.name() + ": " + ex.getMessage());
                }
            }
        }
        double total = 0;
        for (final Map.Entry<String, Object> e : rss.entrySet())
        {
            final double mib = (Double)e.getValue();
            if (Double.isNaN(mib))
            {
                failures.add("RssAnon of " + e.getKey() + " unreadable");
            }
            total += mib;
        }
        long sessionBytes;
        try
        {
            sessionBytes = ChaosFiles.bytesInUse(sessionDir);
        }
        catch (final IOException | InterruptedException ex)
        {
            sessionBytes = -1;
            failures.add("du " + sessionDir + ": " + ex.getMessage());
        }
        final long shm = ChaosFiles.fileSystemUsed(Path.of("/dev/shm"));
        if (shm < 0)
        {
            failures.add("/dev/shm use unreadable");
        }
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("t_min", Math.round(minutes * 100) / 100.0);
        s.put("calls", micros.length);
        s.put("p50_us", Stats.percentile(micros, 50));
        s.put("p99_us", Stats.percentile(micros, 99));
        s.put("max_us", Stats.percentile(micros, 100));
        s.put("rss_mib", rss);
        s.put("rss_total_mib", Math.round(total * 10) / 10.0);
        s.put("gc_count", gcs);
        s.put("session_bytes", sessionBytes);
        s.put("shm_used_bytes", shm);
        if (!failures.isEmpty())
        {
            // A failed measurement is not a value: it makes the verdict "unmeasured", never a point on a slope.
            s.put("failed", String.join("; ", failures));
            out.println("soak: sample failed: " + String.join("; ", failures));
        }
        final StringBuilder each = new StringBuilder();
        rss.forEach((k, v) -> each.append(each.length() > 0 ? " " : "").append(String.format(Locale.ROOT, "%.0f", (Double)v)));
        out.printf(Locale.ROOT, "%7.2f %9.1f %9.1f %9.1f %8d %9.1f  %-40s %12d %14d%n", minutes, s.get("p50_us"), s.get("p99_us"),
            s.get("max_us"), micros.length, total, each, sessionBytes, shm);
        return s;
    }

    /**
     * @return the anonymous resident memory of {@code pid} in MiB ({@code RssAnon} in /proc/pid/status: the heap
     * and native allocations, without the shared file mappings of the queues and rings, which come and go with
     * the queue files and are counted as tmpfs), or NaN if it cannot be read (the process is gone).
     */
    static double rssAnonMiB(final long pid)
    {
        try
        {
            for (final String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
            {
                if (line.startsWith("RssAnon:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // gone
        }
        return Double.NaN;
    }

    /**
     * Warm-up is not a trend: code being compiled, and each heap growing to its working size. A JVM's resident
     * memory grows until its first garbage collection, as it first touches its young generation (about 100 MiB
     * with the default heap here; at a worker's allocation rate that can take twenty minutes), then holds. So the
     * warm-up lasts until every JVM has collected once (samples that carry {@code gc_count}), and at least the
     * first tenth of the samples, at least one, once there are more than three.
     *
     * @return how many samples from the start are warm-up.
     */
    static int warmUp(final List<Map<String, Object>> samples)
    {
        int warmUp = samples.size() > 3 ? Math.max(1, samples.size() / 10) : 0;
        for (int i = 0; i < samples.size(); i++)
        {
            if (samples.get(i).get("gc_count") instanceof Map<?, ?> gcs && !gcs.isEmpty())
            {
                if (gcs.values().stream().allMatch(n -> ((Number)n).longValue() >= 1))
                {
                    // This sample may still hold the last of the first touch: the steady part starts after it.
                    return Math.max(warmUp, i + 1);
                }
                if (i == samples.size() - 1)
                {
                    return samples.size(); // some JVM never collected: no steady part to judge
                }
            }
        }
        return warmUp;
    }

    /** @return the slope per minute of each series, and the verdict. */
    static Map<String, Object> slopes(final List<Map<String, Object>> samples)
    {
        final int warmUp = warmUp(samples);
        final List<Map<String, Object>> steady = samples.subList(warmUp, samples.size());
        final double[] t = column(steady, "t_min");
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("warm_up_samples", warmUp);
        out.put("warm_up_min", warmUp == 0 ? 0.0 : ((Number)samples.get(warmUp - 1).get("t_min")).doubleValue());
        final List<Object> failed = samples.stream().filter(x -> x.containsKey("failed")).map(x -> (Object)(x.get("t_min")
            + " min: " + x.get("failed"))).toList();
        if (!failed.isEmpty())
        {
            out.put("flat", false);
            out.put("failed_samples", new ArrayList<>(failed));
            out.put("verdict", "unmeasured: " + failed.size() + " of " + samples.size() + " samples failed (" + failed.get(0) + ")");
            return out;
        }
        // Per JVM as well as in total: one JVM's leak must not hide under another's shrinking heap.
        final Map<String, Object> perJvm = new LinkedHashMap<>();
        String growingJvm = null;
        if (!steady.isEmpty() && steady.get(0).get("rss_mib") instanceof Map<?, ?> first)
        {
            for (final Object name : first.keySet())
            {
                final double[] y = steady.stream().mapToDouble(x -> ((Number)((Map<?, ?>)x.get("rss_mib")).get(name)).doubleValue())
                    .toArray();
                final double slope = Stats.slope(t, y);
                perJvm.put(String.valueOf(name), Math.round(slope * 1000) / 1000.0);
                if (slope >= RSS_FLAT_MIB_PER_MIN && growingJvm == null)
                {
                    growingJvm = String.format(Locale.ROOT, "%s %+.3f MiB/min", name, slope);
                }
            }
        }
        out.put("rss_mib_per_min_per_jvm", perJvm);
        final double rss = Stats.slope(t, column(steady, "rss_total_mib"));
        final double session = Stats.slope(t, column(steady, "session_bytes"));
        out.put("rss_mib_per_min", Math.round(rss * 1000) / 1000.0);
        out.put("session_bytes_per_min", Math.round(session));
        out.put("shm_bytes_per_min", Math.round(Stats.slope(t, column(steady, "shm_used_bytes"))));
        out.put("p99_us_per_min", Math.round(Stats.slope(t, column(steady, "p99_us")) * 10) / 10.0);
        out.put("p50_us_per_min", Math.round(Stats.slope(t, column(steady, "p50_us")) * 10) / 10.0);
        final boolean enough = steady.size() >= 3;
        final boolean flat = enough && rss < RSS_FLAT_MIB_PER_MIN && session < TMPFS_FLAT_BYTES_PER_MIN && growingJvm == null;
        out.put("flat", flat);
        out.put("verdict", !enough ? "too few samples to judge (" + steady.size() + " after a warm-up of " + warmUp
                + ": until every JVM has collected garbage once)"
            : flat ? String.format(Locale.ROOT, "flat (RSS %+.3f MiB/min < %.1f; session tmpfs %+.0f B/min < %.0f)", rss,
                RSS_FLAT_MIB_PER_MIN, session, TMPFS_FLAT_BYTES_PER_MIN)
            : String.format(Locale.ROOT, "GROWING (RSS %+.3f MiB/min, limit %.1f; session tmpfs %+.0f B/min, limit %.0f%s)", rss,
                RSS_FLAT_MIB_PER_MIN, session, TMPFS_FLAT_BYTES_PER_MIN, growingJvm == null ? "" : "; one JVM: " + growingJvm));
        return out;
    }

    private static double[] column(final List<Map<String, Object>> samples, final String key)
    {
        return samples.stream().mapToDouble(s -> ((Number)s.get(key)).doubleValue()).toArray();
    }
}
