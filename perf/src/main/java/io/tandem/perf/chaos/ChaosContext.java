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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a fault works with: the main session's {@link Traffic} and {@link Ledger}, the runtime root, the seeded
 * random for a fault's own choices, and the bookkeeping the end of the run checks: every pid the run started
 * (none may outlive it) and every session directory made by a child frontend (none may be left).
 */
final class ChaosContext
{
    final Traffic traffic;
    final Ledger ledger;
    final Path root;
    final SplittableRandom random;
    final PrintStream out;
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();
    private final Set<Path> sessions = ConcurrentHashMap.newKeySet();
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

    /** Remembers a pid the run started: it must be gone at the end. */
    void track(final long pid)
    {
        if (pid > 0)
        {
            pids.add(pid);
        }
    }

    /** Remembers a session directory a child frontend made: it must be gone at the end. */
    void trackSession(final Path dir)
    {
        sessions.add(dir);
    }

    Set<Long> pids()
    {
        return pids;
    }

    Set<Path> sessions()
    {
        return sessions;
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
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid))
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static boolean isZombie(final long pid)
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
        final String[] all = new String[args.length + 1];
        all[0] = scenario;
        System.arraycopy(args, 0, all, 1, args.length);
        final ChildJvm child = ChildJvm.start(options, ChildFrontend.class, all);
        track(child.process().pid());
        return child;
    }
}
