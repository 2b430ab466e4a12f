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
 * A class-data sharing archive for backend JVMs, made once and reused: the first backend of a class path
 * runs with {@code -XX:ArchiveClassesAtExit} and, when it exits cleanly, leaves an archive of every class
 * it loaded (Chronicle's, Tandem's, the user's); later backends map it with {@code -XX:SharedArchiveFile}
 * and skip most class loading, roughly halving their start-up.
 *
 * <p>Archives live in {@code ~/.cache/tandem/cds/}, named by a hash of the JVM and of every class-path
 * entry's path, size and modification time, so a rebuilt jar or another JDK gets a fresh archive. Only
 * jar class paths can be archived (the JVM refuses directories), so runs from {@code target/classes}
 * (tests, IDEs) start without one. {@value #PROPERTY}{@code =off} disables it. Archives of class paths no longer
 * used are removed when a new one is made ({@link CdsArchivePruner}).
 */
public final class CdsArchive
{
    /** System property: {@code auto} (default) or {@code off}. */
    public static final String PROPERTY = "tandem.cds";

    private static final Logger LOG = LoggerFactory.getLogger(CdsArchive.class);
    private static final long STALE_TRAINING_MS = TimeUnit.MINUTES.toMillis(10);
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path archive;
    private final Path training;

    private CdsArchive(final Path archive)
    {
        this.archive = archive;
        this.training = archive.resolveSibling(archive.getFileName() + ".training");
    }

    /** @return the archive for this JVM's class path, or null when CDS cannot or should not be used. */
    public static CdsArchive forCurrentClassPath()
    {
        if ("off".equals(System.getProperty(PROPERTY)))
        {
            return null;
        }
        final String classPath = ChildJvmCommand.classPath();
        if (classPath == null || classPath.isEmpty())
        {
            return null;
        }
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n')
                .getBytes(StandardCharsets.UTF_8));
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
            final Path dir = Paths.get(System.getProperty("user.home"), ".cache", "tandem", "cds");
            Files.createDirectories(dir.getParent());
            FileModes.ensureDirectory(dir);
            return new CdsArchive(dir.resolve(HexFormat.of().formatHex(digest.digest(), 0, 12) + ".jsa"));
        }
        catch (final IOException | NoSuchAlgorithmException | RuntimeException ex)
        {
            LOG.debug("no class-data sharing archive: {}", ex.toString());
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
            final List<String> args = new ArrayList<>(QUIET);
            args.add("-XX:ArchiveClassesAtExit=" + partial());
            return new Use(args, true);
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
        final List<String> args = new ArrayList<>(QUIET);
        args.add("-XX:SharedArchiveFile=" + archive);
        return args;
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

    /** Publishes the archive the training backend wrote, if it exited cleanly; releases the claim. */
    public void trainingExited(final int exitCode)
    {
        try
        {
            final Path partial = partial();
            if (exitCode == 0 && Files.isRegularFile(partial) && Files.size(partial) > 0)
            {
                try
                {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (final AtomicMoveNotSupportedException ex)
                {
                    Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                LOG.debug("class-data sharing archive ready: {}", archive);
                final List<Path> pruned = CdsArchivePruner.prune(archive.getParent(), archive, System.currentTimeMillis());
                LOG.debug("removed unused class-data sharing archives: {}", pruned);
            }
            Files.deleteIfExists(partial);
        }
        catch (final IOException ex)
        {
            LOG.debug("could not publish {}: {}", archive, ex.toString());
        }
        finally
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
    }

    /** @return the archive file (which may not exist yet). */
    public Path path()
    {
        return archive;
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
