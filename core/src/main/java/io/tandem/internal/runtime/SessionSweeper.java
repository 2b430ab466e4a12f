package io.tandem.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes the directories of sessions whose owner died (pid gone, or reused by a later process). Runs when
 * a JVM opens its first session and from {@code tandem clean}. Backends of a dead owner exit on their own
 * within about a second; deleting their files under them is harmless (mappings outlive the names).
 */
public final class SessionSweeper
{
    private static final Logger LOG = LoggerFactory.getLogger(SessionSweeper.class);

    private SessionSweeper()
    {
    }

    /**
     * @param root the runtime root holding session directories.
     * @return the session directories removed.
     */
    public static List<Path> sweep(final Path root)
    {
        final List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root))
        {
            return removed;
        }
        final SessionId self = SessionId.current();
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(root))
        {
            for (final Path dir : sessions)
            {
                final Optional<SessionId> id = SessionId.parse(dir.getFileName().toString());
                if (id.isEmpty() || id.get().equals(self) || id.get().isOwnerAlive())
                {
                    continue;
                }
                if (FileTrees.deleteRecursively(dir))
                {
                    removed.add(dir);
                    LOG.info("removed session {} left by dead process {}", dir, id.get().pid());
                }
                else
                {
                    LOG.warn("could not remove session {} left by dead process {}", dir, id.get().pid());
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("could not list {} to sweep dead sessions: {}", root, ex.toString());
        }
        return removed;
    }

    /** @return the session directories under {@code root} whose owner is alive. */
    public static List<Path> liveSessions(final Path root)
    {
        final List<Path> live = new ArrayList<>();
        if (!Files.isDirectory(root))
        {
            return live;
        }
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(root))
        {
            for (final Path dir : sessions)
            {
                final Optional<SessionId> id = SessionId.parse(dir.getFileName().toString());
                if (id.isPresent() && id.get().isOwnerAlive())
                {
                    live.add(dir);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("could not list {}: {}", root, ex.toString());
        }
        live.sort(null);
        return live;
    }
}
