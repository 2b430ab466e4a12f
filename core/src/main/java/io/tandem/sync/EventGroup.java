package io.tandem.sync;

import io.tandem.BackendBinding;
import io.tandem.ProcessResource;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.failure.TandemException;
import io.tandem.idle.Doorbell;
import io.tandem.internal.sharedfile.MappedRegion;
import io.tandem.internal.sharedfile.SharedFile;
import io.tandem.internal.sharedfile.SharedFileException;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.Await;
import io.tandem.idle.NanoClock;
import io.tandem.idle.SpinBudget;
import io.tandem.idle.WaitMode;
import io.tandem.jvm.JvmFlags;
import io.tandem.internal.runtime.FileSpace;
import io.tandem.internal.runtime.Names;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * A group of events in shared memory, for a frontend to wait until its backend has done something: the
 * tutorial's {@code EventGroup}. Each event is a sequence counter: {@link #set} adds one, a waiter waits
 * until it moves past the value it saw. There is no flag to clear, so no clear/set race and no lost
 * wake-up; and a waiter watching a process's backend fails at once when that backend dies.
 *
 * <p>Create it in the frontend (typically in the process's constructor); it travels with the process to
 * the backend as its name. Use it through {@link SyncIndex}:
 *
 * <pre>{@code
 * class MyProcess extends MessageProcess implements Commands {
 *     private final EventGroup eg = new EventGroup(10);
 *
 *     @Override public void ping(String parameter, int syncIndex) {    // backend
 *         doSomething(parameter);
 *         eg.set(syncIndex);                                           // tell the frontend it is done
 *     }
 *
 *     public void pingAndWait(String parameter) {                      // frontend
 *         try (SyncIndex i = new SyncIndex(eg)) {
 *             backend(Commands.class).ping(parameter, i.index());
 *         }                                                            // waits here for eg.set
 *     }
 * }
 * }</pre>
 *
 * Memory ordering: {@code set} is a release (a full atomic add), a wait's read is an acquire, so whatever
 * the backend wrote before {@code set} (to a shared array, say) is visible to the frontend once its wait
 * returns.
 */
public final class EventGroup implements ProcessResource, Marshallable
{
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    /** The longest sleep of a wait: what no doorbell reports (a deadline) is noticed within it. */
    private static final long MAX_SLEEP_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
    /** Indices handed out by SyncIndex are {@code tag << TAG_SHIFT | index}, so a group knows its own. */
    static final int TAG_SHIFT = 16;

    private String name;
    private int count;
    private transient int tag;
    private transient boolean owner;
    private transient MappedByteBuffer buffer;
    /** Rung after every set; waiters sleep on it. */
    private transient Doorbell bell;
    /** Shared by this side's waits (a Marshallable: built on first use), so what one learnt about spinning carries on. */
    private transient SpinBudget spin;
    /** A wait kept for the next one (with what it sleeps on): usually one thread waits at a time. */
    private transient java.util.concurrent.atomic.AtomicReference<Waiter> spareWaiter;
    private transient Path file;
    /** The creator's reference on the session, given back at close. */
    private transient Session session;
    private transient BitSet reserved;
    private transient volatile BackendBinding backend;
    private transient volatile boolean closed;

    /**
     * Creates a group of {@code count} events with a generated name, in this JVM's session.
     *
     * @throws IllegalArgumentException if {@code count} is not 1..{@value EventGroupDescriptor#MAX_EVENTS}.
     */
    public EventGroup(final int count)
    {
        this("events-" + ProcessHandle.current().pid() + "-" + NEXT_ID.incrementAndGet(), count);
    }

    /**
     * Creates a group of {@code count} events named {@code name} in this JVM's session.
     *
     * @throws IllegalStateException if a group of that name exists.
     */
    public EventGroup(final String name, final int count)
    {
        JvmFlags.verifyCurrentJvm();
        if (count < 1 || count > EventGroupDescriptor.MAX_EVENTS)
        {
            throw new IllegalArgumentException("an event group holds 1 to " + EventGroupDescriptor.MAX_EVENTS +
                " events, got " + count);
        }
        this.name = Names.validate("event group name", name);
        this.count = count;
        this.tag = tagOf(name);
        this.owner = true;
        this.reserved = new BitSet(count);
        create();
    }

    /** For Chronicle Wire: the backend's copy is made by {@link #readMarshallable}. */
    private EventGroup()
    {
    }

    /**
     * Attaches to an existing group of this session by name.
     *
     * @throws TandemException if there is none, or the file is not an event group.
     */
    public static EventGroup attach(final String name)
    {
        final EventGroup group = new EventGroup();
        group.name = Names.validate("event group name", name);
        group.attachExisting();
        return group;
    }

    /** @return the group's name (its file under the session's {@code events/}). */
    public String name()
    {
        return name;
    }

    /** @return the number of events. */
    public int size()
    {
        return count;
    }

    /**
     * Sets an event: adds one to its sequence. Any process, any thread.
     *
     * @param index an event index, {@code 0..size()-1}, or an index a {@link SyncIndex} of this group gave.
     * @throws IllegalArgumentException for an index out of range or from another group.
     */
    public void set(final int index)
    {
        LONGS.getAndAdd(buffer(), EventGroupDescriptor.sequenceOffset(slot(index)), 1L); // release: what was written before is seen by the waiter
        bell.ring();
    }

    /** @return the current sequence of an event (acquire). */
    public long sequence(final int index)
    {
        return (long)LONGS.getAcquire(buffer(), EventGroupDescriptor.sequenceOffset(slot(index)));
    }

    /**
     * Waits until event {@code index} moves past {@code seen}.
     *
     * @return the new sequence.
     * @throws BackendDiedException if the backend this group is bound to exits first.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public long await(final int index, final long seen, final Duration timeout)
    {
        final int offset = EventGroupDescriptor.sequenceOffset(slot(index));
        final MappedByteBuffer b = buffer();
        final BackendBinding bound = backend;
        final Waiter waiter = waiter(bound);
        final int result;
        try
        {
            waiter.begin(b, offset, seen);
            final Await await = waiter.await;
            result = await.until(waiter, waiter, waiter.alive, await.deadline(timeout.toNanos()));
        }
        finally
        {
            waiter.end();
            spareWaiter.set(waiter);
        }
        java.lang.ref.Reference.reachabilityFence(b); // the mapping the doorbells live in stays mapped while slept on
        if (result == Await.DIED)
        {
            throw new BackendDiedException(bound.processName(), bound.exitCode().orElse(-1),
                "waiting for event " + slot(index) + " of group '" + name + "'");
        }
        if (result == Await.TIMED_OUT)
        {
            throw new ReplyTimeoutException(bound == null ? "?" : bound.processName(), timeout,
                "waiting for event " + slot(index) + " of group '" + name + "'");
        }
        return waiter.found;
    }

    /** @return the kept wait if it sleeps on what a wait bound to {@code bound} must, else a new one. */
    private Waiter waiter(final BackendBinding bound)
    {
        if (spareWaiter == null)
        {
            spareWaiter = new java.util.concurrent.atomic.AtomicReference<>(); // racy and harmless: a lost one only forgets a spare
        }
        final Waiter kept = spareWaiter.getAndSet(null);
        if (kept != null && kept.bound == bound && kept.bell == bell)
        {
            return kept;
        }
        if (spin == null)
        {
            spin = new SpinBudget(); // racy and harmless: a lost one only forgets a hint
        }
        // Woken by a set, and by the frontend learning the bound backend died (its death bell).
        return new Waiter(bound, bell, Await.parking(NanoClock.SYSTEM, bound == null ? WaitMode.PARK : bound.waitMode(), spin,
            null, MAX_SLEEP_NANOS, bound == null ? new Doorbell[] {bell} : new Doorbell[] {bell, bound.deathBell()}));
    }

    /** One thread's wait for an event to move: its look and its wake-up check, reused (a wait allocates nothing). */
    private static final class Waiter implements Await.Step, java.util.function.BooleanSupplier
    {
        final BackendBinding bound;
        final Doorbell bell;
        final Await await;
        /** The bound backend's liveness, or null: none to watch. */
        final java.util.function.BooleanSupplier alive;
        private MappedByteBuffer buffer;
        private int offset;
        private long seen;
        /** The sequence that ended the wait. */
        long found;

        Waiter(final BackendBinding bound, final Doorbell bell, final Await await)
        {
            this.bound = bound;
            this.bell = bell;
            this.await = await;
            this.alive = bound == null ? null : bound::isAlive;
        }

        void begin(final MappedByteBuffer b, final int sequenceOffset, final long seenSequence)
        {
            buffer = b;
            offset = sequenceOffset;
            seen = seenSequence;
        }

        void end()
        {
            buffer = null; // keeps no mapping alive between waits
        }

        @Override
        public int attempt()
        {
            final long now = (long)LONGS.getAcquire(buffer, offset); // acquire: pairs with set's release
            if (now != seen)
            {
                found = now;
                return Await.Step.DONE;
            }
            return 0;
        }

        @Override
        public boolean getAsBoolean()
        {
            return (long)LONGS.getAcquire(buffer, offset) != seen; // what a sleeping wait checks after announcing it
        }
    }

    @Override
    public void bind(final BackendBinding binding)
    {
        this.backend = binding;
    }

    /** @return the backend this group watches, or null. */
    BackendBinding backend()
    {
        return backend;
    }

    /** Reserves a free event for a {@link SyncIndex}; frontend (creator) side. */
    synchronized int reserve()
    {
        if (!owner)
        {
            throw new IllegalStateException("SyncIndex reserves events in the group's creator (the frontend); group '" +
                name + "' was attached here");
        }
        final int free = reserved.nextClearBit(0);
        if (free >= count)
        {
            throw new IllegalStateException("all " + count + " events of group '" + name + "' are in use: a SyncIndex " +
                "was not closed, or more threads wait at once than the group has events");
        }
        reserved.set(free);
        return free;
    }

    /** Gives a reserved event back. */
    synchronized void release(final int index)
    {
        if (!reserved.get(index))
        {
            throw new IllegalStateException("event " + index + " of group '" + name + "' was not reserved (released twice?)");
        }
        reserved.clear(index);
    }

    /** @return the index a SyncIndex sends for event {@code index}. */
    int token(final int index)
    {
        return (tag << TAG_SHIFT) | index;
    }

    /** Closes the group; the creator's close deletes the file. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (owner && file != null)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignored)
            {
                // the session directory goes with its last user anyway
            }
            session.release();
        }
        // The mapping stays until the buffer is collected: unmapping by hand would crash a thread still in set().
    }

    @Override
    public void writeMarshallable(final WireOut wire)
    {
        wire.write("name").text(name);
        wire.write("count").int32(count);
    }

    @Override
    public void readMarshallable(final WireIn wire)
    {
        name = wire.read("name").text();
        count = wire.read("count").int32();
        attachExisting();
    }

    @Override
    public String toString()
    {
        return "EventGroup{" + name + ", " + count + " events" + (owner ? ", owner" : "") + '}';
    }

    private int slot(final int index)
    {
        if (index >= 0 && index < count)
        {
            return index;
        }
        final int indexTag = index >>> TAG_SHIFT;
        final int slot = index & ((1 << TAG_SHIFT) - 1);
        if (indexTag == tag && slot < count)
        {
            return slot;
        }
        if (index < 0 || indexTag == 0 || slot >= count)
        {
            throw new IllegalArgumentException("event index " + index + " is out of range for group '" + name +
                "' of " + count + " events");
        }
        throw new IllegalArgumentException("event index " + index + " belongs to another event group, not to '" + name + "'");
    }

    private MappedByteBuffer buffer()
    {
        if (closed)
        {
            throw new IllegalStateException("event group '" + name + "' is closed");
        }
        return buffer;
    }

    private void create()
    {
        session = Session.acquire(); // held until close(): the group's file lives in the session
        final SharedFile shared;
        try
        {
            file = session.resourceDirectory("events").resolve(name);
            shared = SharedFile.createAtomically(file, EventGroupDescriptor.MAGIC, EventGroupDescriptor.LAYOUT_VERSION,
                EventGroupDescriptor.fileLength(count), MappedRegion.Unmap.WHEN_COLLECTED, address ->
                {
                    MEMORY.writeInt(address + EventGroupDescriptor.COUNT_OFFSET, count);
                    MEMORY.writeInt(address + EventGroupDescriptor.TAG_OFFSET, tag);
                });
        }
        catch (final java.nio.file.FileAlreadyExistsException ex)
        {
            session.release();
            throw new IllegalStateException("an event group named '" + name + "' already exists in session " +
                session.dir() + "; use EventGroup.attach(name) to share it", ex);
        }
        catch (final SharedFileException ex)
        {
            session.release();
            throw ex.kind() == SharedFileException.Kind.NO_SPACE ? FileSpace.full(ex) :
                new RuntimeDirectoryException(file, "cannot create it (" + ex.problem() + ")",
                    "Check that the file system has room and the directory is writable", ex);
        }
        catch (final RuntimeException ex)
        {
            session.release();
            throw ex;
        }
        buffer = shared.region().buffer();
        bell = Doorbell.at(shared.address() + EventGroupDescriptor.BELL_OFFSET);
    }

    private void attachExisting()
    {
        JvmFlags.verifyCurrentJvm();
        final Session session = Session.acquire();
        try
        {
            file = session.dir().resolve("events").resolve(name);
        }
        finally
        {
            session.release(); // a client holds no reference: the creator's keeps the session
        }
        final String remedy = "Close the group's creator and create the group again";
        final SharedFile shared;
        try
        {
            shared = SharedFile.attach(file, EventGroupDescriptor.MAGIC, EventGroupDescriptor.LAYOUT_VERSION, Duration.ZERO,
                MappedRegion.Unmap.WHEN_COLLECTED);
        }
        catch (final SharedFileException ex)
        {
            switch (ex.kind())
            {
                case MISSING:
                    throw new TandemException("no event group at " + file + ": it was closed, or never created", ex);
                case TRUNCATED:
                    throw new RuntimeDirectoryException(file, ex.problem(), remedy, ex);
                case IO:
                    throw new RuntimeDirectoryException(file, "cannot open the event group (" + ex.problem() + ")",
                        "Check that it exists and belongs to this user", ex);
                default:
                    throw new RuntimeDirectoryException(file, "is not an event group of layout version " +
                        EventGroupDescriptor.LAYOUT_VERSION + " (" + ex.problem() + ": corrupted, or written by another program)",
                        remedy, ex);
            }
        }
        final int fileCount = MEMORY.readInt(shared.address() + EventGroupDescriptor.COUNT_OFFSET);
        // A corrupted count would make slot offsets overflow (a set() silently landing on another event) or
        // reach past the mapping's end: refuse it here, naming the file, instead.
        if (fileCount < 1 || fileCount > EventGroupDescriptor.MAX_EVENTS)
        {
            throw new RuntimeDirectoryException(file, "is corrupted: its header says " + fileCount +
                " events (1 to " + EventGroupDescriptor.MAX_EVENTS + " allowed)", remedy);
        }
        if (shared.fileLength() < EventGroupDescriptor.fileLength(fileCount))
        {
            throw new RuntimeDirectoryException(file, "is truncated: its header says " + shared.fileLength() + " bytes, but its " +
                fileCount + " events need " + EventGroupDescriptor.fileLength(fileCount), remedy);
        }
        if (count != 0 && fileCount != count)
        {
            throw new TandemException("event group '" + name + "' has " + fileCount + " events, expected " + count);
        }
        count = fileCount;
        tag = MEMORY.readInt(shared.address() + EventGroupDescriptor.TAG_OFFSET);
        buffer = shared.region().buffer();
        bell = Doorbell.at(shared.address() + EventGroupDescriptor.BELL_OFFSET);
        owner = false;
    }

    private static int tagOf(final String name)
    {
        return (name.hashCode() & 0x7ffe) | 1; // 1..32767: never 0, so a tagged index is never a plain one
    }
}
