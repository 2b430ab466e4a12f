package io.tandem.perf.chaos;

import io.tandem.internal.runtime.SessionSweeper;

import java.io.IOException;
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
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    /** The main session's entries once the traffic runs: what may be there at the end (see {@link #entries}). */
    private Set<Path> expected = Set.of();

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
        expected = entries(traffic.sessionDir());
    }

    Traffic traffic()
    {
        return traffic;
    }

    Map<String, FaultTally> tallies()
    {
        return tallies;
    }

    /**
     * Injects {@code name} once and records the outcome; a fault that throws is an unexpected outcome, and so is one
     * still running at {@code deadlineNanos} ({@link System#nanoTime()}): it is left behind (interrupted), and
     * whatever it started is killed and counted at the end.
     */
    Outcome inject(final String name, final long deadlineNanos)
    {
        final Fault f = faults.get(name);
        final long t0 = System.nanoTime();
        Outcome o;
        final java.util.concurrent.FutureTask<Outcome> task = new java.util.concurrent.FutureTask<>(() -> f.inject(ctx));
        final Thread runner = new Thread(task, "chaos-inject-" + name);
        runner.setDaemon(true);
        runner.start();
        try
        {
            o = task.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            runner.interrupt();
            o = Outcome.unexpected(Double.NaN, String.format(Locale.ROOT, "the injection did not finish within %.0f s: "
                + "left running, interrupted", (System.nanoTime() - t0) / 1e9));
        }
        catch (final ExecutionException ex)
        {
            final StringWriter trace = new StringWriter();
            ex.getCause().printStackTrace(new PrintWriter(trace));
            o = Outcome.unexpected(Double.NaN, "the injection itself failed: " + trace);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            runner.interrupt();
            o = Outcome.unexpected(Double.NaN, "interrupted while injecting");
        }
        tallies.get(name).add(o);
        out.printf(Locale.ROOT, "%7.1fs  %-26s %-10s %8s  %s%n", (System.nanoTime() - startNanos) / 1e9, name,
            o.asExpected() ? "expected" : "UNEXPECTED", Double.isNaN(o.detectMs()) ? "-" : String.format(Locale.ROOT, "%.0f ms", o.detectMs()),
            abbreviate(o.evidence(), o.asExpected() ? 110 : 4000));
        out.printf(Locale.ROOT, "          (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        return o;
    }

    /** Records a problem of the run as a whole: it makes the run fail. */
    void problem(final String text)
    {
        ctx.problem(text);
    }

    /** Kills every process the run started that still runs (the run's hard deadline passed). */
    void killTracked()
    {
        ctx.processes().forEach(ChaosContext.Tracked::kill);
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
        errors.addAll(ledger.errors());
        // Per-process files of the victims: each was closed, so nothing of it may be left in the main session. Counted
        // before the session's release, which would delete them wholesale.
        long filesLeft = 0;
        final Map<Path, Long> extra = leftovers(traffic.sessionDir(), expected);
        if (!extra.isEmpty())
        {
            final long n = extra.values().stream().mapToLong(Long::longValue).sum();
            filesLeft += n;
            errors.add(n + " files or directories of closed processes left in the main session: " + abbreviate(extra.toString(), 2000));
        }
        traffic.close();
        final long orphans = orphans(errors);
        // Before the sweep: only the sessions of frontends killed on purpose may be left (the next start sweeps them).
        final long beforeSweep = countExcept(root, ctx.killedSessions());
        if (beforeSweep > 0)
        {
            filesLeft += beforeSweep;
            errors.add(beforeSweep + " files or directories left under " + root + " (not of a killed frontend): " + list(root));
        }
        // Sessions of killed frontends are swept by the next start (or tandem clean): this sweep stands for it.
        final List<Path> swept = SessionSweeper.sweep(root);
        if (!swept.isEmpty())
        {
            out.println("the end-of-run sweep removed (sessions of frontends killed on purpose): " + swept);
        }
        final long afterSweep = ChaosFiles.countFiles(root);
        if (afterSweep > 0)
        {
            filesLeft += afterSweep;
            errors.add(afterSweep + " files or directories left under " + root + " after the sweep: " + list(root));
        }
        for (final Path s : ctx.sessions())
        {
            if (Files.exists(s) && !s.startsWith(root))
            {
                final long n = Math.max(1, ChaosFiles.countFiles(s));
                filesLeft += n;
                errors.add(n + " files or directories left in " + s);
            }
        }
        final Set<Path> mounts = new java.util.TreeSet<>(ctx.mountsLeft());
        mounts.addAll(QueueFaults.ownMounts());
        for (final Path m : mounts)
        {
            errors.add("tmpfs still mounted at " + m);
        }
        errors.addAll(ctx.problems());
        return new Totals(ledger.sent(), ledger.received(), ledger.lost(), ledger.duplicated(), filesLeft, orphans, mounts.size(),
            errors, ledger.byStream(), swept);
    }

    /** Counts the JVMs of this run still running after the grace: those tracked, then any carrying its marks. */
    private long orphans(final List<String> errors)
    {
        long orphans = 0;
        final long deadline = System.nanoTime() + ORPHAN_GRACE.toNanos();
        final Set<Long> counted = new java.util.HashSet<>();
        for (final ChaosContext.Tracked p : ctx.processes())
        {
            final boolean gone;
            try
            {
                gone = ChaosContext.awaitGone(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            if (!gone)
            {
                orphans++;
                counted.add(p.handle().pid());
                final String cmd = p.handle().info().commandLine().orElse("?");
                errors.add("orphan JVM " + p.handle().pid() + " still runs " + ORPHAN_GRACE.toSeconds() + " s after the run: "
                    + abbreviate(cmd, 200));
                p.kill(); // counted; do not leave it running (the very process: a reused pid is not it)
            }
        }
        for (final ProcessHandle h : markedJvms(root))
        {
            if (counted.add(h.pid()))
            {
                orphans++;
                errors.add("orphan JVM " + h.pid() + " (untracked, found by its command line) still runs after the run: "
                    + abbreviate(h.info().commandLine().orElse("?"), 200));
                h.destroyForcibly();
            }
        }
        return orphans;
    }

    /**
     * @return the live (not zombie) JVMs other than this one whose command line carries this run's marker
     * ({@link ChaosContext#RUN_MARKER_PROPERTY}), its runtime root or its tmpfs mounts: found through /proc, so a JVM
     * the run never tracked is found too.
     */
    static List<ProcessHandle> markedJvms(final Path root)
    {
        final long self = ProcessHandle.current().pid();
        final List<String> marks = List.of(ChaosContext.runMarker(), root.toString(), QueueFaults.mountPrefix());
        final List<ProcessHandle> found = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc")))
        {
            for (final Path dir : (Iterable<Path>)procs::iterator)
            {
                final String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self)
                {
                    continue;
                }
                final String cmdline;
                try
                {
                    cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
                }
                catch (final IOException ex)
                {
                    continue; // gone meanwhile
                }
                final String argv0 = cmdline.indexOf('\0') < 0 ? cmdline : cmdline.substring(0, cmdline.indexOf('\0'));
                if (argv0.endsWith("java") && marks.stream().anyMatch(cmdline::contains)
                    && !ChaosContext.isZombie(Long.parseLong(name)))
                {
                    ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                }
            }
        }
        catch (final IOException ex)
        {
            // no /proc: nothing more to find
        }
        return found;
    }

    /**
     * @return the entries of a session directory as keys of at most two levels ({@code echo-child-1/cmd},
     * {@code events/victim-3}, {@code session.yaml}): queue cycle files roll below them, a process's or a
     * resource's files are at them.
     */
    static Set<Path> entries(final Path dir)
    {
        final Set<Path> keys = new java.util.TreeSet<>();
        try (var all = Files.walk(dir))
        {
            all.filter(p -> !p.equals(dir)).forEach(p -> keys.add(key(dir.relativize(p))));
        }
        catch (final IOException | java.io.UncheckedIOException ex)
        {
            // a file went while we walked: what is left is read at the end again
        }
        return keys;
    }

    private static Path key(final Path relative)
    {
        return relative.getNameCount() <= 2 ? relative : relative.subpath(0, 2);
    }

    /** @return per entry of {@code dir} not in {@code expected}: how many files and directories it holds (itself too). */
    static Map<Path, Long> leftovers(final Path dir, final Set<Path> expected)
    {
        final Map<Path, Long> extra = new java.util.TreeMap<>();
        try (var all = Files.walk(dir))
        {
            all.filter(p -> !p.equals(dir)).map(p -> key(dir.relativize(p))).filter(k -> !expected.contains(k))
                .forEach(k -> extra.merge(k, 1L, Long::sum));
        }
        catch (final IOException | java.io.UncheckedIOException ex)
        {
            extra.put(dir, -1L);
        }
        extra.values().removeIf(v -> v < 0);
        return extra;
    }

    /** @return the files and directories under {@code root}, not counting those in or of {@code allowed}. */
    private static long countExcept(final Path root, final Set<Path> allowed)
    {
        if (!Files.exists(root))
        {
            return 0;
        }
        try (var all = Files.walk(root))
        {
            return all.filter(p -> !p.equals(root))
                .filter(p -> allowed.stream().noneMatch(a -> p.startsWith(a) || a.startsWith(p)))
                .count();
        }
        catch (final IOException | java.io.UncheckedIOException ex)
        {
            return ChaosFiles.countFiles(root);
        }
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

    /** The run's totals; {@code swept} is what the end-of-run sweep removed (sessions of frontends killed on purpose). */
    record Totals(long sent, long received, long lost, long duplicated, long filesLeft, long orphans, long mountsLeft,
        List<String> errors, Map<String, long[]> streams, List<Path> swept)
    {
        boolean clean()
        {
            return lost == 0 && duplicated == 0 && filesLeft == 0 && orphans == 0 && mountsLeft == 0 && errors.isEmpty();
        }
    }
}
