package io.tandem.internal.channel;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.runtime.FileModes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the Chronicle Queues of a process: binary wire, Tandem's roll cycle and block size, files 0600,
 * {@code metadata.cq4t} backed before Chronicle writes it (see {@link QueueSpace}), and, on the reading side,
 * each file deleted once the reader has moved past it (the writer is always ahead of its reader, so it is done
 * with it too). That keeps tmpfs use to about one roll cycle.
 */
public final class Queues
{
    private static final Logger LOG = LoggerFactory.getLogger(Queues.class);

    private Queues()
    {
    }

    /**
     * @param dir                 the queue directory (created 0700 if missing; its parent must exist).
     * @param rollCycle           roll cycle name, see {@link QueueRollCycles#forName}.
     * @param blockSize           Chronicle block size.
     * @param timeProvider        the clock that decides the cycle (tests inject one), null for the system clock.
     * @param deletePassedFiles   true on the reading side. (The writing side opens its queue through
     *                            {@link QueueSender#open}, which backs what Chronicle writes.)
     * @return the open queue.
     */
    public static SingleChronicleQueue open(final Path dir, final String rollCycle, final long blockSize,
        final TimeProvider timeProvider, final boolean deletePassedFiles)
    {
        FileModes.ensureDirectory(dir);
        QueueSpace.backMetadata(dir); // Chronicle writes it as it opens the queue
        final PassedFileDeleter listener = new PassedFileDeleter(deletePassedFiles);
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(QueueRollCycles.forName(rollCycle))
            .blockSize(blockSize)
            // tmpfs has no disk to sync to; and Chronicle's msync on release would load its native binding
            // (tenths of a second of CPU) just as a backend exits
            .syncMode(SyncMode.NONE)
            .storeFileListener(listener);
        if (timeProvider != null)
        {
            builder.timeProvider(timeProvider);
        }
        final SingleChronicleQueue queue;
        try
        {
            queue = builder.build();
        }
        catch (final RuntimeException ex)
        {
            throw new RuntimeDirectoryException(dir, "cannot open a Chronicle Queue there (" + ex + ")",
                "Check that the file system has room and the directory is writable by this user", ex);
        }
        listener.queue = queue;
        restrictAll(dir);
        return queue;
    }

    private static void restrictAll(final Path dir)
    {
        try (var files = Files.list(dir))
        {
            files.forEach(FileModes::restrictFile);
        }
        catch (final Exception ignored)
        {
            // a file rolled away meanwhile; the 0700 directory guards the rest
        }
    }

    /** Restricts each new file to its owner; on the reading side deletes files the reader has passed. */
    private static final class PassedFileDeleter implements StoreFileListener
    {
        private final boolean deletePassedFiles;
        private volatile SingleChronicleQueue queue;

        PassedFileDeleter(final boolean deletePassedFiles)
        {
            this.deletePassedFiles = deletePassedFiles;
        }

        @Override
        public void onAcquired(final int cycle, final File file)
        {
            FileModes.restrictFile(file.toPath());
        }

        @Override
        public void onReleased(final int cycle, final File file)
        {
            final SingleChronicleQueue q = queue;
            // Only a cycle older than the newest file: the reader released it because it moved on, not
            // because it is closing or still waiting at the end of the newest one.
            try
            {
                if (deletePassedFiles && q != null && !q.isClosed() && cycle < q.lastCycle())
                {
                    if (!file.delete() && file.exists())
                    {
                        LOG.warn("could not delete passed queue file {}", file);
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("queue closed while releasing {}: {}", file, ex.toString());
            }
        }
    }
}
