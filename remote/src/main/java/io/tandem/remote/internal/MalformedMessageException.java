package io.tandem.remote.internal;

/** A message that does not parse (truncated, bad lengths, garbage): refused and logged, never fatal to the reader. */
public final class MalformedMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(final String problem)
    {
        super(problem);
    }
}
