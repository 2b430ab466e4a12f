package io.tandem.failure;

import java.nio.file.Path;

/**
 * A file or directory of Tandem's runtime layout cannot be used: missing, owned by someone else, with the
 * wrong permissions, of the wrong size, or on a file system without room. The message names the path and
 * says what to do.
 */
public final class RuntimeDirectoryException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public RuntimeDirectoryException(final Path path, final String problem, final String remedy)
    {
        super(path + ": " + problem + ". " + remedy);
        this.path = path;
    }

    public RuntimeDirectoryException(final Path path, final String problem, final String remedy, final Throwable cause)
    {
        super(path + ": " + problem + ". " + remedy, cause);
        this.path = path;
    }

    /** @return the path that could not be used. */
    public Path path()
    {
        return path;
    }
}
