package io.tandem.perf.chaos;

import io.tandem.runtime.SessionSweeper;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One chaos or soak run's session: starts the {@link Traffic}, injects faults into it and keeps their tallies,
 * and at the end stops the traffic, counts what was lost or duplicated, which JVMs outlived the run and which
 * files were left. Shared by {@link ChaosRun} and {@link SoakRun}.
 */
final class ChaosSession
{
    /** How long a JVM the run started may take to exit once the run is over, before it counts as an orphan. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(5);

    private final Map<String, FaultTally> tallies = new LinkedHashMap<>();
    private final Map<String, Fault> faults = new LinkedHashMap<>();
    private final Ledger ledger = new Ledger();
    private final PrintStream out;
    private final Path root;
    private final Traffic traffic;
    private final ChaosContext ctx;
    private final long startNanos = System.nanoTime();

    ChaosSession(final List<Fault> kinds, final Path root, final long seed, final double commandsPerSecond,
        final double callsPerSecond, final double framesPerSecond, final PrintStream out)
    {
        for (final Fault f : kinds)
        {
            faults.put(f.name(), f);
            tallies.put(f.name(), new FaultTally(f.name(), f.promise()));
        }
        this.out = out;
        this.root = root;
        this.traffic = new Traffic(ledger, commandsPerSecond, callsPerSecond, framesPerSecond);
        // The faults' own choices come from a stream split off the seed: the schedule stays the same whatever they draw.
        this.ctx = new ChaosContext(traffic, ledger, root, new SplittableRandom(seed).split(), out);
    }

    void start()
    {
        traffic.start();
        traffic.childPids().forEach(ctx::track);
    }

    Traffic traffic()
    {
        return traffic;
    }

    Map<String, FaultTally> tallies()
    {
        return tallies;
    }

    /** Injects {@code name} once and records the outcome; a fault that throws is an unexpected outcome. */
    Outcome inject(final String name)
    {
        final Fault f = faults.get(name);
        final long t0 = System.nanoTime();
        Outcome o;
        try
        {
            o = f.inject(ctx);
        }
        catch (final Exception | Error ex)
        {
            final StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            o = Outcome.unexpected(Double.NaN, "the injection itself failed: " + trace);
        }
        tallies.get(name).add(o);
        out.printf(Locale.ROOT, "%7.1fs  %-26s %-10s %8s  %s%n", (System.nanoTime() - startNanos) / 1e9, name,
            o.asExpected() ? "expected" : "UNEXPECTED", Double.isNaN(o.detectMs()) ? "-" : String.format(Locale.ROOT, "%.0f ms", o.detectMs()),
            abbreviate(o.evidence(), o.asExpected() ? 110 : 4000));
        out.printf(Locale.ROOT, "          (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        return o;
    }

    private static String abbreviate(final String s, final int max)
    {
        final String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 3) + "...";
    }

    /** Stops the traffic, waits for what was sent, closes everything and counts what is left. */
    Totals finish()
    {
        final List<String> errors = new ArrayList<>();
        try
        {
            traffic.drain();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            errors.add("interrupted while draining");
        }
        catch (final RuntimeException ex)
        {
            errors.add("draining the traffic failed: " + ex);
        }
        errors.addAll(traffic.errors());
        traffic.close();
        long orphans = 0;
        final long deadline = System.nanoTime() + ORPHAN_GRACE.toNanos();
        for (final long pid : ctx.pids())
        {
            final boolean gone;
            try
            {
                gone = ChaosContext.awaitGone(pid, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            if (!gone)
            {
                orphans++;
                final String cmd = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
                errors.add("orphan JVM " + pid + " still runs " + ORPHAN_GRACE.toSeconds() + " s after the run: " + abbreviate(cmd, 200));
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // counted; do not leave it running
            }
        }
        // Sessions of killed frontends are swept by the next start (or tandem clean): this sweep stands for it.
        SessionSweeper.sweep(root);
        long filesLeft = ChaosFiles.countFiles(root);
        for (final Path s : ctx.sessions())
        {
            if (Files.exists(s) && !s.startsWith(root))
            {
                filesLeft += Math.max(1, ChaosFiles.countFiles(s));
            }
        }
        if (filesLeft > 0)
        {
            errors.add(filesLeft + " files or directories left under " + root + ": " + list(root));
        }
        return new Totals(ledger.sent(), ledger.received(), ledger.lost(), ledger.duplicated(), filesLeft, orphans, errors,
            ledger.byStream());
    }

    private static String list(final Path root)
    {
        try (var all = Files.walk(root))
        {
            return abbreviate(all.filter(p -> !p.equals(root)).map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""), 2000);
        }
        catch (final Exception ex)
        {
            return "(" + ex + ")";
        }
    }

    /** The run's totals. */
    record Totals(long sent, long received, long lost, long duplicated, long filesLeft, long orphans, List<String> errors,
        Map<String, long[]> streams)
    {
        boolean clean()
        {
            return lost == 0 && duplicated == 0 && filesLeft == 0 && orphans == 0 && errors.isEmpty();
        }
    }
}
