package io.tandem.perf.chaos;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.perf.ChildJvm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a fault works with: the main session's {@link Traffic} and {@link Ledger}, the runtime root, the seeded
 * random for a fault's own choices, and the bookkeeping the end of the run checks: every process the run started
 * (none may outlive it; held as a {@link ProcessHandle} with its start time, so a pid the kernel gave to another
 * process since is never mistaken for ours), every session directory made by a child frontend (none may be left),
 * and the problems a fault found outside its own outcome (a tmpfs it could not unmount).
 */
final class ChaosContext
{
    final Traffic traffic;
    final Ledger ledger;
    final Path root;
    final SplittableRandom random;
    final PrintStream out;
    /**
     * A system property every JVM of this run carries on its command line (core hands {@code tandem.*} properties
     * on to the backends it starts; {@link #childFrontend} adds it to child frontends), so the end of the run can
     * find an orphan even when nobody tracked it.
     */
    static final String RUN_MARKER_PROPERTY = "tandem.chaos.run";

    private final Set<Tracked> processes = ConcurrentHashMap.newKeySet();
    private final Set<Path> sessions = ConcurrentHashMap.newKeySet();
    private final Set<Path> killedSessions = ConcurrentHashMap.newKeySet();
    private final Set<Path> mountsLeft = ConcurrentHashMap.newKeySet();
    private final java.util.Queue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger names = new AtomicInteger();

    ChaosContext(final Traffic traffic, final Ledger ledger, final Path root, final SplittableRandom random, final PrintStream out)
    {
        this.traffic = traffic;
        this.ledger = ledger;
        this.root = root;
        this.random = random;
        this.out = out;
    }

    /** @return a process name not used before in this run. */
    String uniqueName(final String prefix)
    {
        return prefix + "-" + names.incrementAndGet();
    }

    /** A process the run started, with its start time read while it was surely ours. */
    record Tracked(ProcessHandle handle, Optional<Instant> start)
    {
        static Tracked of(final ProcessHandle handle)
        {
            return new Tracked(handle, handle.info().startInstant());
        }

        /** @return true while this very process (same pid and start time) runs. */
        boolean alive()
        {
            // ProcessHandle.isAlive already compares the start time it took; the explicit check says so out loud.
            return handle.isAlive() && (start.isEmpty() || start.equals(handle.info().startInstant()));
        }

        /** Kills this process, never another that got its pid. */
        void kill()
        {
            if (alive())
            {
                handle.destroyForcibly();
            }
        }
    }

    /** Remembers a process the run started (by pid, taken now while it is ours): it must be gone at the end. */
    void track(final long pid)
    {
        if (pid > 0)
        {
            ProcessHandle.of(pid).ifPresent(this::track);
        }
    }

    /** Remembers a process the run started: it must be gone at the end. */
    void track(final ProcessHandle handle)
    {
        processes.add(Tracked.of(handle));
    }

    /** Remembers a session directory a child frontend made: it must be gone at the end. */
    void trackSession(final Path dir)
    {
        sessions.add(dir);
    }

    /** Remembers the session of a frontend killed on purpose: the only kind the end-of-run sweep may find left. */
    void trackKilledSession(final Path dir)
    {
        trackSession(dir);
        killedSessions.add(dir);
    }

    /** Records a problem outside a fault's outcome (a tmpfs left mounted): it makes the run fail. */
    void problem(final String text)
    {
        problems.add(text);
    }

    /** Records a tmpfs the run mounted and could not unmount. */
    void mountLeft(final Path mount)
    {
        mountsLeft.add(mount);
    }

    Set<Path> mountsLeft()
    {
        return mountsLeft;
    }

    Set<Tracked> processes()
    {
        return processes;
    }

    Set<Path> sessions()
    {
        return sessions;
    }

    Set<Path> killedSessions()
    {
        return killedSessions;
    }

    List<String> problems()
    {
        return new ArrayList<>(problems);
    }

    /** @return the {@code -D} option that marks a JVM as this run's. */
    static String runMarker()
    {
        return "-D" + RUN_MARKER_PROPERTY + "=" + ProcessHandle.current().pid();
    }

    /** Starts an {@link EchoWorker} in a child JVM and waits until it serves. */
    EchoWorker startVictim(final String prefix)
    {
        final EchoWorker w = new EchoWorker(uniqueName(prefix), ProcessOptions.defaults());
        return started(w);
    }

    <P extends MessageProcess> P started(final P p)
    {
        p.start();
        track(p.pid());
        p.awaitStarted(Traffic.START_TIMEOUT);
        return p;
    }

    /** Waits for a reply named {@code name}, skipping others; fails after {@code timeout}. */
    static MessageObject awaitReply(final MessageProcess p, final String name, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0)
        {
            try
            {
                final MessageObject m = p.receive(Duration.ofMillis(100));
                if (m != null && name.equals(m.name()))
                {
                    return m;
                }
            }
            catch (final ReplyTimeoutException ex)
            {
                // keep waiting until our own deadline
            }
        }
        throw new IllegalStateException(p.name() + " sent no '" + name + "' within " + timeout);
    }

    /** Sends {@code signal} (KILL, STOP, CONT, TERM) to {@code pid} with kill(1). */
    static void signal(final long pid, final String signal) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0)
        {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** @return ms from {@code t0} ({@link System#nanoTime()}) to now. */
    static double msSince(final long t0)
    {
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * @return true once {@code pid} has exited, waiting at most {@code timeout}. A zombie (exited, its parent killed
     * and the reaper not yet come) has exited: its reaping is the container's init's business, not Tandem's.
     */
    static boolean awaitGone(final long pid, final Duration timeout) throws InterruptedException
    {
        final Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isEmpty() || awaitGone(Tracked.of(h.get()), timeout);
    }

    /** As {@link #awaitGone(long, Duration)}, for the very process tracked (a reused pid is gone). */
    static boolean awaitGone(final Tracked p, final Duration timeout) throws InterruptedException
    {
        final long pid = p.handle().pid();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (p.alive() && !isZombie(pid))
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    static boolean isZombie(final long pid)
    {
        try
        {
            final String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        }
        catch (final IOException | RuntimeException ex)
        {
            return true; // no /proc entry: gone
        }
    }

    /** Starts a child frontend JVM ({@link ChildFrontend}) on this run's root, running {@code scenario}. */
    ChildJvm childFrontend(final List<String> jvmOptions, final String scenario, final String... args) throws IOException
    {
        final List<String> options = new ArrayList<>(jvmOptions);
        if (options.stream().noneMatch(o -> o.startsWith("-Dtandem.root=")))
        {
            options.add("-Dtandem.root=" + root);
        }
        options.add(runMarker()); // ChildJvm does not hand our properties on: the marker goes explicitly
        final String[] all = new String[args.length + 1];
        all[0] = scenario;
        System.arraycopy(args, 0, all, 1, args.length);
        final ChildJvm child = ChildJvm.start(options, ChildFrontend.class, all);
        track(child.process().toHandle());
        return child;
    }
}
