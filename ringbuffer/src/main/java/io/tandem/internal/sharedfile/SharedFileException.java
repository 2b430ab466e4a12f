package io.tandem.internal.sharedfile;

import java.nio.file.Path;

/**
 * A shared file cannot be created or attached. {@link #kind()} says why, so that each file kind can report it in its
 * own exception type and words; {@link #problem()} is a phrase that reads after the path ("/dev/shm/x: is truncated
 * ...").
 */
public final class SharedFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind
    {
        /** No file of that name (after the attach timeout). */
        MISSING,
        /** The file is there but not ready: empty, zeroed, or its creator has not finished (after the timeout). */
        NOT_READY,
        /** It does not start with the expected magic: another kind of file, or garbage. */
        WRONG_MAGIC,
        /** It has the expected magic but another layout version. */
        WRONG_VERSION,
        /** It is shorter than its header says (or than the header itself). */
        TRUNCATED,
        /** Its common header is inconsistent (a ready word or a file length no creator writes). */
        CORRUPT,
        /** The file system has no room for it. */
        NO_SPACE,
        /** Any other I/O failure (permissions, mapping). */
        IO
    }

    private final transient Path path;
    private final Kind kind;
    private final String problem;

    public SharedFileException(final Path path, final Kind kind, final String problem, final Throwable cause)
    {
        super(path + ": " + problem, cause);
        this.path = path;
        this.kind = kind;
        this.problem = problem;
    }

    /** @return the file (its final name, even when a temporary file failed). */
    public Path path()
    {
        return path;
    }

    /** @return why. */
    public Kind kind()
    {
        return kind;
    }

    /** @return what is wrong, without the path. */
    public String problem()
    {
        return problem;
    }
}
