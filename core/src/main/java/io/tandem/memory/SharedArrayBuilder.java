package io.tandem.memory;

import io.tandem.internal.runtime.Names;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The factory of {@link SharedArray}s: every way to open one, and the wire form in which an array travels to a
 * backend. {@link SharedArray#create}, {@link SharedArray#attach} and {@link SharedArray#createOrAttach} are
 * one-line entry points over it; take a builder ({@link SharedArray#builder}) for the less common options.
 *
 * <pre>{@code
 * SharedArray a = SharedArray.builder("frame")
 *     .elementType(ElementType.FLOAT).shape(480, 640)
 *     .attachTimeout(Duration.ofSeconds(2))          // its creator may not have made it yet
 *     .attach();
 * }</pre>
 *
 * <p>Opening takes a hold on the session directory ({@code <session>/arrays/<name>}) that the array's
 * {@link SharedArray#close()} releases; a failed open releases it at once. A builder is not thread-safe; the
 * arrays it opens are independent of it.
 */
public final class SharedArrayBuilder
{
    private final String name;
    private ElementType type;
    private long[] shape;
    private Duration attachTimeout = Duration.ZERO;

    SharedArrayBuilder(final String name)
    {
        this.name = Names.validate("array name", name);
    }

    /** The element type: required to create; when attaching, null accepts any. */
    public SharedArrayBuilder elementType(final ElementType elementType)
    {
        this.type = elementType;
        return this;
    }

    /** The dimensions, outermost first: required to create; when attaching, null accepts any. */
    public SharedArrayBuilder shape(final long... dims)
    {
        this.shape = dims == null ? null : dims.clone();
        return this;
    }

    /** How long {@link #attach()} waits for the array to appear (default 0: fail at once). */
    public SharedArrayBuilder attachTimeout(final Duration timeout)
    {
        if (timeout.isNegative())
        {
            throw new IllegalArgumentException("attach timeout must not be negative: " + timeout);
        }
        this.attachTimeout = timeout;
        return this;
    }

    /** Creates the array; see {@link SharedArray#create}. */
    public SharedArray create()
    {
        return open(Mode.CREATE, new SharedArray());
    }

    /** Attaches to the array; see {@link SharedArray#attach}. */
    public SharedArray attach()
    {
        return open(Mode.ATTACH, new SharedArray());
    }

    /** Creates the array or attaches to it; see {@link SharedArray#createOrAttach}. */
    public SharedArray createOrAttach()
    {
        return open(Mode.CREATE_OR_ATTACH, new SharedArray());
    }

    private enum Mode
    {
        CREATE, ATTACH, CREATE_OR_ATTACH
    }

    /** Opens the file and binds {@code target}, a new unattached instance, to it. */
    private SharedArray open(final Mode mode, final SharedArray target)
    {
        if (shape != null)
        {
            SharedArrayDescriptor.length(shape); // validates before anything is touched
        }
        if (mode != Mode.ATTACH && (type == null || shape == null))
        {
            throw new IllegalArgumentException("creating shared array '" + name + "' needs its " +
                (type == null ? "element type" : "shape"));
        }
        final Session session = Session.acquire();
        try
        {
            final Path path = session.resourceDirectory(SharedArray.DIRECTORY).resolve(name);
            final ArrayFile file = mode == Mode.ATTACH ?
                ArrayFile.attach(path, name, type, shape, attachTimeout) :
                ArrayFile.create(path, name, type, shape, mode == Mode.CREATE_OR_ATTACH);
            target.bind(name, file, session);
            return target;
        }
        catch (final RuntimeException | Error ex)
        {
            session.release();
            throw ex;
        }
    }

    // ------------------------------------------------------------------------------------------ shipping
    // An array travels as its identity (name, type, shape), never its elements: the receiver attaches by name.

    /** Writes what a backend needs to attach: {@code name}, {@code type} and {@code shape}. */
    static void writeIdentity(final WireOut wire, final String name, final ElementType type, final long[] shape)
    {
        wire.write("name").text(name);
        wire.write("type").text(type.name());
        wire.write("shape").sequence(shape, (dims, out) ->
        {
            for (final long dim : dims)
            {
                out.int64(dim);
            }
        });
    }

    /** Reads what {@link #writeIdentity} wrote and attaches {@code target}, a new unattached instance, as a client. */
    static void attachFrom(final WireIn wire, final SharedArray target)
    {
        final String arrayName = wire.read("name").text();
        final String typeName = wire.read("type").text();
        final List<Long> dims = new ArrayList<>();
        wire.read("shape").sequence(dims, (list, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                list.add(in.int64());
            }
        });
        final ElementType arrayType;
        try
        {
            arrayType = ElementType.valueOf(typeName);
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            throw new IllegalArgumentException("shared array '" + arrayName + "' arrived with an unknown element type '" +
                typeName + "'", ex);
        }
        new SharedArrayBuilder(arrayName).elementType(arrayType).shape(dims.stream().mapToLong(Long::longValue).toArray())
            .open(Mode.ATTACH, target);
    }
}
