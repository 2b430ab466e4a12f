package io.tandem.failure;

/**
 * Base of every exception Tandem throws on purpose. Unchecked: the failures it stands for (a backend that
 * died, a reply that did not come, a directory that cannot be used) are answered by the caller's design,
 * not by a catch at each call.
 */
public class TandemException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public TandemException(final String message)
    {
        super(message);
    }

    public TandemException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
