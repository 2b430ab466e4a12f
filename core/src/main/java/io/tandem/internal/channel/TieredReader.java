package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.bytes.MethodReaderInterceptorReturns;
import net.openhft.chronicle.wire.MarshallableIn;
import net.openhft.chronicle.wire.VanillaMethodReader;
import net.openhft.chronicle.wire.VanillaMethodReaderBuilder;
import net.openhft.chronicle.wire.WireParselet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Chronicle method reader that starts reflective and swaps itself for a generated one once it has
 * read enough documents (see {@link Codegen}). Both read the same tailer; the swap happens between two
 * reads, on the reading thread. Not thread-safe, as a method reader is not.
 */
public final class TieredReader
{
    private static final Logger LOG = LoggerFactory.getLogger(TieredReader.class);

    private final MarshallableIn in;
    private final WireParselet unknownEvent;
    private final MethodReaderInterceptorReturns interceptor;
    private final Object[] handlers;
    private MethodReader reader;
    private long reads;
    private boolean compileRequested;
    /** Written by the compiler thread, read by the reading thread (volatile: publishes the new reader). */
    private volatile MethodReader compiled;

    /**
     * @param in           the tailer.
     * @param unknownEvent called for events no handler has.
     * @param interceptor  wraps every handler invocation, may be null; one that is not null must generate its code
     *                     (a {@code GeneratingMethodReaderInterceptorReturns}).
     * @param handlers     objects whose interfaces' methods are the events.
     */
    public TieredReader(final MarshallableIn in, final WireParselet unknownEvent,
        final MethodReaderInterceptorReturns interceptor, final Object... handlers)
    {
        this.in = in;
        this.unknownEvent = unknownEvent;
        this.interceptor = new FreshArguments(interceptor); // handlers keep their arguments: see FreshArguments
        this.handlers = handlers.clone();
        final boolean canGenerate = Codegen.canGenerate(classesOf(this.handlers));
        if (Codegen.threshold() == 0 && canGenerate)
        {
            this.reader = generate();
            this.compileRequested = true;
        }
        else
        {
            this.reader = new VanillaMethodReader(in, false, unknownEvent, this.interceptor, null, this.handlers);
            this.compileRequested = !canGenerate; // stays reflective
        }
    }

    private static Class<?>[] classesOf(final Object[] objects)
    {
        final Class<?>[] classes = new Class<?>[objects.length];
        for (int i = 0; i < objects.length; i++)
        {
            classes[i] = objects[i].getClass();
        }
        return classes;
    }

    /**
     * Reads one document, dispatching its events.
     *
     * @return true if there was a document.
     */
    public boolean readOne()
    {
        final MethodReader swap = compiled;
        if (swap != null)
        {
            reader = swap;
            compiled = null;
        }
        final boolean read = reader.readOne();
        if (read && !compileRequested && ++reads >= Codegen.threshold())
        {
            compileRequested = true;
            Codegen.compileInBackground(() ->
            {
                final MethodReader generated = generate();
                if (!(generated instanceof VanillaMethodReader))
                {
                    compiled = generated;
                }
            });
        }
        return read;
    }

    private MethodReader generate()
    {
        try
        {
            final VanillaMethodReaderBuilder builder = in.methodReaderBuilder();
            builder.defaultParselet(unknownEvent);
            builder.methodReaderInterceptorReturns(interceptor);
            builder.multipleNonMarshallableParamTypes(false); // no object kept per class to decode the next one into
            return builder.build(handlers);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.debug("could not generate a method reader, staying reflective: {}", ex.toString());
            return new VanillaMethodReader(in, false, unknownEvent, interceptor, null, handlers);
        }
    }
}
