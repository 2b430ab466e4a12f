package io.tandem.memory;

import io.tandem.internal.runtime.Names;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

/**
 * A named, typed, shaped array of numbers in shared memory: a file under the session directory
 * ({@code <session>/arrays/<name>}, on tmpfs) mapped by every process that uses it, so a frontend and its
 * backends see the same elements without copying. The Java counterpart of the tutorial's
 * {@code shared_memory.SharedMemory} wrapped in a NumPy array.
 *
 * <p><b>Server and client.</b> The side that creates an array is its <em>server</em> and owns the file: its
 * {@link #close()} removes it. The other side <em>attaches</em> by name as a client, stating the type and shape it
 * expects (checked: a mismatch is a {@link SharedArrayMismatchException}); a client's close only unmaps. A process
 * that still maps a removed array keeps its memory until it closes it. Either side may create.
 *
 * <pre>{@code
 * // tutorial example 4: created in the constructor, shipped to the backend, attached there as a client
 * public class MyProcess extends MessageProcess implements ReadWrite {
 *     private final SharedArray array;                       // not transient: it travels by name
 *
 *     public MyProcess(String name) {
 *         super(name);
 *         array = SharedArray.create("my-shm-1", ElementType.DOUBLE, 100, 100);
 *         array.fillDouble(1.0);
 *     }
 *
 *     @Override public void readWrite() {                    // runs in the backend, on the same memory
 *         array.fillDouble(3.0);
 *         sendOut(new MessageObject("done"));
 *     }
 *
 * }   // the array closes with the process: the backend's client side when it ends, the file at close()
 *
 * // example 5: on demand; the backend attaches when told the name, type and shape
 * SharedArray a = SharedArray.create("frame-7", ElementType.FLOAT, 480, 640);
 * p.backend(Frames.class).attach("frame-7", ElementType.FLOAT, new long[] {480, 640});
 * ...                                    // in the backend: SharedArray.attach(name, type, shape)
 * }</pre>
 *
 * <p><b>Elements.</b> Row-major (C order) like NumPy: {@code getDouble(i, j)} is element {@code i * cols + j}.
 * Accessors are per element type ({@code getLong}, {@code setFloat}, ...) and check the index and the type
 * (using another type's accessor throws {@link UnsupportedOperationException}; {@link #bytesStore()} gives untyped
 * access). Indices are {@code long}: arrays larger than 2 GiB work. The accessors allocate nothing and compile to
 * one unsigned compare and one load or store.
 *
 * <p><b>Visibility between processes.</b> Plain accessors ({@code get}/{@code set}, bulk copies, fills) carry no
 * ordering of their own. What one process wrote before a <em>synchronising event</em> is visible to the other
 * after it: a command or reply read from a Tandem queue (the queue's append ends with a release store, its read
 * starts with an acquire load), an EventGroup/SyncIndex wait that returned, or one of this class's ordered
 * accessors ({@link #setLongRelease} seen by {@link #getLongVolatile}, likewise for {@code int} and
 * {@code double}; {@link #compareAndSetLong} and {@link #getAndAddLong} are full fences). So "write the array,
 * then send a command; the backend reads it in the handler" needs nothing more, and neither does "the backend
 * writes, then replies; the frontend reads after {@code receive}". Two processes writing the same elements at
 * the same time without such an event race, as threads would.
 *
 * <p><b>Threads and lifetime.</b> Accessors may be used from any number of threads; hand the array object itself
 * to another thread safely (a final or volatile field, a concurrent collection, starting the thread), as any
 * mutable object. {@link #close()} unmaps the memory: it must not run while another thread still uses the array or
 * a view of it (afterwards accessors and views throw, but a use already under way would touch unmapped memory,
 * as with any off-heap buffer).
 *
 * <p><b>Shipping.</b> A {@code SharedArray} in a non-transient field of a {@code MessageProcess} travels to the
 * backend at {@code start()} as its name, type and shape ({@link #writeMarshallable}) and attaches there as a
 * client ({@link #readMarshallable}): no element is copied. To hand an array over at run time, send its name,
 * type and shape in a command and attach in the handler.
 */
public final class SharedArray implements Marshallable, io.tandem.ProcessResource
{
    /** The session's sub-directory holding array files. */
    public static final String DIRECTORY = "arrays";

    /** Unsafe's bulk operations do not reach a safepoint: large ones go in pieces so a GC never waits long. */
    private static final long COPY_CHUNK = 1L << 20;
    private static final long BUFFER_ADDRESS = bufferAddressOffset();

    // Hot state, read by every accessor. Exactly one limit equals the length, the one of the element type, and
    // the others are 0: a single unsigned compare rejects a negative index, one past the end, an accessor of
    // another type and (all zero after close) a closed array.
    private transient long data;
    private transient long byteLimit;
    private transient long shortLimit;
    private transient long intLimit;
    private transient long longLimit;
    private transient long floatLimit;
    private transient long doubleLimit;
    // The dims of a rank-2 (rank-3) array for index(i, j) (index(i, j, k)); 0 for other ranks, which makes the
    // bounds check reject those calls too.
    private transient long rows2;
    private transient long cols2;
    private transient long planes3;
    private transient long rows3;
    private transient long cols3;

    // What travels to a backend. Assigned once: by the factory methods, or by readMarshallable in a backend's
    // copy (Chronicle Wire makes that copy with the no-argument constructor, so these cannot be final).
    private String name;
    private ElementType type;
    private long[] shape;

    private transient long length;
    private transient long byteSize;
    private transient long[] strides;
    private transient ArrayFile file;
    private transient Session session;
    private transient PointerBytesStore store;
    private transient AutoCloseable removeAtExit;
    private transient boolean closed;

    /** For Chronicle Wire only: an unattached instance that {@link #readMarshallable} attaches. */
    private SharedArray()
    {
    }

    // ------------------------------------------------------------------------------------------ opening

    /**
     * Creates an array (this side is its server) with every element 0.
     *
     * <pre>{@code
     * try (SharedArray m = SharedArray.create("matrix", ElementType.DOUBLE, 100, 100)) { m.setDouble(3, 4, 1.5); }
     * }</pre>
     *
     * @param name  1 to 64 characters from {@code A-Z a-z 0-9 . _ -}, unique among the session's arrays.
     * @param type  the element type.
     * @param shape the dimensions, outermost first, each at least 1 (1 to {@value SharedArrayDescriptor#MAX_RANK}).
     * @throws IllegalArgumentException if the name or shape is invalid.
     * @throws io.tandem.failure.RuntimeDirectoryException if the name is taken in this session, or the file
     *                                                      system has no room (the message says what to do).
     */
    public static SharedArray create(final String name, final ElementType type, final long... shape)
    {
        return builder(name).elementType(type).shape(shape).create();
    }

    /**
     * Attaches to an existing array as a client, checking its type and shape.
     *
     * @throws SharedArrayMismatchException if it has another type or shape (the message says both).
     * @throws io.tandem.failure.RuntimeDirectoryException if no array has that name in the session.
     */
    public static SharedArray attach(final String name, final ElementType type, final long... shape)
    {
        return builder(name).elementType(type).shape(shape).attach();
    }

    /**
     * Creates the array, or attaches to it if it exists (then its type and shape are checked): for peers that
     * may start in either order. The caller is the server only if it created the file ({@link #isOwner()}).
     */
    public static SharedArray createOrAttach(final String name, final ElementType type, final long... shape)
    {
        return builder(name).elementType(type).shape(shape).createOrAttach();
    }

    /**
     * @param name the array name.
     * @return a builder for the less common options (waiting for a creator, attaching without knowing the shape).
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * Options for opening an array.
     *
     * <pre>{@code
     * SharedArray a = SharedArray.builder("frame")
     *     .elementType(ElementType.FLOAT).shape(480, 640)
     *     .attachTimeout(Duration.ofSeconds(2))          // its creator may not have made it yet
     *     .attach();
     * }</pre>
     */
    public static final class Builder
    {
        private final String name;
        private ElementType type;
        private long[] shape;
        private Duration attachTimeout = Duration.ZERO;

        private Builder(final String name)
        {
            this.name = Names.validate("array name", name);
        }

        /** The element type: required to create; when attaching, null accepts any. */
        public Builder elementType(final ElementType elementType)
        {
            this.type = elementType;
            return this;
        }

        /** The dimensions, outermost first: required to create; when attaching, null accepts any. */
        public Builder shape(final long... dims)
        {
            this.shape = dims == null ? null : dims.clone();
            return this;
        }

        /** How long {@link #attach()} waits for the array to appear (default 0: fail at once). */
        public Builder attachTimeout(final Duration timeout)
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
            return open(Mode.CREATE);
        }

        /** Attaches to the array; see {@link SharedArray#attach}. */
        public SharedArray attach()
        {
            return open(Mode.ATTACH);
        }

        /** Creates the array or attaches to it; see {@link SharedArray#createOrAttach}. */
        public SharedArray createOrAttach()
        {
            return open(Mode.CREATE_OR_ATTACH);
        }

        private SharedArray open(final Mode mode)
        {
            return open(mode, new SharedArray());
        }

        /** Opens the file and attaches {@code target}, a new unattached instance, to it. */
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
                final Path path = session.resourceDirectory(DIRECTORY).resolve(name);
                final ArrayFile file = mode == Mode.ATTACH ?
                    ArrayFile.attach(path, name, type, shape, attachTimeout) :
                    ArrayFile.create(path, name, type, shape, mode == Mode.CREATE_OR_ATTACH);
                target.attach(name, file, session);
                return target;
            }
            catch (final RuntimeException | Error ex)
            {
                session.release();
                throw ex;
            }
        }
    }

    private enum Mode
    {
        CREATE, ATTACH, CREATE_OR_ATTACH
    }

    private void attach(final String arrayName, final ArrayFile arrayFile, final Session arraySession)
    {
        final ArrayHeader header = arrayFile.header;
        this.name = arrayName;
        this.type = header.type;
        this.shape = header.shape.clone();
        this.length = header.length;
        this.byteSize = header.dataLength;
        this.strides = strides(shape);
        this.file = arrayFile;
        this.session = arraySession;
        this.data = arrayFile.dataAddress();
        this.store = new PointerBytesStore();
        store.set(data, byteSize);
        store.singleThreadedCheckDisabled(true);
        if (arrayFile.owner)
        {
            // at exit the file goes, but the memory stays mapped: other threads may still run during shutdown
            removeAtExit = arrayFile::delete;
            Session.closeAtExit(removeAtExit);
        }
        if (shape.length == 2)
        {
            rows2 = shape[0];
            cols2 = shape[1];
        }
        else if (shape.length == 3)
        {
            planes3 = shape[0];
            rows3 = shape[1];
            cols3 = shape[2];
        }
        switch (type)
        {
            case BYTE:
                byteLimit = length;
                break;
            case SHORT:
                shortLimit = length;
                break;
            case INT:
                intLimit = length;
                break;
            case LONG:
                longLimit = length;
                break;
            case FLOAT:
                floatLimit = length;
                break;
            case DOUBLE:
                doubleLimit = length;
                break;
            default:
                throw new AssertionError(type);
        }
    }

    private static long[] strides(final long[] dims)
    {
        final long[] strides = new long[dims.length];
        long stride = 1;
        for (int axis = dims.length - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= dims[axis];
        }
        return strides;
    }

    // ------------------------------------------------------------------------------------------ shipping

    /** Writes the name, type and shape: what a backend needs to attach. */
    @Override
    public void writeMarshallable(final WireOut wire)
    {
        if (isClosed())
        {
            throw new IllegalStateException("shared array '" + name + "' is closed: only an open array can be shipped");
        }
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

    /**
     * Reads a name, type and shape and attaches this (new, unattached) instance to that array as a client: how
     * a field of a process reaches its backend.
     *
     * @throws IllegalStateException if this instance is already attached (or was closed).
     */
    @Override
    public void readMarshallable(final WireIn wire)
    {
        if (file != null || closed)
        {
            throw new IllegalStateException("shared array '" + name + "' is already attached: Chronicle Wire can only read " +
                "a shared array into a new instance (hand arrays over at run time by name, type and shape)");
        }
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
        builder(arrayName).elementType(arrayType).shape(dims.stream().mapToLong(Long::longValue).toArray())
            .open(Mode.ATTACH, this);
    }

    /** Not supported: an attached array cannot be reset to an empty one. */
    @Override
    public void reset()
    {
        throw new UnsupportedOperationException("a shared array cannot be reset; close it and open another");
    }

    // ------------------------------------------------------------------------------------------ describing

    /** @return the array's name in the session. */
    public String name()
    {
        return name;
    }

    /** @return the element type. */
    public ElementType elementType()
    {
        return type;
    }

    /** @return a copy of the dimensions, outermost first. */
    public long[] shape()
    {
        return shape.clone();
    }

    /** @return the number of dimensions. */
    public int rank()
    {
        return shape.length;
    }

    /** @return the size of dimension {@code axis}. */
    public long dim(final int axis)
    {
        return shape[axis];
    }

    /** @return the number of elements, the product of the dimensions. */
    public long length()
    {
        return length;
    }

    /** @return the bytes the elements take: {@code length() * elementType().size()}. */
    public long byteSize()
    {
        return byteSize;
    }

    /** @return the array file, {@code <session>/arrays/<name>}. */
    public Path path()
    {
        return file == null ? null : file.path;
    }

    /** @return true on the server side (this process created the file and its close removes it). */
    public boolean isOwner()
    {
        return file != null && file.owner;
    }

    /** @return the pid of the process that created the file. */
    public long creatorPid()
    {
        return file == null ? 0 : file.header.creatorPid;
    }

    /** @return true once closed. */
    public boolean isClosed()
    {
        return closed || file == null;
    }

    // ------------------------------------------------------------------------------------------ indices

    /**
     * @return the flat index of element {@code (i, j)} of a 2-D array: {@code i * dim(1) + j}.
     * @throws IndexOutOfBoundsException if {@code i} or {@code j} is out of its dimension.
     * @throws IllegalArgumentException if the array is not 2-D.
     */
    public long index(final long i, final long j)
    {
        if (Long.compareUnsigned(i, rows2) >= 0 || Long.compareUnsigned(j, cols2) >= 0)
        {
            throw indexFailure(new long[] {i, j});
        }
        return i * cols2 + j;
    }

    /**
     * @return the flat index of element {@code (i, j, k)} of a 3-D array.
     * @throws IndexOutOfBoundsException if an index is out of its dimension.
     * @throws IllegalArgumentException if the array is not 3-D.
     */
    public long index(final long i, final long j, final long k)
    {
        if (Long.compareUnsigned(i, planes3) >= 0 || Long.compareUnsigned(j, rows3) >= 0 || Long.compareUnsigned(k, cols3) >= 0)
        {
            throw indexFailure(new long[] {i, j, k});
        }
        return (i * rows3 + j) * cols3 + k;
    }

    /**
     * @param indices one index per dimension, outermost first.
     * @return the flat (row-major) index of that element.
     * @throws IndexOutOfBoundsException if an index is out of its dimension.
     * @throws IllegalArgumentException if the number of indices is not the rank.
     */
    public long index(final long... indices)
    {
        final long[] dims = shape;
        if (isClosed() || indices.length != dims.length)
        {
            throw indexFailure(indices);
        }
        long flat = 0;
        for (int axis = 0; axis < indices.length; axis++)
        {
            if (Long.compareUnsigned(indices[axis], dims[axis]) >= 0)
            {
                throw indexFailure(indices);
            }
            flat += indices[axis] * strides[axis];
        }
        return flat;
    }

    // ------------------------------------------------------------------------------------------ byte

    /**
     * @param index flat (row-major) index.
     * @return element {@code index} of a {@link ElementType#BYTE} array (a plain load).
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code byte}.
     * @throws IllegalStateException if the array is closed.
     */
    public byte getByte(final long index)
    {
        if (Long.compareUnsigned(index, byteLimit) >= 0)
        {
            throw accessFailure(index, ElementType.BYTE);
        }
        return UNSAFE.getByte(data + index);
    }

    /**
     * Sets element {@code index} of a {@link ElementType#BYTE} array (a plain store).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code byte}.
     * @throws IllegalStateException if the array is closed.
     */
    public void setByte(final long index, final byte value)
    {
        if (Long.compareUnsigned(index, byteLimit) >= 0)
        {
            throw accessFailure(index, ElementType.BYTE);
        }
        UNSAFE.putByte(data + index, value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#BYTE} array; see {@link #index(long, long)}. */
    public byte getByte(final long i, final long j)
    {
        return getByte(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#BYTE} array; see {@link #index(long, long)}. */
    public void setByte(final long i, final long j, final byte value)
    {
        setByte(index(i, j), value);
    }

    /** @return the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public byte getByte(final long[] index)
    {
        return getByte(index(index));
    }

    /** Sets the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public void setByte(final long[] index, final byte value)
    {
        setByte(index(index), value);
    }

    // ------------------------------------------------------------------------------------------ short

    /**
     * @param index flat (row-major) index.
     * @return element {@code index} of a {@link ElementType#SHORT} array (a plain load).
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code short}.
     * @throws IllegalStateException if the array is closed.
     */
    public short getShort(final long index)
    {
        if (Long.compareUnsigned(index, shortLimit) >= 0)
        {
            throw accessFailure(index, ElementType.SHORT);
        }
        return UNSAFE.getShort(data + (index << 1));
    }

    /**
     * Sets element {@code index} of a {@link ElementType#SHORT} array (a plain store).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code short}.
     * @throws IllegalStateException if the array is closed.
     */
    public void setShort(final long index, final short value)
    {
        if (Long.compareUnsigned(index, shortLimit) >= 0)
        {
            throw accessFailure(index, ElementType.SHORT);
        }
        UNSAFE.putShort(data + (index << 1), value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#SHORT} array; see {@link #index(long, long)}. */
    public short getShort(final long i, final long j)
    {
        return getShort(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#SHORT} array; see {@link #index(long, long)}. */
    public void setShort(final long i, final long j, final short value)
    {
        setShort(index(i, j), value);
    }

    /** @return the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public short getShort(final long[] index)
    {
        return getShort(index(index));
    }

    /** Sets the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public void setShort(final long[] index, final short value)
    {
        setShort(index(index), value);
    }

    // ------------------------------------------------------------------------------------------ int

    /**
     * @param index flat (row-major) index.
     * @return element {@code index} of a {@link ElementType#INT} array (a plain load).
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code int}.
     * @throws IllegalStateException if the array is closed.
     */
    public int getInt(final long index)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        return UNSAFE.getInt(data + (index << 2));
    }

    /**
     * Sets element {@code index} of a {@link ElementType#INT} array (a plain store).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code int}.
     * @throws IllegalStateException if the array is closed.
     */
    public void setInt(final long index, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        UNSAFE.putInt(data + (index << 2), value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#INT} array; see {@link #index(long, long)}. */
    public int getInt(final long i, final long j)
    {
        return getInt(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#INT} array; see {@link #index(long, long)}. */
    public void setInt(final long i, final long j, final int value)
    {
        setInt(index(i, j), value);
    }

    /** @return the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public int getInt(final long[] index)
    {
        return getInt(index(index));
    }

    /** Sets the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public void setInt(final long[] index, final int value)
    {
        setInt(index(index), value);
    }

    // ------------------------------------------------------------------------------------------ long

    /**
     * @param index flat (row-major) index.
     * @return element {@code index} of a {@link ElementType#LONG} array (a plain load).
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code long}.
     * @throws IllegalStateException if the array is closed.
     */
    public long getLong(final long index)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        return UNSAFE.getLong(data + (index << 3));
    }

    /**
     * Sets element {@code index} of a {@link ElementType#LONG} array (a plain store).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code long}.
     * @throws IllegalStateException if the array is closed.
     */
    public void setLong(final long index, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        UNSAFE.putLong(data + (index << 3), value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#LONG} array; see {@link #index(long, long)}. */
    public long getLong(final long i, final long j)
    {
        return getLong(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#LONG} array; see {@link #index(long, long)}. */
    public void setLong(final long i, final long j, final long value)
    {
        setLong(index(i, j), value);
    }

    /** @return the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public long getLong(final long[] index)
    {
        return getLong(index(index));
    }

    /** Sets the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public void setLong(final long[] index, final long value)
    {
        setLong(index(index), value);
    }

    // ------------------------------------------------------------------------------------------ float

    /**
     * @param index flat (row-major) index.
     * @return element {@code index} of a {@link ElementType#FLOAT} array (a plain load).
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code float}.
     * @throws IllegalStateException if the array is closed.
     */
    public float getFloat(final long index)
    {
        if (Long.compareUnsigned(index, floatLimit) >= 0)
        {
            throw accessFailure(index, ElementType.FLOAT);
        }
        return UNSAFE.getFloat(data + (index << 2));
    }

    /**
     * Sets element {@code index} of a {@link ElementType#FLOAT} array (a plain store).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code float}.
     * @throws IllegalStateException if the array is closed.
     */
    public void setFloat(final long index, final float value)
    {
        if (Long.compareUnsigned(index, floatLimit) >= 0)
        {
            throw accessFailure(index, ElementType.FLOAT);
        }
        UNSAFE.putFloat(data + (index << 2), value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#FLOAT} array; see {@link #index(long, long)}. */
    public float getFloat(final long i, final long j)
    {
        return getFloat(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#FLOAT} array; see {@link #index(long, long)}. */
    public void setFloat(final long i, final long j, final float value)
    {
        setFloat(index(i, j), value);
    }

    /** @return the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public float getFloat(final long[] index)
    {
        return getFloat(index(index));
    }

    /** Sets the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public void setFloat(final long[] index, final float value)
    {
        setFloat(index(index), value);
    }

    // ------------------------------------------------------------------------------------------ double

    /**
     * @param index flat (row-major) index.
     * @return element {@code index} of a {@link ElementType#DOUBLE} array (a plain load).
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code double}.
     * @throws IllegalStateException if the array is closed.
     */
    public double getDouble(final long index)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw accessFailure(index, ElementType.DOUBLE);
        }
        return UNSAFE.getDouble(data + (index << 3));
    }

    /**
     * Sets element {@code index} of a {@link ElementType#DOUBLE} array (a plain store).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}.
     * @throws UnsupportedOperationException if the elements are not {@code double}.
     * @throws IllegalStateException if the array is closed.
     */
    public void setDouble(final long index, final double value)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw accessFailure(index, ElementType.DOUBLE);
        }
        UNSAFE.putDouble(data + (index << 3), value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#DOUBLE} array; see {@link #index(long, long)}. */
    public double getDouble(final long i, final long j)
    {
        return getDouble(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#DOUBLE} array; see {@link #index(long, long)}. */
    public void setDouble(final long i, final long j, final double value)
    {
        setDouble(index(i, j), value);
    }

    /** @return the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public double getDouble(final long[] index)
    {
        return getDouble(index(index));
    }

    /** Sets the element at multi-index {@code index} (one entry per dimension); see {@link #index(long...)}. */
    public void setDouble(final long[] index, final double value)
    {
        setDouble(index(index), value);
    }

    // ------------------------------------------------------------------------------------------ ordered

    /**
     * @return element {@code index} of an {@link ElementType#INT} array, loaded with acquire (volatile) semantics:
     * what the writer stored before its {@link #setIntRelease} of this value is visible after this load.
     */
    public int getIntVolatile(final long index)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        return UNSAFE.getIntVolatile(null, data + (index << 2));
    }

    /** Stores element {@code index} of an {@link ElementType#INT} array with release semantics: earlier stores are visible first. */
    public void setIntRelease(final long index, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        UNSAFE.putOrderedInt(null, data + (index << 2), value);
    }

    /** Stores element {@code index} of an {@link ElementType#INT} array with volatile semantics (a full fence after it). */
    public void setIntVolatile(final long index, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        UNSAFE.putIntVolatile(null, data + (index << 2), value);
    }

    /**
     * Atomically sets element {@code index} of an {@link ElementType#INT} array to {@code value} if it is
     * {@code expected}, across processes (a locked instruction on the shared memory).
     *
     * @return true if it was {@code expected} and is now {@code value}.
     */
    public boolean compareAndSetInt(final long index, final int expected, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        return UNSAFE.compareAndSwapInt(null, data + (index << 2), expected, value);
    }

    /**
     * Atomically adds {@code delta} to element {@code index} of an {@link ElementType#INT} array, across processes.
     *
     * @return the value before the addition.
     */
    public int getAndAddInt(final long index, final int delta)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw accessFailure(index, ElementType.INT);
        }
        return UNSAFE.getAndAddInt(null, data + (index << 2), delta);
    }

    /**
     * @return element {@code index} of a {@link ElementType#LONG} array, loaded with acquire (volatile) semantics:
     * what the writer stored before its {@link #setLongRelease} of this value is visible after this load.
     *
     * <pre>{@code
     * // writer                                   // reader (another process)
     * frame.copyFrom(0, pixels);                  while (flags.getLongVolatile(0) != seq) { Thread.onSpinWait(); }
     * flags.setLongRelease(0, seq);               frame.copyTo(0, pixels);   // sees the writer's pixels
     * }</pre>
     */
    public long getLongVolatile(final long index)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        return UNSAFE.getLongVolatile(null, data + (index << 3));
    }

    /** Stores element {@code index} of a {@link ElementType#LONG} array with release semantics: earlier stores are visible first. */
    public void setLongRelease(final long index, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        UNSAFE.putOrderedLong(null, data + (index << 3), value);
    }

    /** Stores element {@code index} of a {@link ElementType#LONG} array with volatile semantics (a full fence after it). */
    public void setLongVolatile(final long index, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        UNSAFE.putLongVolatile(null, data + (index << 3), value);
    }

    /**
     * Atomically sets element {@code index} of a {@link ElementType#LONG} array to {@code value} if it is
     * {@code expected}, across processes.
     *
     * @return true if it was {@code expected} and is now {@code value}.
     */
    public boolean compareAndSetLong(final long index, final long expected, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        return UNSAFE.compareAndSwapLong(null, data + (index << 3), expected, value);
    }

    /**
     * Atomically adds {@code delta} to element {@code index} of a {@link ElementType#LONG} array, across processes.
     *
     * @return the value before the addition.
     */
    public long getAndAddLong(final long index, final long delta)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw accessFailure(index, ElementType.LONG);
        }
        return UNSAFE.getAndAddLong(null, data + (index << 3), delta);
    }

    /** @return element {@code index} of a {@link ElementType#DOUBLE} array, loaded with acquire (volatile) semantics. */
    public double getDoubleVolatile(final long index)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw accessFailure(index, ElementType.DOUBLE);
        }
        return UNSAFE.getDoubleVolatile(null, data + (index << 3));
    }

    /** Stores element {@code index} of a {@link ElementType#DOUBLE} array with release semantics: earlier stores are visible first. */
    public void setDoubleRelease(final long index, final double value)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw accessFailure(index, ElementType.DOUBLE);
        }
        // same bits as a double; the release store exists for long only
        UNSAFE.putOrderedLong(null, data + (index << 3), Double.doubleToRawLongBits(value));
    }

    // ------------------------------------------------------------------------------------------ bulk

    /**
     * Copies {@code count} elements of {@code src} from {@code srcOffset} into this {@link ElementType#BYTE} array
     * from element {@code index}: one memory copy, no ordering (see the class comment).
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code byte}.
     */
    public void copyFrom(final long index, final byte[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.BYTE, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into this array from element {@code index}; see {@link #copyFrom(long, byte[], int, int)}. */
    public void copyFrom(final long index, final byte[] src)
    {
        copyIn(ElementType.BYTE, index, src, src.length, 0, src.length);
    }

    /**
     * Copies {@code count} elements of this {@link ElementType#BYTE} array from element {@code index} into
     * {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code byte}.
     */
    public void copyTo(final long index, final byte[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.BYTE, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} from element {@code index}; see {@link #copyTo(long, byte[], int, int)}. */
    public void copyTo(final long index, final byte[] dst)
    {
        copyOut(ElementType.BYTE, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies {@code count} elements of {@code src} from {@code srcOffset} into this {@link ElementType#SHORT} array
     * from element {@code index}: one memory copy, no ordering (see the class comment).
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code short}.
     */
    public void copyFrom(final long index, final short[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.SHORT, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into this array from element {@code index}; see {@link #copyFrom(long, short[], int, int)}. */
    public void copyFrom(final long index, final short[] src)
    {
        copyIn(ElementType.SHORT, index, src, src.length, 0, src.length);
    }

    /**
     * Copies {@code count} elements of this {@link ElementType#SHORT} array from element {@code index} into
     * {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code short}.
     */
    public void copyTo(final long index, final short[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.SHORT, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} from element {@code index}; see {@link #copyTo(long, short[], int, int)}. */
    public void copyTo(final long index, final short[] dst)
    {
        copyOut(ElementType.SHORT, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies the {@code src.remaining()} {@code short} values of {@code src} into this {@link ElementType#SHORT} array
     * from element {@code index}, and advances {@code src}'s position. Values, not bytes: a buffer in the other byte
     * order is converted (element by element; native-order buffers are one memory copy).
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code src.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code short}.
     */
    public void copyFrom(final long index, final ShortBuffer src)
    {
        copyIn(ElementType.SHORT, index, src);
    }

    /**
     * Copies {@code dst.remaining()} elements of this {@link ElementType#SHORT} array from element {@code index} into
     * {@code dst}, and advances {@code dst}'s position.
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code dst.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code short}.
     */
    public void copyTo(final long index, final ShortBuffer dst)
    {
        copyOut(ElementType.SHORT, index, dst);
    }

    /**
     * Copies {@code count} elements of {@code src} from {@code srcOffset} into this {@link ElementType#INT} array
     * from element {@code index}: one memory copy, no ordering (see the class comment).
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code int}.
     */
    public void copyFrom(final long index, final int[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.INT, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into this array from element {@code index}; see {@link #copyFrom(long, int[], int, int)}. */
    public void copyFrom(final long index, final int[] src)
    {
        copyIn(ElementType.INT, index, src, src.length, 0, src.length);
    }

    /**
     * Copies {@code count} elements of this {@link ElementType#INT} array from element {@code index} into
     * {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code int}.
     */
    public void copyTo(final long index, final int[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.INT, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} from element {@code index}; see {@link #copyTo(long, int[], int, int)}. */
    public void copyTo(final long index, final int[] dst)
    {
        copyOut(ElementType.INT, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies the {@code src.remaining()} {@code int} values of {@code src} into this {@link ElementType#INT} array
     * from element {@code index}, and advances {@code src}'s position. Values, not bytes: a buffer in the other byte
     * order is converted (element by element; native-order buffers are one memory copy).
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code src.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code int}.
     */
    public void copyFrom(final long index, final IntBuffer src)
    {
        copyIn(ElementType.INT, index, src);
    }

    /**
     * Copies {@code dst.remaining()} elements of this {@link ElementType#INT} array from element {@code index} into
     * {@code dst}, and advances {@code dst}'s position.
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code dst.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code int}.
     */
    public void copyTo(final long index, final IntBuffer dst)
    {
        copyOut(ElementType.INT, index, dst);
    }

    /**
     * Copies {@code count} elements of {@code src} from {@code srcOffset} into this {@link ElementType#LONG} array
     * from element {@code index}: one memory copy, no ordering (see the class comment).
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code long}.
     */
    public void copyFrom(final long index, final long[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.LONG, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into this array from element {@code index}; see {@link #copyFrom(long, long[], int, int)}. */
    public void copyFrom(final long index, final long[] src)
    {
        copyIn(ElementType.LONG, index, src, src.length, 0, src.length);
    }

    /**
     * Copies {@code count} elements of this {@link ElementType#LONG} array from element {@code index} into
     * {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code long}.
     */
    public void copyTo(final long index, final long[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.LONG, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} from element {@code index}; see {@link #copyTo(long, long[], int, int)}. */
    public void copyTo(final long index, final long[] dst)
    {
        copyOut(ElementType.LONG, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies the {@code src.remaining()} {@code long} values of {@code src} into this {@link ElementType#LONG} array
     * from element {@code index}, and advances {@code src}'s position. Values, not bytes: a buffer in the other byte
     * order is converted (element by element; native-order buffers are one memory copy).
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code src.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code long}.
     */
    public void copyFrom(final long index, final LongBuffer src)
    {
        copyIn(ElementType.LONG, index, src);
    }

    /**
     * Copies {@code dst.remaining()} elements of this {@link ElementType#LONG} array from element {@code index} into
     * {@code dst}, and advances {@code dst}'s position.
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code dst.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code long}.
     */
    public void copyTo(final long index, final LongBuffer dst)
    {
        copyOut(ElementType.LONG, index, dst);
    }

    /**
     * Copies {@code count} elements of {@code src} from {@code srcOffset} into this {@link ElementType#FLOAT} array
     * from element {@code index}: one memory copy, no ordering (see the class comment).
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code float}.
     */
    public void copyFrom(final long index, final float[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.FLOAT, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into this array from element {@code index}; see {@link #copyFrom(long, float[], int, int)}. */
    public void copyFrom(final long index, final float[] src)
    {
        copyIn(ElementType.FLOAT, index, src, src.length, 0, src.length);
    }

    /**
     * Copies {@code count} elements of this {@link ElementType#FLOAT} array from element {@code index} into
     * {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code float}.
     */
    public void copyTo(final long index, final float[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.FLOAT, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} from element {@code index}; see {@link #copyTo(long, float[], int, int)}. */
    public void copyTo(final long index, final float[] dst)
    {
        copyOut(ElementType.FLOAT, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies the {@code src.remaining()} {@code float} values of {@code src} into this {@link ElementType#FLOAT} array
     * from element {@code index}, and advances {@code src}'s position. Values, not bytes: a buffer in the other byte
     * order is converted (element by element; native-order buffers are one memory copy).
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code src.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code float}.
     */
    public void copyFrom(final long index, final FloatBuffer src)
    {
        copyIn(ElementType.FLOAT, index, src);
    }

    /**
     * Copies {@code dst.remaining()} elements of this {@link ElementType#FLOAT} array from element {@code index} into
     * {@code dst}, and advances {@code dst}'s position.
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code dst.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code float}.
     */
    public void copyTo(final long index, final FloatBuffer dst)
    {
        copyOut(ElementType.FLOAT, index, dst);
    }

    /**
     * Copies {@code count} elements of {@code src} from {@code srcOffset} into this {@link ElementType#DOUBLE} array
     * from element {@code index}: one memory copy, no ordering (see the class comment).
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code double}.
     */
    public void copyFrom(final long index, final double[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.DOUBLE, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into this array from element {@code index}; see {@link #copyFrom(long, double[], int, int)}. */
    public void copyFrom(final long index, final double[] src)
    {
        copyIn(ElementType.DOUBLE, index, src, src.length, 0, src.length);
    }

    /**
     * Copies {@code count} elements of this {@link ElementType#DOUBLE} array from element {@code index} into
     * {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws UnsupportedOperationException if the elements are not {@code double}.
     */
    public void copyTo(final long index, final double[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.DOUBLE, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} from element {@code index}; see {@link #copyTo(long, double[], int, int)}. */
    public void copyTo(final long index, final double[] dst)
    {
        copyOut(ElementType.DOUBLE, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies the {@code src.remaining()} {@code double} values of {@code src} into this {@link ElementType#DOUBLE} array
     * from element {@code index}, and advances {@code src}'s position. Values, not bytes: a buffer in the other byte
     * order is converted (element by element; native-order buffers are one memory copy).
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code src.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code double}.
     */
    public void copyFrom(final long index, final DoubleBuffer src)
    {
        copyIn(ElementType.DOUBLE, index, src);
    }

    /**
     * Copies {@code dst.remaining()} elements of this {@link ElementType#DOUBLE} array from element {@code index} into
     * {@code dst}, and advances {@code dst}'s position.
     *
     * @throws IndexOutOfBoundsException if the array has fewer than {@code dst.remaining()} elements from {@code index}.
     * @throws UnsupportedOperationException if the elements are not {@code double}.
     */
    public void copyTo(final long index, final DoubleBuffer dst)
    {
        copyOut(ElementType.DOUBLE, index, dst);
    }

    /**
     * Copies the bytes {@code src} has remaining into this array from element {@code index}, and advances its
     * position: raw element bytes in the machine's native byte order, for an array of any type (the buffer's
     * {@code order()} does not matter; a bulk byte copy ignores it). One memory copy for heap and direct buffers.
     *
     * @throws IllegalArgumentException if the bytes are not a whole number of elements.
     * @throws IndexOutOfBoundsException if the array has too few elements from {@code index}.
     */
    public void copyFrom(final long index, final ByteBuffer src)
    {
        copyIn(type, index, src);
    }

    /**
     * Copies elements from {@code index} into the bytes {@code dst} has remaining (a whole number of elements, as
     * raw native-order bytes), and advances its position.
     *
     * @throws IllegalArgumentException if the bytes remaining are not a whole number of elements.
     * @throws IndexOutOfBoundsException if the array has too few elements from {@code index}.
     */
    public void copyTo(final long index, final ByteBuffer dst)
    {
        copyOut(type, index, dst);
    }

    // ------------------------------------------------------------------------------------------ fill

    /** Sets every byte of the elements to 0, whatever the type (0 is also +0.0 for floats and doubles). */
    public void zero()
    {
        checkRange(type, 0, length);
        setMemory(data, byteSize, (byte)0);
    }

    /** Sets every element of a {@link ElementType#BYTE} array to {@code value} (plain stores). */
    public void fillByte(final byte value)
    {
        fill(ElementType.BYTE, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#BYTE} array to {@code value} (plain stores). */
    public void fillByte(final long fromIndex, final long toIndex, final byte value)
    {
        fill(ElementType.BYTE, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#SHORT} array to {@code value} (plain stores). */
    public void fillShort(final short value)
    {
        fill(ElementType.SHORT, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#SHORT} array to {@code value} (plain stores). */
    public void fillShort(final long fromIndex, final long toIndex, final short value)
    {
        fill(ElementType.SHORT, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#INT} array to {@code value} (plain stores). */
    public void fillInt(final int value)
    {
        fill(ElementType.INT, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#INT} array to {@code value} (plain stores). */
    public void fillInt(final long fromIndex, final long toIndex, final int value)
    {
        fill(ElementType.INT, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#LONG} array to {@code value} (plain stores). */
    public void fillLong(final long value)
    {
        fill(ElementType.LONG, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#LONG} array to {@code value} (plain stores). */
    public void fillLong(final long fromIndex, final long toIndex, final long value)
    {
        fill(ElementType.LONG, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#FLOAT} array to {@code value} (plain stores). */
    public void fillFloat(final float value)
    {
        fill(ElementType.FLOAT, 0, length, Float.floatToRawIntBits(value));
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#FLOAT} array to {@code value} (plain stores). */
    public void fillFloat(final long fromIndex, final long toIndex, final float value)
    {
        fill(ElementType.FLOAT, fromIndex, toIndex, Float.floatToRawIntBits(value));
    }

    /** Sets every element of a {@link ElementType#DOUBLE} array to {@code value} (plain stores). */
    public void fillDouble(final double value)
    {
        fill(ElementType.DOUBLE, 0, length, Double.doubleToRawLongBits(value));
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#DOUBLE} array to {@code value} (plain stores). */
    public void fillDouble(final long fromIndex, final long toIndex, final double value)
    {
        fill(ElementType.DOUBLE, fromIndex, toIndex, Double.doubleToRawLongBits(value));
    }

    // ------------------------------------------------------------------------------------------ raw views

    /**
     * @return the elements as a Chronicle {@link BytesStore} of {@link #byteSize()} bytes, for zero-copy work
     * with Chronicle (element {@code i} at byte offset {@code i * elementType().size()}). The same instance on
     * every call; valid until {@link #close()}, after which using it throws instead of touching unmapped memory.
     *
     * <pre>{@code
     * BytesStore<?, Void> raw = a.bytesStore();
     * double first = raw.readDouble(0);
     * raw.write(8 * 100, otherBytes);                       // 100th DOUBLE onwards, straight into shared memory
     * }</pre>
     */
    public BytesStore<?, Void> bytesStore()
    {
        requireOpen("bytesStore");
        return store;
    }

    /**
     * @return a new Chronicle {@link Bytes} over the elements, positioned to read them all (call
     * {@code clear()} on it to write from the start). Each call makes a new cursor; the memory is shared.
     * Valid until {@link #close()}.
     */
    public Bytes<Void> bytes()
    {
        requireOpen("bytes");
        final Bytes<Void> bytes = store.bytesForRead();
        bytes.singleThreadedCheckDisabled(true);
        return bytes;
    }

    /**
     * @return the native address of element 0, for code that works on raw memory (JNI, a native library).
     * It stays valid until {@link #close()}; nothing checks what is done with it.
     */
    public long address()
    {
        requireOpen("address");
        return data;
    }

    // ------------------------------------------------------------------------------------------ closing

    /**
     * Closes this side: a server (the creator) removes the file and unmaps; a client only unmaps. Other processes
     * that map the array keep their memory until they close. Releases this array's hold on the session directory.
     * Idempotent. Must not run while another thread still uses the array.
     */
    @Override
    public void close()
    {
        final ArrayFile closing;
        synchronized (this)
        {
            if (closed || file == null)
            {
                closed = true;
                return;
            }
            closed = true;
            closing = file;
            byteLimit = shortLimit = intLimit = longLimit = floatLimit = doubleLimit = 0;
            rows2 = cols2 = planes3 = rows3 = cols3 = 0;
            store.memory = null; // the views now throw NullPointerException rather than read unmapped memory
        }
        try
        {
            if (closing.owner)
            {
                Session.cancelAtExit(removeAtExit);
                closing.delete();
            }
        }
        finally
        {
            closing.unmap();
            session.release();
        }
    }

    @Override
    public String toString()
    {
        return "SharedArray(" + name + " " + ArrayHeader.describe(type, shape) + ", " +
            (isClosed() ? "closed" : (isOwner() ? "server" : "client") + ", " + file.path) + ")";
    }

    // ------------------------------------------------------------------------------------------ internals

    /** @return e.g. {@code [100, 100]}. */
    static String format(final long[] dims)
    {
        return Arrays.toString(dims);
    }

    private void requireOpen(final String method)
    {
        if (isClosed())
        {
            throw new IllegalStateException(method + "(): shared array '" + name + "' is closed");
        }
    }

    /** Why an accessor of {@code accessType} refused {@code index}: closed, wrong type, or out of bounds. */
    private RuntimeException accessFailure(final long index, final ElementType accessType)
    {
        if (isClosed())
        {
            return new IllegalStateException("shared array '" + name + "' is closed");
        }
        if (accessType != type)
        {
            return wrongType(accessType);
        }
        return new IndexOutOfBoundsException("index " + index + " is out of bounds for shared array '" + name + "' of length " +
            length + " (shape " + format(shape) + ")");
    }

    private UnsupportedOperationException wrongType(final ElementType accessType)
    {
        final String typeName = type.name().charAt(0) + type.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        return new UnsupportedOperationException("shared array '" + name + "' holds " + type + " elements, not " + accessType +
            ": use get" + typeName + "/set" + typeName + " and " + type.name().toLowerCase(java.util.Locale.ROOT) +
            "[] buffers (or bytesStore() for raw bytes)");
    }

    private RuntimeException indexFailure(final long[] indices)
    {
        if (isClosed())
        {
            return new IllegalStateException("shared array '" + name + "' is closed");
        }
        if (indices.length != shape.length)
        {
            return new IllegalArgumentException("index " + format(indices) + " has " + indices.length +
                " dimension(s) but shared array '" + name + "' has shape " + format(shape) + " (rank " + shape.length + ")");
        }
        for (int axis = 0; axis < indices.length; axis++)
        {
            if (indices[axis] < 0 || indices[axis] >= shape[axis])
            {
                return new IndexOutOfBoundsException("index " + format(indices) + " is out of bounds for shared array '" + name +
                    "' of shape " + format(shape) + ": index " + indices[axis] + " on axis " + axis + " is not in [0, " +
                    shape[axis] + ")");
            }
        }
        return new IllegalStateException("index " + format(indices) + " refused for shared array '" + name + "'");
    }

    /** Checks that elements {@code [from, to)} exist and that {@code accessType} is the element type. */
    private void checkRange(final ElementType accessType, final long from, final long to)
    {
        if (isClosed())
        {
            throw new IllegalStateException("shared array '" + name + "' is closed");
        }
        if (accessType != type)
        {
            throw wrongType(accessType);
        }
        if (from < 0 || from > to || to > length)
        {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") is out of bounds for shared array '" + name +
                "' of length " + length + " (shape " + format(shape) + ")");
        }
    }

    private void copyIn(final ElementType accessType, final long index, final Object src, final int srcLength,
        final int srcOffset, final int count)
    {
        Objects.checkFromIndexSize(srcOffset, count, srcLength);
        checkRange(accessType, index, index + count);
        final int shift = accessType.shift();
        copy(src, UNSAFE.arrayBaseOffset(src.getClass()) + ((long)srcOffset << shift), null, data + (index << shift),
            (long)count << shift);
    }

    private void copyOut(final ElementType accessType, final long index, final Object dst, final int dstLength,
        final int dstOffset, final int count)
    {
        Objects.checkFromIndexSize(dstOffset, count, dstLength);
        checkRange(accessType, index, index + count);
        final int shift = accessType.shift();
        copy(null, data + (index << shift), dst, UNSAFE.arrayBaseOffset(dst.getClass()) + ((long)dstOffset << shift),
            (long)count << shift);
    }

    /** Copies between a buffer's remaining content and elements from {@code index}: a ByteBuffer as raw bytes, others as values. */
    private void copyIn(final ElementType accessType, final long index, final Buffer src)
    {
        final long count = elementsIn(src, accessType);
        checkRange(accessType, index, index + count);
        final int shift = accessType.shift();
        final int position = src.position();
        final long target = data + (index << shift);
        final long bytes = count << shift;
        if (src.isDirect() && rawCopyable(src))
        {
            copy(null, UNSAFE.getLong(src, BUFFER_ADDRESS) + ((long)position << bufferShift(src)), null, target, bytes);
        }
        else if (src.hasArray() && rawCopyable(src))
        {
            final Object array = src.array();
            copy(array, UNSAFE.arrayBaseOffset(array.getClass()) + ((long)(src.arrayOffset() + position) << bufferShift(src)),
                null, target, bytes);
        }
        else
        {
            // read-only heap buffers and views in the other byte order: value by value (absolute gets convert the order)
            final int values = src.remaining();
            for (int i = 0; i < values; i++)
            {
                putValue(src, position + i, target + ((long)i << bufferShift(src)));
            }
        }
        src.position(position + src.remaining());
    }

    private void copyOut(final ElementType accessType, final long index, final Buffer dst)
    {
        if (dst.isReadOnly())
        {
            throw new ReadOnlyBufferException();
        }
        final long count = elementsIn(dst, accessType);
        checkRange(accessType, index, index + count);
        final int shift = accessType.shift();
        final int position = dst.position();
        final long source = data + (index << shift);
        final long bytes = count << shift;
        if (dst.isDirect() && rawCopyable(dst))
        {
            copy(null, source, null, UNSAFE.getLong(dst, BUFFER_ADDRESS) + ((long)position << bufferShift(dst)), bytes);
        }
        else if (dst.hasArray() && rawCopyable(dst))
        {
            final Object array = dst.array();
            copy(null, source, array, UNSAFE.arrayBaseOffset(array.getClass()) +
                ((long)(dst.arrayOffset() + position) << bufferShift(dst)), bytes);
        }
        else
        {
            final int values = dst.remaining();
            for (int i = 0; i < values; i++)
            {
                getValue(dst, position + i, source + ((long)i << bufferShift(dst)));
            }
        }
        dst.position(position + dst.remaining());
    }

    /** @return how many elements of {@code accessType} the buffer's remaining content is. */
    private long elementsIn(final Buffer buffer, final ElementType accessType)
    {
        if (!(buffer instanceof ByteBuffer))
        {
            return buffer.remaining();
        }
        final int bytes = buffer.remaining();
        if ((bytes & (accessType.size() - 1)) != 0)
        {
            throw new IllegalArgumentException("the buffer has " + bytes + " bytes remaining, not a whole number of " +
                accessType + " elements (" + accessType.size() + " bytes each) for shared array '" + name + "'");
        }
        return bytes >> accessType.shift();
    }

    /** @return true if the buffer's memory holds the values as the array does: bytes, or values in native order. */
    private static boolean rawCopyable(final Buffer buffer)
    {
        if (buffer instanceof ByteBuffer)
        {
            return true;
        }
        return order(buffer) == ByteOrder.nativeOrder();
    }

    private static ByteOrder order(final Buffer buffer)
    {
        if (buffer instanceof ShortBuffer)
        {
            return ((ShortBuffer)buffer).order();
        }
        if (buffer instanceof IntBuffer)
        {
            return ((IntBuffer)buffer).order();
        }
        if (buffer instanceof LongBuffer)
        {
            return ((LongBuffer)buffer).order();
        }
        if (buffer instanceof FloatBuffer)
        {
            return ((FloatBuffer)buffer).order();
        }
        if (buffer instanceof DoubleBuffer)
        {
            return ((DoubleBuffer)buffer).order();
        }
        throw new IllegalArgumentException("unsupported buffer " + buffer.getClass().getName());
    }

    /** @return log2 of the bytes per position of {@code buffer}. */
    private static int bufferShift(final Buffer buffer)
    {
        if (buffer instanceof ByteBuffer)
        {
            return 0;
        }
        if (buffer instanceof ShortBuffer)
        {
            return 1;
        }
        if (buffer instanceof IntBuffer || buffer instanceof FloatBuffer)
        {
            return 2;
        }
        return 3;
    }

    private static void putValue(final Buffer src, final int position, final long address)
    {
        if (src instanceof ByteBuffer)
        {
            UNSAFE.putByte(address, ((ByteBuffer)src).get(position));
        }
        else if (src instanceof ShortBuffer)
        {
            UNSAFE.putShort(address, ((ShortBuffer)src).get(position));
        }
        else if (src instanceof IntBuffer)
        {
            UNSAFE.putInt(address, ((IntBuffer)src).get(position));
        }
        else if (src instanceof LongBuffer)
        {
            UNSAFE.putLong(address, ((LongBuffer)src).get(position));
        }
        else if (src instanceof FloatBuffer)
        {
            UNSAFE.putFloat(address, ((FloatBuffer)src).get(position));
        }
        else
        {
            UNSAFE.putDouble(address, ((DoubleBuffer)src).get(position));
        }
    }

    private static void getValue(final Buffer dst, final int position, final long address)
    {
        if (dst instanceof ByteBuffer)
        {
            ((ByteBuffer)dst).put(position, UNSAFE.getByte(address));
        }
        else if (dst instanceof ShortBuffer)
        {
            ((ShortBuffer)dst).put(position, UNSAFE.getShort(address));
        }
        else if (dst instanceof IntBuffer)
        {
            ((IntBuffer)dst).put(position, UNSAFE.getInt(address));
        }
        else if (dst instanceof LongBuffer)
        {
            ((LongBuffer)dst).put(position, UNSAFE.getLong(address));
        }
        else if (dst instanceof FloatBuffer)
        {
            ((FloatBuffer)dst).put(position, UNSAFE.getFloat(address));
        }
        else
        {
            ((DoubleBuffer)dst).put(position, UNSAFE.getDouble(address));
        }
    }

    /**
     * Stores {@code bits} (the element's bits in the low bytes) into elements {@code [from, to)}: byte-uniform
     * values (0, -1, ...) with memset; others by writing one block and copying it forward, doubling up to a chunk.
     */
    private void fill(final ElementType accessType, final long from, final long to, final long bits)
    {
        checkRange(accessType, from, to);
        final int size = accessType.size();
        final long start = data + (from << accessType.shift());
        final long bytes = (to - from) << accessType.shift();
        final long mask = size == Long.BYTES ? -1L : (1L << (size * 8)) - 1;
        if (((bits & 0xFF) * 0x0101_0101_0101_0101L & mask) == (bits & mask))
        {
            setMemory(start, bytes, (byte)bits);
            return;
        }
        final long block = Math.min(bytes, 4096); // a multiple of every element size
        for (long offset = 0; offset < block; offset += size)
        {
            putBits(start + offset, bits, size);
        }
        long filled = block;
        while (filled < bytes)
        {
            final long n = Math.min(Math.min(filled, COPY_CHUNK), bytes - filled);
            UNSAFE.copyMemory(start, start + filled, n);
            filled += n;
        }
    }

    private static void putBits(final long address, final long bits, final int size)
    {
        switch (size)
        {
            case 1:
                UNSAFE.putByte(address, (byte)bits);
                break;
            case 2:
                UNSAFE.putShort(address, (short)bits);
                break;
            case 4:
                UNSAFE.putInt(address, (int)bits);
                break;
            default:
                UNSAFE.putLong(address, bits);
                break;
        }
    }

    private static void setMemory(final long address, final long bytes, final byte value)
    {
        for (long done = 0; done < bytes; done += COPY_CHUNK)
        {
            UNSAFE.setMemory(address + done, Math.min(COPY_CHUNK, bytes - done), value);
        }
    }

    /** Copies in pieces of {@link #COPY_CHUNK}; a null base makes its offset an absolute address. */
    private static void copy(final Object srcBase, final long srcOffset, final Object dstBase, final long dstOffset,
        final long bytes)
    {
        for (long done = 0; done < bytes; done += COPY_CHUNK)
        {
            UNSAFE.copyMemory(srcBase, srcOffset + done, dstBase, dstOffset + done, Math.min(COPY_CHUNK, bytes - done));
        }
    }

    private static long bufferAddressOffset()
    {
        try
        {
            return UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        }
        catch (final NoSuchFieldException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
