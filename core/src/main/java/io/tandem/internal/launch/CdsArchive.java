package io.tandem.internal.launch;

import io.tandem.internal.runtime.FileModes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A start-up archive for backend JVMs, made once and reused: the first backend of a class path records which
 * classes it loads (Chronicle's, Tandem's, the user's) and, when it exits cleanly, that record becomes an archive
 * later backends map, skipping most class loading and linking. On JDK 17 to 23 it is a class-data sharing archive
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}); on JDK 24+ the JDK's AOT cache
 * (JEP 483/514/515: {@code -XX:AOTMode=record}, then a JVM of {@code -XX:AOTMode=create} assembles it, then
 * {@code -XX:AOTCache}), which also keeps classes linked and method profiles. See {@link ArchiveFormat}.
 *
 * <p>Archives live in {@code ~/.cache/tandem/cds/}, named by a hash of the JDK (its {@code java.home} and
 * {@code java.vm.version}), the format, and every class-path entry's path, size and modification time, so a rebuilt
 * jar or another JDK gets a fresh archive and an archive of JDK 17 is never offered to JDK 25 nor the other way
 * round. Only jar class paths can be archived (the JVM refuses directories), so runs from {@code target/classes}
 * (tests, IDEs) start without one. {@value #PROPERTY}{@code =off} disables it, {@code =cds} keeps the class-data
 * archive on JDK 24+ too (to compare). Archives of class paths no longer used are removed when a new one is made
 * ({@link CdsArchivePruner}).
 *
 * <pre>{@code
 * CdsArchive cds = CdsArchive.forCurrentClassPath();   // null: none for this class path
 * CdsArchive.Use use = cds.use();                       // map it, or record it (then tell trainingExited)
 * }</pre>
 */
public final class CdsArchive
{
    /** System property: {@code auto} (default), {@code cds} (the class-data archive on every JDK) or {@code off}. */
    public static final String PROPERTY = "tandem.cds";

    private static final Logger LOG = LoggerFactory.getLogger(CdsArchive.class);
    private static final long STALE_TRAINING_MS = TimeUnit.MINUTES.toMillis(10);

    private final Path archive;
    private final Path training;
    private final ArchiveFormat format;
    private final String classPath;

    private CdsArchive(final Path archive, final ArchiveFormat format, final String classPath)
    {
        this.archive = archive;
        this.training = archive.resolveSibling(archive.getFileName() + ".training");
        this.format = format;
        this.classPath = classPath;
    }

    /**
     * @param jvmArgs a backend's own JVM arguments ({@code ProcessOptions}).
     * @return the archive for this JVM's class path and JDK, or null when none can or should be used: also when
     * {@code jvmArgs} choose class-data sharing themselves ({@code -Xshare:off}, an archive of their own), which
     * JDK 24+ refuses beside an AOT cache.
     */
    public static CdsArchive forCurrentClassPath(final List<String> jvmArgs)
    {
        for (final String arg : jvmArgs)
        {
            if (arg.startsWith("-Xshare") || arg.startsWith("-XX:SharedArchiveFile") || arg.startsWith("-XX:ArchiveClassesAtExit") ||
                arg.startsWith("-XX:AOT") || arg.startsWith("-XX:+AutoCreateSharedArchive"))
            {
                return null;
            }
        }
        return forCurrentClassPath();
    }

    /** @return the archive for this JVM's class path and JDK, or null when none can or should be used. */
    public static CdsArchive forCurrentClassPath()
    {
        return forClassPath(ChildJvmCommand.classPath(), System.getProperty("java.home"),
            System.getProperty("java.vm.version"), Runtime.version().feature(), System.getProperty(PROPERTY),
            Paths.get(System.getProperty("user.home"), ".cache", "tandem", "cds"));
    }

    /**
     * @param classPath  the backends' class path, entries absolute.
     * @param javaHome   the JDK the backends run on, with its {@code vmVersion} and {@code feature} version.
     * @param setting    the {@value #PROPERTY} property: {@code null} or {@code auto}, {@code cds}, {@code off}.
     * @param dir        where archives live (made 0700 if missing).
     * @return the archive of that class path and JDK, or null when none can or should be used.
     */
    static CdsArchive forClassPath(final String classPath, final String javaHome, final String vmVersion, final int feature,
        final String setting, final Path dir)
    {
        if ("off".equals(setting) || classPath == null || classPath.isEmpty())
        {
            return null;
        }
        final ArchiveFormat format = "cds".equals(setting) ? ArchiveFormat.CLASS_DATA : ArchiveFormat.forJdk(feature);
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((javaHome + '\n' + vmVersion + '\n').getBytes(StandardCharsets.UTF_8));
            if (format == ArchiveFormat.AOT_CACHE)
            {
                digest.update("aot\n".getBytes(StandardCharsets.UTF_8)); // the class-data key of old stays as it was
            }
            for (final String entry : classPath.split(File.pathSeparator))
            {
                final Path path = Paths.get(entry);
                if (!Files.isRegularFile(path))
                {
                    return null; // a directory (or a missing entry): the JVM cannot archive it
                }
                digest.update((path.toAbsolutePath() + "|" + Files.size(path) + "|" +
                    Files.getLastModifiedTime(path).toMillis() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            Files.createDirectories(dir.getParent());
            FileModes.ensureDirectory(dir);
            final String name = HexFormat.of().formatHex(digest.digest(), 0, 12) + format.extension();
            return new CdsArchive(dir.resolve(name), format, classPath);
        }
        catch (final IOException | NoSuchAlgorithmException | RuntimeException ex)
        {
            LOG.debug("no start-up archive: {}", ex.toString());
            return null;
        }
    }

    /**
     * @return how the next backend uses the archive: maps it if it exists; otherwise, if no other backend
     * is making it, makes it (then {@link #trainingExited} must be told how that backend exited); otherwise
     * starts without it.
     */
    public Use use()
    {
        final List<String> mapping = mapArgs();
        if (!mapping.isEmpty())
        {
            return new Use(mapping, false);
        }
        if (claimTraining())
        {
            return new Use(format.recordArgs(recording()), true);
        }
        return new Use(List.of(), false);
    }

    /**
     * @return the arguments that map the archive if it has been made, else none: for another JVM of this class
     * path that should start as a backend does (the spawn benchmark's bare Chronicle baseline), never training.
     */
    public List<String> mapArgs()
    {
        if (!Files.isRegularFile(archive))
        {
            return List.of();
        }
        CdsArchivePruner.touch(archive); // a syscall beside a JVM's start: keeps it among the recently used
        return format.mapArgs(archive);
    }

    /** The class-data sharing arguments of one backend. */
    public static final class Use
    {
        private final List<String> jvmArgs;
        private final boolean training;

        Use(final List<String> jvmArgs, final boolean training)
        {
            this.jvmArgs = List.copyOf(jvmArgs);
            this.training = training;
        }

        public List<String> jvmArgs()
        {
            return jvmArgs;
        }

        /** @return true if this backend makes the archive when it exits. */
        public boolean isTraining()
        {
            return training;
        }
    }

    /**
     * Publishes the archive the training backend recorded, if it exited cleanly, and releases the claim. For the
     * class-data archive the recording is the archive: it is moved into place now. For the AOT cache a JVM of
     * {@code -XX:AOTMode=create} assembles it first (a second or two of CPU), started here under a shell that moves
     * the result into place and releases the claim when it is done, so it finishes even if this JVM exits first.
     */
    public void trainingExited(final int exitCode)
    {
        boolean claimHandedOn = false;
        try
        {
            final Path recording = recording();
            if (exitCode == 0 && Files.isRegularFile(recording) && Files.size(recording) > 0)
            {
                if (format.needsAssembly())
                {
                    assemble(recording);
                    claimHandedOn = true;
                }
                else
                {
                    publish(recording);
                }
            }
            else
            {
                Files.deleteIfExists(recording);
            }
        }
        catch (final IOException ex)
        {
            LOG.debug("could not publish {}: {}", archive, ex.toString());
        }
        finally
        {
            if (!claimHandedOn)
            {
                releaseClaim();
            }
        }
    }

    /** @return the archive file (which may not exist yet). */
    public Path path()
    {
        return archive;
    }

    /** @return its format, chosen by the JDK (and {@value #PROPERTY}). */
    public ArchiveFormat format()
    {
        return format;
    }

    private void publish(final Path partial) throws IOException
    {
        try
        {
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.debug("start-up archive ready: {}", archive);
        prune();
    }

    /**
     * Starts {@code sh -c 'java -XX:AOTMode=create ... && mv partial archive; rm recording partial claim'}: the JVM
     * that turns the recording into the cache, with the training run's class path and flags, its output discarded.
     */
    private void assemble(final Path recording) throws IOException
    {
        final Path partial = partial();
        final List<String> cmd = new ArrayList<>(List.of("sh", "-c",
            "recording=$1 partial=$2 archive=$3 claim=$4; shift 4; " +
                "if \"$@\" >/dev/null 2>&1 && [ -s \"$partial\" ]; then mv -f \"$partial\" \"$archive\"; fi; " +
                "rm -f \"$recording\" \"$partial\" \"$claim\"",
            "tandem-aot-cache", recording.toString(), partial.toString(), archive.toString(), training.toString(),
            ChildJvmCommand.javaExecutable()));
        cmd.addAll(ChildJvmCommand.jvmOptions(format.createArgs(recording, partial), List.of()));
        cmd.add("-cp");
        cmd.add(classPath);
        final Process assembler = new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        assembler.onExit().thenRun(() ->
        {
            if (Files.isRegularFile(archive))
            {
                LOG.debug("AOT cache ready: {}", archive);
                prune();
            }
        });
    }

    private void prune()
    {
        final List<Path> pruned = CdsArchivePruner.prune(archive.getParent(), archive, System.currentTimeMillis());
        LOG.debug("removed unused start-up archives: {}", pruned);
    }

    private void releaseClaim()
    {
        try
        {
            Files.deleteIfExists(training);
        }
        catch (final IOException ignored)
        {
            // a stale claim expires by itself
        }
    }

    /** @return where the training backend records: the class-data archive being written, or the AOT configuration. */
    private Path recording()
    {
        return format.needsAssembly() ? archive.resolveSibling(archive.getFileName() + ".config") : partial();
    }

    private Path partial()
    {
        return archive.resolveSibling(archive.getFileName() + ".partial");
    }

    private boolean claimTraining()
    {
        try
        {
            Files.createFile(training, FileModes.fileAttribute());
            return true;
        }
        catch (final FileAlreadyExistsException ex)
        {
            try
            {
                if (System.currentTimeMillis() - Files.getLastModifiedTime(training).toMillis() > STALE_TRAINING_MS)
                {
                    Files.deleteIfExists(training); // its backend never exited cleanly; the next start retries
                }
            }
            catch (final IOException ignored)
            {
                // raced with its owner
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
