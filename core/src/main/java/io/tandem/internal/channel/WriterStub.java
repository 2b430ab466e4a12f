package io.tandem.internal.channel;

/**
 * The superclass of every stub {@link WriterStubs} defines: holds the target its methods call. Identity
 * {@code equals} and {@code hashCode} (Object's), and a {@code toString} that says what it is, as Tandem's
 * dynamic proxies do.
 */
abstract class WriterStub
{
    /** Read by the generated methods (a field, not a method: one load on every call). */
    final StubTarget target;

    WriterStub(final StubTarget target)
    {
        this.target = target;
    }

    @Override
    public final String toString()
    {
        return target.describe();
    }
}
