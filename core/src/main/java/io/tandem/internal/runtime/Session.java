package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The directory one frontend JVM shares with its backends: {@code <root>/<pid>-<startMillis>/}, 0700.
 *
 * <pre>
 * &lt;root&gt;/&lt;pid&gt;-&lt;startMillis&gt;/
 *     session.yaml            owner pid, start time, user, command
 *     &lt;process-name&gt;/cmd/     Chronicle Queue, frontend -&gt; backend
 *     &lt;process-name&gt;/reply/   Chronicle Queue, backend -&gt; frontend
 *     arrays/ rings/ events/  shared arrays, ring buffers, event groups
 * </pre>
 *
 * Reference counted: every started process and every shared resource holds the session; when the last
 * lets go the directory is deleted, and the JVM's exit deletes it too. A backend JVM does not own a
 * session: it attaches to its frontend's ({@value #SESSION_PROPERTY}), so whatever it creates lands in the
 * directory the frontend removes.
 *
 * <pre>{@code
 * Session session = Session.acquire();
 * try {
 *     Path dir = session.resourceDirectory("arrays");
 * } finally {
 *     session.release();
 * }
 * }</pre>
 */
public final class Session
{
    /** System property a backend JVM gets: the session directory of its frontend. */
    public static final String SESSION_PROPERTY = "tandem.session";
    /** Name of the owner's description file in the session directory. */
    public static final String INFO_FILE = "session.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final Object LOCK = new Object();
    private static final Deque<AutoCloseable> AT_EXIT = new ArrayDeque<>();
    private static Session current;
    private static int references;
    private static boolean sweptRoot;
    private static boolean hookInstalled;

    private final Path root;
    private final Path dir;
    private final boolean owned;
    private volatile ProcessTable processTable;
    /** The file system of {@link #dir}, found once: finding it reads the mount table (a session lives on one). */
    private volatile FileStore fileStore;
    private Registry registry;

    private Session(final Path root, final Path dir, final boolean owned)
    {
        this.root = root;
        this.dir = dir;
        this.owned = owned;
    }

    /**
     * Takes a reference on this JVM's session, creating its directory if needed. The first session of a
     * JVM also sweeps sessions whose owner died.
     *
     * @throws RuntimeDirectoryException if the runtime root cannot be used.
     */
    public static Session acquire()
    {
        synchronized (LOCK)
        {
            if (current == null)
            {
                current = open();
            }
            references++;
            return current;
        }
    }

    /** Gives back a reference; the last one deletes an owned session's directory. */
    public void release()
    {
        synchronized (LOCK)
        {
            if (current != this || references == 0)
            {
                return;
            }
            if (--references == 0)
            {
                current = null;
                if (owned)
                {
                    removeDirectories();
                }
            }
        }
    }

    /**
     * Runs {@code closeable} when the JVM exits (before the session directory is removed), unless it is
     * removed with {@link #cancelAtExit} first. Closeables run newest first.
     */
    public static void closeAtExit(final AutoCloseable closeable)
    {
        synchronized (LOCK)
        {
            installHook();
            AT_EXIT.push(closeable);
        }
    }

    /** Forgets a closeable given to {@link #closeAtExit}. */
    public static void cancelAtExit(final AutoCloseable closeable)
    {
        synchronized (LOCK)
        {
            AT_EXIT.remove(closeable);
        }
    }

    /** @return the session's process table, created on first use. */
    public ProcessTable processTable()
    {
        ProcessTable table = processTable;
        if (table == null)
        {
            synchronized (this)
            {
                table = processTable;
                if (table == null)
                {
                    table = ProcessTable.openOrCreate(dir);
                    processTable = table;
                }
            }
        }
        return table;
    }

    /** @return the session's registry of processes, opened on first use; the owner's to write. */
    public synchronized Registry registry()
    {
        if (registry == null)
        {
            registry = Registry.open(dir);
        }
        return registry;
    }

    /**
     * Checks that the session's file system has room for {@code bytes} more, as
     * {@link RuntimeRoot#checkFreeSpace(Path, long)} does, without reading the mount table each time.
     *
     * @throws RuntimeDirectoryException if it does not.
     */
    public void checkFreeSpace(final long bytes)
    {
        FileStore store = fileStore;
        if (store == null)
        {
            try
            {
                store = Files.getFileStore(dir);
            }
            catch (final IOException ex)
            {
                throw new RuntimeDirectoryException(dir, "cannot read its file system's free space (" + ex + ")",
                    "Check that the directory exists", ex);
            }
            fileStore = store;
        }
        RuntimeRoot.checkFreeSpace(store, dir, bytes);
    }

    /** @return the session directory. */
    public Path dir()
    {
        return dir;
    }

    /** @return the runtime root the session lives in. */
    public Path root()
    {
        return root;
    }

    /** @return true if this JVM owns (and will delete) the directory, false in a backend attached to it. */
    public boolean isOwned()
    {
        return owned;
    }

    /**
     * Creates the directory of a process; the name must be free in this session.
     *
     * @throws IllegalArgumentException if the name is invalid.
     * @throws IllegalStateException if a process of that name already runs in the session.
     */
    public Path reserveProcessDirectory(final String processName)
    {
        Names.validate("process name", processName);
        final Path processDir = ProcessDirectoryDescriptor.processDirectory(dir, processName);
        if (!FileModes.createDirectory(processDir))
        {
            throw new IllegalStateException("a process named '" + processName + "' already runs in session " + dir +
                ": process names must be unique in a session");
        }
        return processDir;
    }

    /** @return {@code <session>/<kind>}, created 0700 if missing (kind: arrays, rings, events). */
    public Path resourceDirectory(final String kind)
    {
        final Path resources = dir.resolve(kind);
        FileModes.ensureDirectory(resources);
        return resources;
    }

    private static Session open()
    {
        final String attached = System.getProperty(SESSION_PROPERTY);
        if (attached != null && !attached.isBlank())
        {
            final Path dir = Paths.get(attached);
            if (!Files.isDirectory(dir))
            {
                throw new RuntimeDirectoryException(dir, "the frontend's session directory is gone",
                    "The frontend has stopped; this backend will exit");
            }
            return new Session(dir.getParent(), dir, false);
        }
        final Path configured = RuntimeRoot.configured();
        for (int attempt = 1; ; attempt++)
        {
            final Path root = RuntimeRoot.ensure(configured);
            if (!sweptRoot)
            {
                sweptRoot = true;
                SessionSweeper.sweep(root);
            }
            final Path dir = root.resolve(SessionId.current().directoryName());
            try
            {
                FileModes.ensureDirectory(dir);
            }
            catch (final RuntimeDirectoryException ex)
            {
                if (attempt < 5 && ex.getCause() instanceof java.nio.file.NoSuchFileException)
                {
                    continue; // another JVM removed the empty root between our two steps: make it again
                }
                throw ex;
            }
            writeInfo(dir);
            installHook();
            return new Session(root, dir, true);
        }
    }

    /** Deletes the session directory, and the root too when no other session is left in it. */
    private void removeDirectories()
    {
        synchronized (this)
        {
            if (registry != null)
            {
                registry.close();
                registry = null;
            }
        }
        FileTrees.deleteRecursively(dir);
        try
        {
            Files.deleteIfExists(root);
        }
        catch (final IOException ex)
        {
            // not empty: other sessions live there (DirectoryNotEmptyException), or it is not ours to remove
        }
    }

    private static void writeInfo(final Path dir)
    {
        final ProcessHandle self = ProcessHandle.current();
        final String info = "pid: " + self.pid() + "\n" +
            "startMillis: " + SessionId.current().startMillis() + "\n" +
            "user: " + System.getProperty("user.name") + "\n" +
            "command: \"" + self.info().command().orElse("?").replace("\"", "'") + "\"\n" +
            "created: " + Instant.now() + "\n";
        final Path file = dir.resolve(INFO_FILE);
        try
        {
            Files.deleteIfExists(file);
            Files.createFile(file, FileModes.fileAttribute());
            Files.writeString(file, info, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(file, "cannot be written (" + ex + ")",
                "Check that the file system has room and the directory is writable", ex);
        }
    }

    private static void installHook()
    {
        if (hookInstalled)
        {
            return;
        }
        hookInstalled = true;
        final Thread hook = new Thread(Session::atExit, "tandem-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void atExit()
    {
        while (true)
        {
            final AutoCloseable next;
            synchronized (LOCK)
            {
                next = AT_EXIT.poll();
            }
            if (next == null)
            {
                break;
            }
            try
            {
                next.close();
            }
            catch (final Throwable t)
            {
                LOG.warn("at exit, closing {} failed: {}", next, t.toString());
            }
        }
        synchronized (LOCK)
        {
            if (current != null && current.owned)
            {
                current.removeDirectories();
                current = null;
                references = 0;
            }
        }
    }
}
