package io.tandem;

import io.tandem.internal.channel.StubTarget;
import io.tandem.internal.channel.TieredWriter;
import io.tandem.internal.channel.WriterStubs;

import java.lang.reflect.Method;
import java.nio.BufferOverflowException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the stub {@code backend(Commands.class)} returns calls (see {@link WriterStubs}): a command goes to the
 * command writer of the process's current link, a method with a result becomes a call. As {@link CommandProxy}
 * does, it asks for the link at every call, so a stub taken before a restart keeps working after it.
 */
final class CommandTarget extends StubTarget
{
    private final Class<?> type;
    private final Supplier<FrontendLink> link;
    private final Duration timeout;
    /** Each method's call shape, by the stub's method index; null for a command (no result). */
    private final CallShape[] shapes;
    /** The link last written through and its writer (one field: read whole by any thread). */
    private volatile Bound bound;

    CommandTarget(final Class<?> type, final Supplier<FrontendLink> link, final Duration timeout)
    {
        this.type = type;
        this.link = link;
        this.timeout = timeout;
        final Method[] methods = WriterStubs.methods(type);
        this.shapes = new CallShape[methods.length];
        for (int i = 0; i < methods.length; i++)
        {
            shapes[i] = methods[i].getReturnType() == void.class ? null : CallShape.of(methods[i]);
        }
    }

    @Override
    public Object writer()
    {
        return writerOf(link.get()).target();
    }

    private TieredWriter writerOf(final FrontendLink current)
    {
        final Bound b = bound;
        if (b != null && b.link == current)
        {
            return b.writer;
        }
        final TieredWriter writer = current.commandWriter(type);
        bound = new Bound(current, writer);
        return writer;
    }

    @Override
    public void retryStaged(final BufferOverflowException overflow)
    {
        // the writer the stub just used (not the link's now: a restart between the two would stage the new queue's
        // next message and retry on the old writer)
        final Bound b = bound;
        if (b == null)
        {
            throw overflow;
        }
        b.writer.retryStaged(overflow);
    }

    @Override
    public Object call(final int method, final Object[] args)
    {
        final CallShape shape = shapes[method];
        final Calls calls = link.get().calls();
        return shape.async ? calls.callAsync(shape, args, timeout) : calls.call(shape, args, timeout);
    }

    @Override
    public String describe()
    {
        return "commands of " + type.getSimpleName();
    }

    /** A link and its command writer of this interface. */
    private static final class Bound
    {
        final FrontendLink link;
        final TieredWriter writer;

        Bound(final FrontendLink link, final TieredWriter writer)
        {
            this.link = link;
            this.writer = writer;
        }
    }
}
