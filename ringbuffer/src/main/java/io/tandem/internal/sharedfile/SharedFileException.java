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
    private final long fileSize;
    private final long declaredLength;

    public SharedFileException(final Path path, final Kind kind, final String problem, final Throwable cause)
    {
        this(path, kind, problem, cause, -1, -1);
    }

    /** A {@link Kind#TRUNCATED} file: {@code fileSize} bytes where its header says {@code declaredLength}. */
    public SharedFileException(final Path path, final Kind kind, final String problem, final Throwable cause,
        final long fileSize, final long declaredLength)
    {
        super(path + ": " + problem, cause);
        this.path = path;
        this.kind = kind;
        this.problem = problem;
        this.fileSize = fileSize;
        this.declaredLength = declaredLength;
    }

    /** @return the file's size when it was found truncated, or -1. */
    public long fileSize()
    {
        return fileSize;
    }

    /** @return the length the truncated file's header states, or -1 (shorter than the header itself). */
    public long declaredLength()
    {
        return declaredLength;
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
