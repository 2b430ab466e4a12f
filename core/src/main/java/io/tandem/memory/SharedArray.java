package io.tandem.memory;

import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.nio.file.Path;
import java.util.Arrays;

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
 * <p><b>Elements.</b> Row-major (C order) like NumPy: {@code getDouble(i, j)} is element {@code i * cols + j};
 * any rank goes through {@link #index(long...)}: {@code getDouble(a.index(i, j, k, l))}. Accessors are per element
 * type ({@code getLong}, {@code setFloat}, {@code getUint8}, ...; the NumPy types Java lacks widen or convert, see
 * {@link ElementType}) and check the index and the type: each throws
 * {@link IndexOutOfBoundsException} for an index outside {@code [0, length())} (or its dimension),
 * {@link UnsupportedOperationException} for another type's accessor ({@link #bytesStore()} gives untyped access)
 * and {@link IllegalStateException} once closed. Indices are {@code long}: arrays larger than 2 GiB work. The
 * accessors allocate nothing and compile to one unsigned compare and one load or store. Bulk copies to and from
 * Java arrays and NIO buffers are on {@link #copies()}; opening and shipping are {@link SharedArrayBuilder}'s.
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
public final class SharedArray extends ConvertingAccessors implements Marshallable, io.tandem.ProcessResource
{
    /** The session's sub-directory holding array files. */
    public static final String DIRECTORY = "arrays";

    // Hot state, read by every accessor. Exactly one limit equals the length, the one of the element type, and
    // the others are 0: a single unsigned compare rejects a negative index, one past the end, an accessor of
    // another type and (all zero after close) a closed array. The address of element 0 (data) and the limits of
    // the types without a Java primitive are ConvertingAccessors'.
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
    private transient ArrayCopies copies;

    /** For Chronicle Wire and {@link SharedArrayBuilder} only: an unattached instance that {@link #bind} attaches. */
    SharedArray()
    {
    }

    // ------------------------------------------------------------------------------------------ opening
    // Thin entry points: SharedArrayBuilder is the factory (validation, the session, the file, shipping); these keep
    // the common call sites one line long.

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
     * @return the factory, for the less common options (waiting for a creator, attaching without knowing the shape).
     * @throws IllegalArgumentException if the name is invalid.
     */
    public static SharedArrayBuilder builder(final String name)
    {
        return new SharedArrayBuilder(name);
    }

    /** Attaches this new, unattached instance to an opened file: called once, by {@link SharedArrayBuilder}. */
    void bind(final String arrayName, final ArrayFile arrayFile, final Session arraySession)
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
        this.copies = new ArrayCopies(this);
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
                setConvertingLimit(type, length);
                break;
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

    /** Writes the name, type and shape: what a backend needs to attach (the wire form is {@link SharedArrayBuilder}'s). */
    @Override
    public void writeMarshallable(final WireOut wire)
    {
        if (isClosed())
        {
            throw new IllegalStateException("shared array '" + name + "' is closed: only an open array can be shipped");
        }
        SharedArrayBuilder.writeIdentity(wire, name, type, shape);
    }

    /**
     * Reads a name, type and shape and attaches this (new, unattached) instance to that array as a client: how
     * a field of a process reaches its backend (through {@link SharedArrayBuilder}, as any attach).
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
        SharedArrayBuilder.attachFrom(wire, this);
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
    @Override
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
    @Override
    public long index(final long i, final long j)
    {
        if (Long.compareUnsigned(i, rows2) >= 0 || Long.compareUnsigned(j, cols2) >= 0)
        {
            throw AccessErrors.index(this, new long[] {i, j});
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
            throw AccessErrors.index(this, new long[] {i, j, k});
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
            throw AccessErrors.index(this, indices);
        }
        long flat = 0;
        for (int axis = 0; axis < indices.length; axis++)
        {
            if (Long.compareUnsigned(indices[axis], dims[axis]) >= 0)
            {
                throw AccessErrors.index(this, indices);
            }
            flat += indices[axis] * strides[axis];
        }
        return flat;
    }

    // ------------------------------------------------------------------------------------------ byte

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#BYTE} array: a plain load. */
    public byte getByte(final long index)
    {
        if (Long.compareUnsigned(index, byteLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.BYTE);
        }
        return UNSAFE.getByte(data + index);
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#BYTE} array: a plain store. */
    public void setByte(final long index, final byte value)
    {
        if (Long.compareUnsigned(index, byteLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.BYTE);
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

    // ------------------------------------------------------------------------------------------ short

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#SHORT} array: a plain load. */
    public short getShort(final long index)
    {
        if (Long.compareUnsigned(index, shortLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.SHORT);
        }
        return UNSAFE.getShort(data + (index << 1));
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#SHORT} array: a plain store. */
    public void setShort(final long index, final short value)
    {
        if (Long.compareUnsigned(index, shortLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.SHORT);
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

    // ------------------------------------------------------------------------------------------ int

    /** @return element {@code index} (flat, row-major) of an {@link ElementType#INT} array: a plain load. */
    public int getInt(final long index)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.INT);
        }
        return UNSAFE.getInt(data + (index << 2));
    }

    /** Sets element {@code index} (flat, row-major) of an {@link ElementType#INT} array: a plain store. */
    public void setInt(final long index, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.INT);
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

    // ------------------------------------------------------------------------------------------ long

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#LONG} array: a plain load. */
    public long getLong(final long index)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.LONG);
        }
        return UNSAFE.getLong(data + (index << 3));
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#LONG} array: a plain store. */
    public void setLong(final long index, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.LONG);
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

    // ------------------------------------------------------------------------------------------ float

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#FLOAT} array: a plain load. */
    public float getFloat(final long index)
    {
        if (Long.compareUnsigned(index, floatLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.FLOAT);
        }
        return UNSAFE.getFloat(data + (index << 2));
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#FLOAT} array: a plain store. */
    public void setFloat(final long index, final float value)
    {
        if (Long.compareUnsigned(index, floatLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.FLOAT);
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

    // ------------------------------------------------------------------------------------------ double

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#DOUBLE} array: a plain load. */
    public double getDouble(final long index)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.DOUBLE);
        }
        return UNSAFE.getDouble(data + (index << 3));
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#DOUBLE} array: a plain store. */
    public void setDouble(final long index, final double value)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.DOUBLE);
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

    // ------------------------------------------------------------------------------------------ ordered

    /**
     * @return element {@code index} of an {@link ElementType#INT} array, loaded with acquire (volatile) semantics:
     * what the writer stored before its {@link #setIntRelease} of this value is visible after this load.
     */
    public int getIntVolatile(final long index)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.INT);
        }
        return UNSAFE.getIntVolatile(null, data + (index << 2));
    }

    /** Stores element {@code index} of an {@link ElementType#INT} array with release semantics: earlier stores are visible first. */
    public void setIntRelease(final long index, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.INT);
        }
        UNSAFE.putOrderedInt(null, data + (index << 2), value);
    }

    /** Stores element {@code index} of an {@link ElementType#INT} array with volatile semantics (a full fence after it). */
    public void setIntVolatile(final long index, final int value)
    {
        if (Long.compareUnsigned(index, intLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.INT);
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
            throw AccessErrors.access(this, index, ElementType.INT);
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
            throw AccessErrors.access(this, index, ElementType.INT);
        }
        return UNSAFE.getAndAddInt(null, data + (index << 2), delta);
    }

    /**
     * @return element {@code index} of a {@link ElementType#LONG} array, loaded with acquire (volatile) semantics:
     * what the writer stored before its {@link #setLongRelease} of this value is visible after this load.
     *
     * <pre>{@code
     * // writer                                   // reader (another process)
     * frame.copies().copyFrom(0, pixels);         while (flags.getLongVolatile(0) != seq) { Thread.onSpinWait(); }
     * flags.setLongRelease(0, seq);               frame.copies().copyTo(0, pixels);   // sees the writer's pixels
     * }</pre>
     */
    public long getLongVolatile(final long index)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.LONG);
        }
        return UNSAFE.getLongVolatile(null, data + (index << 3));
    }

    /** Stores element {@code index} of a {@link ElementType#LONG} array with release semantics: earlier stores are visible first. */
    public void setLongRelease(final long index, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.LONG);
        }
        UNSAFE.putOrderedLong(null, data + (index << 3), value);
    }

    /** Stores element {@code index} of a {@link ElementType#LONG} array with volatile semantics (a full fence after it). */
    public void setLongVolatile(final long index, final long value)
    {
        if (Long.compareUnsigned(index, longLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.LONG);
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
            throw AccessErrors.access(this, index, ElementType.LONG);
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
            throw AccessErrors.access(this, index, ElementType.LONG);
        }
        return UNSAFE.getAndAddLong(null, data + (index << 3), delta);
    }

    /** @return element {@code index} of a {@link ElementType#DOUBLE} array, loaded with acquire (volatile) semantics. */
    public double getDoubleVolatile(final long index)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.DOUBLE);
        }
        return UNSAFE.getDoubleVolatile(null, data + (index << 3));
    }

    /** Stores element {@code index} of a {@link ElementType#DOUBLE} array with release semantics: earlier stores are visible first. */
    public void setDoubleRelease(final long index, final double value)
    {
        if (Long.compareUnsigned(index, doubleLimit) >= 0)
        {
            throw AccessErrors.access(this, index, ElementType.DOUBLE);
        }
        // same bits as a double; the release store exists for long only
        UNSAFE.putOrderedLong(null, data + (index << 3), Double.doubleToRawLongBits(value));
    }

    // ------------------------------------------------------------------------------------------ bulk

    /**
     * @return the bulk copies between this array and Java arrays or NIO buffers: the same instance on every call
     * (taking it allocates nothing); its copies throw {@link IllegalStateException} once this array is closed.
     *
     * <pre>{@code
     * float[] pixels = new float[640];
     * frame.copies().copyTo(frame.index(7, 0), pixels);      // row 7 into a Java array
     * frame.copies().copyFrom(0, floatBuffer);               // a FloatBuffer's remaining values from element 0
     * }</pre>
     */
    public ArrayCopies copies()
    {
        return copies;
    }

    // ------------------------------------------------------------------------------------------ fill

    /** Sets every byte of the elements to 0, whatever the type (0 is also +0.0 for floats and doubles). */
    public void zero()
    {
        ArrayMemory.setMemory(checkedAddress(type, 0, length, false), byteSize, (byte)0);
    }

    /** Sets every element of a {@link ElementType#BYTE} array to {@code value} (plain stores). */
    public void fillByte(final byte value)
    {
        fillBits(ElementType.BYTE, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#BYTE} array to {@code value} (plain stores). */
    public void fillByte(final long fromIndex, final long toIndex, final byte value)
    {
        fillBits(ElementType.BYTE, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#SHORT} array to {@code value} (plain stores). */
    public void fillShort(final short value)
    {
        fillBits(ElementType.SHORT, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#SHORT} array to {@code value} (plain stores). */
    public void fillShort(final long fromIndex, final long toIndex, final short value)
    {
        fillBits(ElementType.SHORT, fromIndex, toIndex, value);
    }

    /** Sets every element of an {@link ElementType#INT} array to {@code value} (plain stores). */
    public void fillInt(final int value)
    {
        fillBits(ElementType.INT, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of an {@link ElementType#INT} array to {@code value} (plain stores). */
    public void fillInt(final long fromIndex, final long toIndex, final int value)
    {
        fillBits(ElementType.INT, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#LONG} array to {@code value} (plain stores). */
    public void fillLong(final long value)
    {
        fillBits(ElementType.LONG, 0, length, value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#LONG} array to {@code value} (plain stores). */
    public void fillLong(final long fromIndex, final long toIndex, final long value)
    {
        fillBits(ElementType.LONG, fromIndex, toIndex, value);
    }

    /** Sets every element of a {@link ElementType#FLOAT} array to {@code value} (plain stores). */
    public void fillFloat(final float value)
    {
        fillBits(ElementType.FLOAT, 0, length, Float.floatToRawIntBits(value));
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#FLOAT} array to {@code value} (plain stores). */
    public void fillFloat(final long fromIndex, final long toIndex, final float value)
    {
        fillBits(ElementType.FLOAT, fromIndex, toIndex, Float.floatToRawIntBits(value));
    }

    /** Sets every element of a {@link ElementType#DOUBLE} array to {@code value} (plain stores). */
    public void fillDouble(final double value)
    {
        fillBits(ElementType.DOUBLE, 0, length, Double.doubleToRawLongBits(value));
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#DOUBLE} array to {@code value} (plain stores). */
    public void fillDouble(final long fromIndex, final long toIndex, final double value)
    {
        fillBits(ElementType.DOUBLE, fromIndex, toIndex, Double.doubleToRawLongBits(value));
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
            setConvertingLimit(null, 0);
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

    /** Stores {@code bits} (the element's bits in the low bytes) into elements {@code [from, to)}. */
    @Override
    void fillBits(final ElementType accessType, final long from, final long to, final long bits)
    {
        ArrayMemory.fill(checkedAddress(accessType, from, to, false), (to - from) << accessType.shift(), bits,
            accessType.size());
    }

    /**
     * Checks that elements {@code [from, to)} exist and that {@code accessType} is the element type (or, for a bulk
     * copy of raw {@code bits}, its {@link ElementType#carrier() carrier}: a {@code byte[]} for a UINT8 array): the
     * one check of every bulk operation (fills here, {@link ArrayCopies}, {@link NioCopies}).
     *
     * @return the address of element {@code from}.
     */
    long checkedAddress(final ElementType accessType, final long from, final long to, final boolean bits)
    {
        final RuntimeException refused = AccessErrors.range(this, accessType, from, to, bits);
        if (refused != null)
        {
            throw refused;
        }
        return data + (from << accessType.shift());
    }
}
