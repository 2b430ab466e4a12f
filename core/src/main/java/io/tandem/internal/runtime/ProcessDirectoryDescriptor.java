package io.tandem.internal.runtime;

import java.nio.file.Path;

/**
 * The files of one process in its session, named in one place: the frontend makes them, the backend opens them,
 * {@code tandem dump} reads them.
 *
 * <pre>
 *   &lt;session&gt;/                      the session directory (see {@link Session})
 *     &lt;process-name&gt;/               one per started process, made by the frontend (0700)
 *       cmd/                        the command queue: the start document first, then commands (frontend writes)
 *       reply/                      the reply queue: "started", replies, results, errors (backend writes)
 * </pre>
 *
 * A process's counters and doorbells are not here but in its slot of the session's process table.
 */
public final class ProcessDirectoryDescriptor
{
    /** Sub-directory of the process directory holding the command queue. */
    public static final String COMMAND_QUEUE = "cmd";
    /** Sub-directory of the process directory holding the reply queue. */
    public static final String REPLY_QUEUE = "reply";

    private ProcessDirectoryDescriptor()
    {
    }

    /** @return the directory of process {@code processName} in session {@code sessionDir}. */
    public static Path processDirectory(final Path sessionDir, final String processName)
    {
        return sessionDir.resolve(processName);
    }

    /** @return the session directory a process directory is in. */
    public static Path sessionDirectory(final Path processDir)
    {
        return processDir.getParent();
    }

    /** @return the command queue's directory. */
    public static Path commandQueue(final Path processDir)
    {
        return processDir.resolve(COMMAND_QUEUE);
    }

    /** @return the reply queue's directory. */
    public static Path replyQueue(final Path processDir)
    {
        return processDir.resolve(REPLY_QUEUE);
    }

    /** @return true if {@code name} is one of the queues a process directory holds. */
    public static boolean isQueueName(final String name)
    {
        return COMMAND_QUEUE.equals(name) || REPLY_QUEUE.equals(name);
    }
}
