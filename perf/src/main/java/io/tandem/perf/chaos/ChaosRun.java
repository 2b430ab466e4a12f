package io.tandem.perf.chaos;

import io.tandem.perf.HtmlReport;
import io.tandem.perf.Machine;
import io.tandem.perf.Progress;
import io.tandem.perf.ResultsFile;

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

/**
 * {@code ./tandem chaos [--quick] [--seconds N] [--seed S]}: the main session's traffic flows while the faults
 * of a seeded {@link Schedule} are injected one after another; then the table, {@code chaos-results.json} and the
 * chaos section of the HTML report. Exit status 1 on any unexpected outcome.
 */
final class ChaosRun
{
    private ChaosRun()
    {
    }

    /** The longest one injection may take (a zeroed registry's attach waits a minute; a JVM or two start). */
    static final Duration INJECTION_LIMIT = Duration.ofSeconds(150);
    /** Room past the schedule's last injection for the injections themselves. */
    static final Duration RUN_SLACK = Duration.ofSeconds(180);
    /** As {@link #RUN_SLACK} for {@code --quick}: its 30 s schedule + 120 s + {@link #QUICK_FINISH_LIMIT} stay under CI's 240 s. */
    static final Duration QUICK_RUN_SLACK = Duration.ofSeconds(120);
    /** How long finishing (drain, close, counting) may take past the run's deadline before the watchdog halts it. */
    static final Duration FINISH_LIMIT = Duration.ofSeconds(90);
    static final Duration QUICK_FINISH_LIMIT = Duration.ofSeconds(60);

    /** Halts the JVM (status 1) at {@code haltAt} ({@link System#nanoTime()}) after killing what the run started. */
    static Thread watchdog(final ChaosSession session, final long haltAt, final PrintStream out)
    {
        final Thread t = new Thread(() ->
        {
            while (System.nanoTime() - haltAt < 0)
            {
                try
                {
                    Thread.sleep(Math.max(1, (haltAt - System.nanoTime()) / 1_000_000));
                }
                catch (final InterruptedException ex)
                {
                    return; // the run ended in time
                }
            }
            out.println("chaos: the run passed its hard deadline; killing what it started and halting (UNEXPECTED)");
            out.flush();
            session.killTracked();
            Runtime.getRuntime().halt(1);
        }, "chaos-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static int run(final ChaosOptions options, final List<Fault> kinds, final PrintStream console) throws IOException
    {
        final List<String> names = kinds.stream().map(Fault::name).toList();
        final int minEach = options.quick ? 1 : 2;
        final int total = options.quick ? names.size() : names.size() * 3;
        final List<Schedule.Injection> plan = Schedule.of(options.seed, names, minEach, total, options.seconds * 1000L);
        // injections done of the plan; on a terminal, what the run prints goes through the progress line's stream
        final Progress progress = Progress.start("chaos", plan.size(), console).expect(Duration.ofSeconds(options.seconds));
        final PrintStream out = progress.out();
        out.printf(Locale.ROOT, "chaos: seed %d (repeat with --seed %d), %d injections of %d kinds over %d s, root %s%n",
            options.seed, options.seed, plan.size(), names.size(), options.seconds, options.root);
        final ChaosSession session = new ChaosSession(kinds, options.root, options.seed, options.quick ? 100 : 200,
            options.quick ? 40 : 80, options.quick ? 300 : 500, out);
        final long t0 = System.nanoTime();
        ChaosSession.Totals totals;
        Thread watchdog = null;
        try
        {
            session.start();
            out.printf(Locale.ROOT, "traffic started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            final long base = System.nanoTime();
            // The run's deadline: the schedule plus room for the slowest injections; past it nothing more is injected
            // and an injection still running is given up as unexpected. A watchdog halts the JVM if even finishing hangs.
            final long deadline = base + options.seconds * 1_000_000_000L + (options.quick ? QUICK_RUN_SLACK : RUN_SLACK).toNanos();
            watchdog = watchdog(session, deadline + (options.quick ? QUICK_FINISH_LIMIT : FINISH_LIMIT).toNanos(), out);
            int skipped = 0;
            for (final Schedule.Injection i : plan)
            {
                final long wait = i.atMillis() - (System.nanoTime() - base) / 1_000_000;
                if (wait > 0)
                {
                    Thread.sleep(wait);
                }
                if (System.nanoTime() - deadline >= 0)
                {
                    skipped++;
                    progress.step();
                    continue;
                }
                progress.phase(i.fault());
                session.inject(i.fault(), Math.min(deadline, System.nanoTime() + INJECTION_LIMIT.toNanos()));
                progress.step();
            }
            progress.phase("finishing");
            if (skipped > 0)
            {
                session.problem(skipped + " injections not made: the run passed its deadline");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            out.println("chaos: the session failed: " + ex);
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
        out.println();
        ChaosReport.print(session.tallies(), totals, out);
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("seed", Long.toString(options.seed));
        run.put("quick", options.quick);
        run.put("seconds", Math.round(seconds * 10) / 10.0);
        run.put("machine", Machine.facts("./tandem chaos " + String.join(" ", options.args)));
        final Map<String, Object> doc = ChaosReport.document(run, session.tallies(), totals);
        final Path file = options.out.resolve(ChaosReport.FILE);
        ChaosReport.write(doc, file);
        final Path results = options.out.resolve("perf-results.json");
        final Path report = options.out.resolve("perf-report.html");
        HtmlReport.write(new ResultsFile(results).read(), report);
        final List<String> problems = new ArrayList<>();
        session.tallies().values().stream().filter(t -> !t.asExpected()).forEach(t -> problems.add(t.name));
        out.printf(Locale.ROOT, "chaos: %s in %.1f s (seed %d)%n", problems.isEmpty() && totals.clean() ? "all as expected"
            : "UNEXPECTED outcomes" + (problems.isEmpty() ? "" : ": " + String.join(", ", problems)), seconds, options.seed);
        out.println("results: " + file.toAbsolutePath());
        out.println("report:  " + report.toAbsolutePath());
        return problems.isEmpty() && totals.clean() ? 0 : 1;
    }
}
