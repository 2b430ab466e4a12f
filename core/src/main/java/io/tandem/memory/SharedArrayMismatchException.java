package io.tandem.memory;

import io.tandem.failure.TandemException;

import java.nio.file.Path;

/**
 * A shared array exists under the name asked for, but with another element type or shape than the caller
 * expects. The message says both, e.g. {@code shared array 'm' (...) is INT[200, 200], expected DOUBLE[100, 100]}.
 */
public final class SharedArrayMismatchException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String expected;
    private final String found;

    SharedArrayMismatchException(final String name, final Path path, final String expected, final String found)
    {
        super("shared array '" + name + "' (" + path + ") is " + found + ", expected " + expected +
            ": attach with the type and shape it was created with, or use another name");
        this.path = path;
        this.expected = expected;
        this.found = found;
    }

    /** @return the array file. */
    public Path path()
    {
        return path;
    }

    /** @return the type and shape asked for, e.g. {@code DOUBLE[100, 100]}. */
    public String expected()
    {
        return expected;
    }

    /** @return the type and shape the file has. */
    public String found()
    {
        return found;
    }
}
