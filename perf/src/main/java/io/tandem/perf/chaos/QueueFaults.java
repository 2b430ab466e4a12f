package io.tandem.perf.chaos;

import io.tandem.ProcessOptions;
import io.tandem.channel.Queues;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.perf.ChildJvm;
import io.tandem.runtime.Session;
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

    private QueueFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(
            new BackendFaults.Simple("garbage-in-command-queue", "the backend logs the garbage and keeps serving: a call after it "
                + "answers right within " + (int)GARBAGE_BOUND_MS + " ms", QueueFaults::garbage),
            new BackendFaults.Simple("full-tmpfs", "the send that needs room throws RuntimeDirectoryException naming a file on the "
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
        final Path mount = Files.createDirectories(Path.of("/tmp", "tandem-chaos-tmpfs-" + ProcessHandle.current().pid()
            + "-" + ctx.uniqueName("m")));
        final Thread unmountAtExit = new Thread(() -> unmount(mount), "chaos-unmount");
        run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE + ",mode=0700", "tmpfs", mount.toString());
        Runtime.getRuntime().addShutdownHook(unmountAtExit);
        try
        {
            final Path root = mount.resolve("root");
            try (ChildJvm child = ctx.childFrontend(List.of("-Dtandem.root=" + root), "tmpfs", mount.resolve("filler").toString()))
            {
                final String[] session = FrontendFaults.awaitLine(child, "SESSION");
                ctx.trackSession(Path.of(session[1]));
                final String[] result;
                try
                {
                    result = FrontendFaults.awaitLine(child, "RESULT");
                }
                catch (final IOException ex)
                {
                    return Outcome.unexpected(Double.NaN, ex.getMessage() + " (a crash: no JVM may crash on a full tmpfs)");
                }
                child.awaitReady();
                final int exit = child.process().waitFor();
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
            unmount(mount);
            Runtime.getRuntime().removeShutdownHook(unmountAtExit);
        }
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

    private static void unmount(final Path mount)
    {
        try
        {
            if (Files.isDirectory(mount))
            {
                run("umount", "-l", mount.toString());
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            // not mounted (any more)
        }
        try
        {
            Files.deleteIfExists(mount);
        }
        catch (final IOException ex)
        {
            // still mounted or not empty: counted as left
        }
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String said = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed: " + said);
        }
    }
}
