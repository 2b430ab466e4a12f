package io.tandem.perf.spawn;

import io.tandem.internal.launch.ArchiveFormat;
import io.tandem.internal.launch.CdsArchive;
import io.tandem.internal.launch.ChildJvmCommand;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bare Chronicle worker's own start-up archive (a class-data sharing archive on JDK 17, the AOT cache on 24+), made
 * the way Tandem makes a backend's ({@link CdsArchive}) but trained on a run of the bare worker itself: a JVM started
 * with the JDK's recording arguments that opens its queues, answers one knock and exits when its tether is cut.
 * A Chronicle user would do the same for a JVM per worker; mapping Tandem's archive (trained on a Tandem backend)
 * would give the bare worker classes it never loads and miss some it does.
 *
 * <p>The archive is {@code <hash>.<label>.jsa} ({@code .aot}) beside Tandem's {@code <hash>.jsa} ({@code .aot}) in {@code ~/.cache/tandem/cds/}:
 * the same hash of the JVM and of every class-path entry, so a rebuilt jar or another JDK gets a fresh one, and
 * the same least-recently-used pruning. It is made once, before any timed start ({@link #prepare}), and reused by
 * later runs. Like Tandem's, it exists only for jar class paths ({@code ./tandem perf}); from
 * {@code target/classes} (tests, IDEs) neither the bare workers nor Tandem's backends have one.
 *
 * <pre>{@code
 * BareArchive.prepare(BareWorker.CODEGEN_OFF);      // a training run if there is no archive yet; not timed
 * try (BareJvm peer = BareJvm.start("bare-1", BareWorker.CODEGEN_OFF, List.of())) { ... } // maps it
 * }</pre>
 */
public final class BareArchive
{
    private static final Duration TRAINING_ANSWER = Duration.ofMinutes(2);
    /** Dumping the archive at exit takes a second or so; far longer on a loaded machine. */
    private static final Duration TRAINING_EXIT = Duration.ofMinutes(1);
    private static final Duration TANDEM_PUBLISH = Duration.ofSeconds(30);

    private BareArchive()
    {
    }

    /** @return {@code worker}'s archive (it may not have been made yet), or null when this class path has none. */
    public static Path path(final BareWorker worker)
    {
        final CdsArchive cds = CdsArchive.forCurrentClassPath();
        if (cds == null)
        {
            return null;
        }
        final String name = cds.path().getFileName().toString();
        final String extension = cds.format().extension();
        return cds.path().resolveSibling(name.substring(0, name.length() - extension.length()) + "." + worker.label() + extension);
    }

    /** @return Tandem's backend archive for this class path (it may not have been made yet), or null. */
    public static Path tandemPath()
    {
        final CdsArchive cds = CdsArchive.forCurrentClassPath();
        return cds == null ? null : cds.path();
    }

    /** @return the format of this JDK's archives (the AOT cache on 24+), or null when this class path has none. */
    private static ArchiveFormat format()
    {
        final CdsArchive cds = CdsArchive.forCurrentClassPath();
        return cds == null ? null : cds.format();
    }

    /** @return the arguments that map {@code worker}'s archive if it has been made, else none. */
    static List<String> mapArgs(final BareWorker worker)
    {
        final Path archive = path(worker);
        if (archive == null || !Files.isRegularFile(archive))
        {
            return List.of();
        }
        try
        {
            Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis())); // in use: pruned last
        }
        catch (final IOException ignored)
        {
            // a read-only cache: it may be pruned early and made again
        }
        return format().mapArgs(archive);
    }

    /**
     * Makes {@code worker}'s archive if this class path can have one and it does not exist yet: one bare worker
     * started with the JDK's recording arguments, knocked on, answered, and stopped; on JDK 24+ then the JVM that
     * assembles the AOT cache from its recording, as Tandem does for a backend. Call before timing: the training run
     * is never one of the timed ones. Two runs training at once each write their own file; the last to finish wins.
     */
    public static void prepare(final BareWorker worker) throws IOException, InterruptedException
    {
        final Path archive = path(worker);
        if (archive == null || Files.isRegularFile(archive))
        {
            return;
        }
        final ArchiveFormat format = format();
        final String pid = Long.toString(ProcessHandle.current().pid());
        final Path partial = archive.resolveSibling(archive.getFileName() + "." + pid + ".partial");
        final Path recording = format.needsAssembly() ? archive.resolveSibling(archive.getFileName() + "." + pid + ".config") : partial;
        final long start = System.nanoTime();
        try
        {
            final int exitCode;
            try (BareJvm trainee = BareJvm.train("train-" + worker.label(), worker, format.recordArgs(recording)))
            {
                trainee.awaitAnswer(TRAINING_ANSWER);
                exitCode = trainee.stop(TRAINING_EXIT);
            }
            if (exitCode == 0 && format.needsAssembly() && Files.isRegularFile(recording))
            {
                assemble(format, recording, partial);
            }
            if (exitCode != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0)
            {
                System.out.printf("note: the %s archive was not made (training exit code %d); its peers start without one%n",
                    worker.label(), exitCode);
                return;
            }
            try
            {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.printf("made the %s %s in %.1f s (not timed): %s%n", worker.label(),
                format.needsAssembly() ? "AOT cache" : "class-data sharing archive", (System.nanoTime() - start) / 1e9, archive);
        }
        finally
        {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(recording);
        }
    }

    /** Runs the JVM that turns the bare worker's AOT recording into its cache, with the worker's flags and class path. */
    private static void assemble(final ArchiveFormat format, final Path recording, final Path partial)
        throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmCommand.javaExecutable());
        cmd.addAll(ChildJvmCommand.jvmOptions(format.createArgs(recording, partial), List.of()));
        cmd.add("-cp");
        cmd.add(ChildJvmCommand.classPath());
        final Process create = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!create.waitFor(TRAINING_EXIT.toSeconds(), TimeUnit.SECONDS))
        {
            create.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until Tandem's backend archive for this class path exists: a backend that trained it publishes it
     * when it has exited, on another thread. Call after an untimed warm-up start, so no timed start is Tandem's
     * training run. Returns at once when this class path has no archive; after 30 s it says so and returns.
     */
    public static void awaitTandem() throws InterruptedException
    {
        final Path archive = tandemPath();
        if (archive == null)
        {
            return;
        }
        final long deadline = System.nanoTime() + TANDEM_PUBLISH.toNanos();
        while (!Files.isRegularFile(archive))
        {
            if (System.nanoTime() - deadline > 0)
            {
                System.out.println("note: Tandem's class-data sharing archive is not there; its backends start without one");
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * @return {@code "k/n"}: how many of the {@code n} processes map {@code archive}, {@code "none"} when there is
     * no archive: printed beside a start-up figure, so a reader sees that both sides had their own.
     */
    public static String mappedBy(final Path archive, final List<Long> pids)
    {
        if (archive == null || !Files.isRegularFile(archive))
        {
            return "none";
        }
        int mapping = 0;
        for (final long pid : pids)
        {
            mapping += isMappedBy(archive, pid) ? 1 : 0;
        }
        return mapping + "/" + pids.size();
    }

    /** @return true if process {@code pid} maps {@code archive} (from {@code /proc/<pid>/maps}); false if it has gone. */
    public static boolean isMappedBy(final Path archive, final long pid)
    {
        if (archive == null)
        {
            return false;
        }
        try
        {
            return Files.readString(Paths.get("/proc", Long.toString(pid), "maps")).contains(archive.toString());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
