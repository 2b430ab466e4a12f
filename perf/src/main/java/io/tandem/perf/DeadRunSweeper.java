package io.tandem.perf;

import io.tandem.internal.runtime.FileTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the shared files of benchmark runs that were killed before they could clean up (Ctrl-C in the
 * middle of a ring benchmark, say). A run names its files {@code tandem-perf-<pid>-<what>} (see
 * {@link ChildJvm#shmFile}); those whose pid is no longer alive are removed when the next run starts. A pid
 * that a new process has taken keeps its files until that process exits: never remove what may be in use.
 */
public final class DeadRunSweeper
{
    /** The start of every benchmark file's name, before the pid of the run that made it. */
    public static final String PREFIX = "tandem-perf-";

    private DeadRunSweeper()
    {
    }

    /** @return what was removed from {@code dir}. */
    public static List<Path> sweep(final Path dir)
    {
        final List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = java.nio.file.Files.newDirectoryStream(dir, PREFIX + "*"))
        {
            for (final Path entry : entries)
            {
                final long pid = ownerPid(entry.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true) && FileTrees.deleteRecursively(entry))
                {
                    removed.add(entry);
                }
            }
        }
        catch (final IOException ex)
        {
            // no such directory, or not ours to read: nothing to sweep
        }
        return removed;
    }

    /** @return the pid in {@code tandem-perf-<pid>-...}, or -1 if the name does not carry one. */
    static long ownerPid(final String name)
    {
        final int end = name.indexOf('-', PREFIX.length());
        if (!name.startsWith(PREFIX) || end <= PREFIX.length())
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name.substring(PREFIX.length(), end));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
