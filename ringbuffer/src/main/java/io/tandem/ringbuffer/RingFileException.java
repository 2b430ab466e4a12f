package io.tandem.ringbuffer;

import java.nio.file.Path;

/**
 * A ring file cannot be created or attached: it is missing, already exists, is not a Tandem ring, has another
 * layout version, is truncated, has another geometry than asked for, or cannot be read. The message names the
 * path and the problem.
 */
public final class RingFileException extends RingBufferException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public RingFileException(final Path path, final String problem)
    {
        super("ring buffer " + path + ": " + problem);
        this.path = path;
    }

    public RingFileException(final Path path, final String problem, final Throwable cause)
    {
        super("ring buffer " + path + ": " + problem, cause);
        this.path = path;
    }

    /** @return the file the problem is about. */
    public Path path()
    {
        return path;
    }
}
