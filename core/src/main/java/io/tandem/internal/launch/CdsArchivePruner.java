package io.tandem.internal.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the directory of start-up archives (class-data archives {@code *.jsa}, AOT caches {@code *.aot}) from growing
 * without end: every rebuilt jar or other JDK makes a new archive (10-60 MB each) and the old one is never mapped
 * again. When a new archive is published, archives
 * not used for {@link #MAX_AGE_DAYS} days are removed, and beyond the {@link #MAX_KEPT} most recently used ones
 * the rest too. Use is the modification time, which {@link CdsArchive} refreshes when a JVM first maps an archive.
 */
final class CdsArchivePruner
{
    /** Archives kept at most (both formats together), the most recently used first: a few projects and JDKs side by side. */
    static final int MAX_KEPT = 8;
    /** Archives unused for longer than this are removed. */
    static final long MAX_AGE_DAYS = 14;

    private CdsArchivePruner()
    {
    }

    /**
     * Removes stale archives from {@code dir}, never {@code keep}.
     *
     * @return the archives removed.
     */
    static List<Path> prune(final Path dir, final Path keep, final long nowMillis)
    {
        final List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{jsa,aot}"))
        {
            files.forEach(archives::add);
        }
        catch (final IOException ex)
        {
            return List.of();
        }
        archives.sort(Comparator.comparingLong(CdsArchivePruner::lastUsedMillis).reversed());
        final long oldest = nowMillis - TimeUnit.DAYS.toMillis(MAX_AGE_DAYS);
        final List<Path> removed = new ArrayList<>();
        int kept = 0;
        for (final Path archive : archives)
        {
            final boolean wanted = archive.equals(keep) || (kept < MAX_KEPT && lastUsedMillis(archive) >= oldest);
            if (wanted)
            {
                kept++;
                continue;
            }
            try
            {
                if (Files.deleteIfExists(archive))
                {
                    removed.add(archive);
                }
            }
            catch (final IOException ignored)
            {
                // mapped files can be deleted on Linux; anything else, the next prune retries
            }
        }
        return removed;
    }

    /** Marks {@code archive} as used now, so pruning keeps it. */
    static void touch(final Path archive)
    {
        try
        {
            Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
        }
        catch (final IOException ignored)
        {
            // read-only cache: the archive may be pruned earlier than it should, and made again
        }
    }

    private static long lastUsedMillis(final Path archive)
    {
        try
        {
            return Files.getLastModifiedTime(archive).toMillis();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
