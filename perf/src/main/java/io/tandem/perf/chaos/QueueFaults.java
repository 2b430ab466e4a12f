package io.tandem.perf.chaos;

import io.tandem.ProcessOptions;
import io.tandem.internal.channel.Queues;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.perf.ChildJvm;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Faults of the queues themselves: garbage documents written into a backend's command queue by a stranger, and a
 * tmpfs that fills up mid-run (a small one the run mounts, in a child frontend whose runtime root lies on it).
 */
final class QueueFaults
{
    /** A call after garbage must still be answered within this. */
    static final double GARBAGE_BOUND_MS = 2000;
    static final String TMPFS_SIZE = "160m";
    private static final int PAYLOAD = 64 * 1024;
    private static final String MOUNT_PREFIX = "/tmp/tandem-chaos-tmpfs-";
    /** How long mount, umount (and du) may take. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private QueueFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(
            new Fault.Simple("garbage-in-command-queue", "the backend logs the garbage and keeps serving: a call after it "
                + "answers right within " + (int)GARBAGE_BOUND_MS + " ms", QueueFaults::garbage),
            new Fault.Simple("full-tmpfs", "the send that needs room throws RuntimeDirectoryException naming a file on the "
                + "full tmpfs; no JVM crashes; once there is room, sending works and every accepted message arrived once",
                QueueFaults::fullTmpfs));
    }

    private static Outcome garbage(final ChaosContext ctx) throws Exception
    {
        try (EchoWorker v = ctx.startVictim("victim-garbage"))
        {
            final EchoCommands commands = v.backend(EchoCommands.class, Duration.ofSeconds(10));
            commands.square(1);
            final Session session = Session.acquire();
            final Path cmd = session.dir().resolve(v.name()).resolve("cmd");
            session.release();
            final ProcessOptions o = v.options();
            try (SingleChronicleQueue queue = Queues.open(cmd, o.rollCycle(), o.queueBlockSize(), null, false))
            {
                final ExcerptAppender appender = queue.createAppender();
                final byte[] junk = new byte[1 + ctx.random.nextInt(4096)];
                ctx.random.nextBytes(junk);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(junk); // random bytes
                }
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().write("noSuchEvent").text("garbage"); // well-formed, but no such command
                }
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeInt(0); // almost empty
                }
            }
            final long t0 = System.nanoTime();
            final long answer;
            try
            {
                answer = commands.square(7);
            }
            catch (final RuntimeException ex)
            {
                return Outcome.unexpected(ChaosContext.msSince(t0), "after garbage in " + cmd + " the call failed: " + ex);
            }
            final double ms = ChaosContext.msSince(t0);
            if (answer != 7 || !v.isAlive())
            {
                return Outcome.unexpected(ms, "after garbage: square(7) answered " + answer + ", backend alive " + v.isAlive());
            }
            if (ms > GARBAGE_BOUND_MS)
            {
                return Outcome.unexpected(ms, String.format(Locale.ROOT, "the call after garbage took %.0f ms", ms));
            }
            return Outcome.expected(ms, "3 garbage documents skipped; the next call answered");
        }
    }

    private static Outcome fullTmpfs(final ChaosContext ctx) throws Exception
    {
        final Path mount = Files.createDirectories(Path.of(mountPrefix() + ctx.uniqueName("m")));
        final Thread unmountAtExit = new Thread(() -> unmount(mount), "chaos-unmount");
        run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE + ",mode=0700", "tmpfs", mount.toString());
        Runtime.getRuntime().addShutdownHook(unmountAtExit);
        try
        {
            final Path root = mount.resolve("root");
            try (ChildJvm child = ctx.childFrontend(List.of("-Dtandem.root=" + root), "tmpfs", mount.resolve("filler").toString()))
            {
                final String[] session = child.awaitLine("SESSION", FrontendFaults.LINE_TIMEOUT);
                ctx.trackSession(Path.of(session[1]));
                final String[] result;
                try
                {
                    result = child.awaitLine("RESULT", FrontendFaults.LINE_TIMEOUT);
                }
                catch (final IOException ex)
                {
                    return Outcome.unexpected(Double.NaN, ex.getMessage() + " (a crash: no JVM may crash on a full tmpfs)");
                }
                child.awaitReady(FrontendFaults.LINE_TIMEOUT);
                final int exit = child.awaitExit(FrontendFaults.EXIT_TIMEOUT);
                // RESULT <ms to the failure> <accepted> <taken> <taken twice> <failure...>
                final double ms = Double.parseDouble(result[1]);
                final long accepted = Long.parseLong(result[2]);
                final long taken = Long.parseLong(result[3]);
                final long twice = Long.parseLong(result[4]);
                final String failure = String.join(" ", List.of(result).subList(5, result.length));
                final List<String> problems = new ArrayList<>();
                if (!failure.startsWith(RuntimeDirectoryException.class.getName()) || !failure.contains(mount.toString()))
                {
                    problems.add("expected RuntimeDirectoryException naming a file under " + mount + ", got: " + failure);
                }
                if (taken != accepted || twice != 0)
                {
                    problems.add(accepted + " accepted, " + taken + " arrived, " + twice + " twice");
                }
                if (exit != 0)
                {
                    problems.add("the child frontend exited with " + exit);
                }
                if (!ChaosFiles.awaitGone(Path.of(session[1]), Duration.ofSeconds(5)))
                {
                    problems.add("its session " + session[1] + " is left");
                }
                return problems.isEmpty() ? Outcome.expected(ms, accepted + " accepted, all arrived once; " + failure)
                    : Outcome.unexpected(ms, String.join("; ", problems));
            }
        }
        finally
        {
            if (!unmount(mount))
            {
                ctx.mountLeft(mount);
                ctx.problem("full-tmpfs: " + mount + " is still mounted after umount");
            }
            Runtime.getRuntime().removeShutdownHook(unmountAtExit);
        }
    }

    /** The start of the path of every tmpfs this run mounts: {@code /tmp/tandem-chaos-tmpfs-<chaos pid>-}. */
    static String mountPrefix()
    {
        return MOUNT_PREFIX + ProcessHandle.current().pid() + "-";
    }

    /** @return the tmpfs mounts of this run still in /proc/mounts. */
    static List<Path> ownMounts()
    {
        return mounted().stream().filter(m -> m.toString().startsWith(mountPrefix())).toList();
    }

    /** @return every chaos tmpfs mount point in /proc/mounts, of any run. */
    private static List<Path> mounted()
    {
        try
        {
            return Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" "))
                .filter(f -> f.length > 1 && f[1].startsWith(MOUNT_PREFIX)).map(f -> Path.of(f[1])).toList();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /**
     * Unmounts and removes what a crashed run left: {@code /tmp/tandem-chaos-tmpfs-<pid>-*} whose pid is not a live
     * process (a run's shutdown hook unmounts; kill -9 or a crash skips it).
     *
     * @return the mount points removed.
     */
    static List<Path> sweepDeadRuns()
    {
        final List<Path> removed = new ArrayList<>();
        final java.util.Set<Path> candidates = new java.util.TreeSet<>(mounted());
        try (var dirs = Files.list(Path.of("/tmp")))
        {
            dirs.filter(d -> d.toString().startsWith(MOUNT_PREFIX)).forEach(candidates::add);
        }
        catch (final IOException ex)
        {
            // no /tmp listing: the mounts alone
        }
        for (final Path m : candidates)
        {
            final String rest = m.toString().substring(MOUNT_PREFIX.length());
            final int dash = rest.indexOf('-');
            final long pid;
            try
            {
                pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            }
            catch (final NumberFormatException ex)
            {
                continue;
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                continue; // a live run's
            }
            if (unmount(m))
            {
                removed.add(m);
            }
        }
        return removed;
    }

    /** In the child frontend (root on the small tmpfs): send, fill the tmpfs, send until refused, free it, send. */
    static void fillAndSend(final Path filler) throws Exception
    {
        final Session session = Session.acquire();
        System.out.println("SESSION " + session.dir());
        System.out.flush();
        long accepted = 0;
        long seq = 0;
        String failure = "none";
        double failedAfterMs = Double.NaN;
        final byte[] payload = new byte[PAYLOAD];
        try (EchoWorker w = new EchoWorker("tmpfs-worker", ProcessOptions.builder().inJvm().build()))
        {
            w.start();
            w.awaitStarted(Traffic.START_TIMEOUT);
            final EchoCommands commands = w.backend(EchoCommands.class, Duration.ofSeconds(10));
            for (int i = 0; i < 50; i++)
            {
                commands.take(seq++, payload);
                accepted++;
            }
            commands.taken(); // all read: the backlog is empty
            fill(filler);
            final long t0 = System.nanoTime();
            for (int i = 0; i < 20_000; i++)
            {
                try
                {
                    commands.take(seq, payload);
                    accepted++;
                    seq++;
                }
                catch (final RuntimeException ex)
                {
                    failedAfterMs = ChaosContext.msSince(t0);
                    failure = (ex + (ex.getCause() != null ? " <- " + ex.getCause() : "")).replace('\n', ' ');
                    seq++; // not sent: never due
                    break;
                }
            }
            Files.delete(filler);
            for (int i = 0; i < 50; i++)
            {
                commands.take(seq++, payload);
                accepted++;
            }
            final String[] taken = commands.taken().split(" ");
            System.out.println("RESULT " + failedAfterMs + " " + accepted + " " + taken[0] + " " + taken[1] + " " + failure);
        }
        finally
        {
            session.release();
        }
        System.out.println(ChildJvm.READY);
        System.out.flush();
    }

    private static void fill(final Path filler) throws IOException
    {
        final byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler))
        {
            while (true)
            {
                out.write(block);
            }
        }
        catch (final IOException ex)
        {
            // No space left: the tmpfs is full, as wanted.
        }
    }

    /** Unmounts {@code mount} and removes its directory. @return false if it is still mounted afterwards. */
    private static boolean unmount(final Path mount)
    {
        if (mounted().contains(mount))
        {
            try
            {
                run("umount", "-l", mount.toString());
            }
            catch (final IOException | InterruptedException ex)
            {
                // judged below by /proc/mounts
            }
        }
        if (mounted().contains(mount))
        {
            return false;
        }
        try
        {
            Files.deleteIfExists(mount);
        }
        catch (final IOException ex)
        {
            // not empty: unmounted all the same
        }
        return true;
    }

    /**
     * Runs {@code command}, waiting at most {@link #COMMAND_TIMEOUT}: its output goes to a file, so a command that
     * hangs cannot block the read of it (the wait's deadline holds).
     */
    static void run(final String... command) throws IOException, InterruptedException
    {
        final Path said = Files.createTempFile("tandem-chaos-cmd-", ".txt");
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(said.toFile()).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took over " + COMMAND_TIMEOUT);
            }
            if (p.exitValue() != 0)
            {
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(said).trim());
            }
        }
        finally
        {
            Files.deleteIfExists(said);
        }
    }
}
