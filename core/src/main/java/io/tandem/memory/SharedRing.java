package io.tandem.memory;

import io.tandem.BackendBinding;
import io.tandem.ProcessResource;
import io.tandem.idle.WaitMode;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.internal.runtime.Names;
import io.tandem.internal.runtime.Session;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A named ring buffer in the session ({@code <session>/rings/<name>}, on tmpfs) that travels with a process the way
 * a {@link SharedArray} does: held in a non-transient field of a {@code MessageProcess}, it ships to the backend at
 * {@code start()} as its name and attaches there; it closes with the process on both sides. The ring itself (slots,
 * producer, consumers, policies) is the ring buffer module's {@link RingBuffer}: this class names it, places its file,
 * and ties its waits to the processes that share it.
 *
 * <pre>{@code
 * public class Camera extends MessageProcess {
 *     private final SharedRing frames;                          // not transient: it travels by name
 *     private transient RingProducer producer;
 *
 *     public Camera(String name, SharedRing frames) { super(name); this.frames = frames; }
 *
 *     @Override protected void preRun() { producer = frames.producer(); }   // backend: attached by name
 *     @Override protected int betweenCommands() {
 *         FrameClaim claim = producer.tryClaim();
 *         ...
 *     }
 * }
 *
 * try (SharedRing frames = SharedRing.builder("frames").slotCount(8).slotSize(1 << 20).policy(RingPolicy.BLOCK).create();
 *      Camera camera = new Camera("camera", frames)) {
 *     camera.start();
 *     RingConsumer display = frames.consumer("display");     // frontend: waits fail if the camera's backend dies
 *     Frame f = display.receive(Duration.ofSeconds(1));
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Creator and attachers.</b> The side that creates the ring owns its file: its {@link #close()} removes it (and
 * so does its JVM's exit, if it was not closed). Every other side attaches by name and its close only unmaps. A
 * process still mapping a removed ring keeps its memory until it closes.
 *
 * <p><b>Waits watch the processes.</b> In the frontend, the ring is bound to the backend of every process holding it
 * ({@link #bind}). A {@link RingConsumer#receive} wait of a consumer made here ({@link #consumer(String)}) fails at
 * once with {@link io.tandem.failure.BackendDiedException} naming the process when one of those backends has died
 * and no live producer is attached (the producer died, or never came), once every frame already published has been
 * read. A producer that closed cleanly still ends the stream with {@code null}, as on any ring. In a backend (a ring
 * that arrived in a process's field), a wait ends with a {@link io.tandem.failure.TandemException} once the ring's
 * creator (the frontend) is gone; the backend itself is stopping then. {@code tryReceive} and {@code poll} do not
 * wait, so they watch nothing: they return what the ring has. Bind before making consumers: a consumer sleeps on the bells of the bindings it saw when
 * made, and notices a later one within {@value RingConsumer.Watch#MAX_UNRUNG_NOTICE_MS} ms.
 *
 * <p><b>Remote processes.</b> A process run on a tandem node ({@code ProcessOptions.remote}) may hold rings too: the node
 * makes a mirror of each (same name and geometry) in its own session, which the backend's field attaches, and the
 * frontend forwards every frame of this side's ring to it (BLOCK stays lossless end to end; OVERWRITE skips). The
 * producer stays on the frontend's host: the backend consumes, and {@link #producer()} there fails with an
 * {@link IllegalStateException} saying so. See {@code io.tandem.remote.ring} for what crosses and how a dead node's
 * consumer is evicted.
 *
 * <p><b>Threads.</b> As {@link RingBuffer}: the ring's methods are thread-safe, producers and consumers are
 * single-threaded, and {@link #close()} must not run while another thread still reads or writes through the ring.
 */
public final class SharedRing implements ProcessResource, Marshallable, io.tandem.internal.launch.ShippedRing
{
    /** The session's sub-directory holding ring files. */
    public static final String DIRECTORY = "rings";

    private static final Logger LOG = LoggerFactory.getLogger(SharedRing.class);

    // What travels to a backend. Assigned once: by the builder, or by readMarshallable in a backend's copy
    // (Chronicle Wire makes that copy with the no-argument constructor, so these cannot be final).
    private String name;
    private long creatorPid;
    private long creatorStartMs;

    private transient RingBuffer ring;
    private transient Session session;
    private transient AutoCloseable removeAtExit;
    private transient SharedRingWatch watch;
    /** True in a remote backend: the ring is a node's mirror of the frontend's ring, fed by the node. */
    private transient boolean mirror;
    /** Volatile: a consumer's watch reads it on another thread than the one that closes. */
    private transient volatile boolean closed;

    /** For Chronicle Wire only: an unattached instance that {@link #readMarshallable} attaches. */
    private SharedRing()
    {
    }

    /**
     * @param name the ring name: 1 to 64 characters from {@code A-Z a-z 0-9 . _ -}, unique among the session's rings.
     * @return a builder to create or attach the ring.
     * @throws IllegalArgumentException if the name is invalid.
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * Attaches to a ring of this session by name, at once (see {@link Builder#attachTimeout} to wait for it).
     *
     * @throws io.tandem.ringbuffer.RingFileException if there is no such ring (the message names the path).
     */
    public static SharedRing attach(final String name)
    {
        return builder(name).attach();
    }

    /**
     * Options for creating or attaching a ring. Geometry (slot count and size, policy, consumer table, heartbeat
     * timeout) is fixed at creation; when attaching, any geometry set here is checked against the file.
     *
     * <pre>{@code
     * SharedRing frames = SharedRing.builder("frames")
     *     .slotCount(8).slotSize(1920 * 1080 * 3).policy(RingPolicy.OVERWRITE)
     *     .create();
     * SharedRing same = SharedRing.builder("frames").attachTimeout(Duration.ofSeconds(2)).attach();
     * }</pre>
     */
    public static final class Builder
    {
        private final String name;
        private Integer slotCount;
        private Integer slotSize;
        private RingPolicy policy;
        private Integer maxConsumers;
        private Duration heartbeatTimeout;
        private Duration producerTimeout;
        private Duration attachTimeout = Duration.ZERO;
        private WaitMode waitMode;

        private Builder(final String name)
        {
            this.name = Names.validate("ring name", name);
        }

        /** Number of slots, a power of two; see {@link RingBuffer.Builder#slotCount}. */
        public Builder slotCount(final int count)
        {
            this.slotCount = count;
            return this;
        }

        /** Largest frame, bytes; see {@link RingBuffer.Builder#slotSize}. */
        public Builder slotSize(final int bytes)
        {
            this.slotSize = bytes;
            return this;
        }

        /** What the producer does when a consumer is a whole ring behind; default {@link RingPolicy#BLOCK}. */
        public Builder policy(final RingPolicy ringPolicy)
        {
            this.policy = Objects.requireNonNull(ringPolicy, "policy");
            return this;
        }

        /** Size of the consumer table; see {@link RingBuffer.Builder#maxConsumers}. */
        public Builder maxConsumers(final int count)
        {
            this.maxConsumers = count;
            return this;
        }

        /** How long a dead consumer can hold a BLOCK producer back; see {@link RingBuffer.Builder#heartbeatTimeout}. */
        public Builder heartbeatTimeout(final Duration timeout)
        {
            this.heartbeatTimeout = timeout;
            return this;
        }

        /** How long a BLOCK producer waits for a slot; see {@link RingBuffer.Builder#producerTimeout}. */
        public Builder producerTimeout(final Duration timeout)
        {
            this.producerTimeout = timeout;
            return this;
        }

        /** How producers and consumers of this side wait; default {@link WaitMode#PARK}. */
        public Builder waitMode(final WaitMode mode)
        {
            this.waitMode = Objects.requireNonNull(mode, "waitMode");
            return this;
        }

        /** How long {@link #attach()} waits for the ring to appear (default 0: fail at once). */
        public Builder attachTimeout(final Duration timeout)
        {
            if (timeout == null || timeout.isNegative())
            {
                throw new IllegalArgumentException("attach timeout must be zero or positive, got " + timeout);
            }
            this.attachTimeout = timeout;
            return this;
        }

        /**
         * Creates the ring; this side owns the file.
         *
         * @throws io.tandem.ringbuffer.RingFileException if a ring in use has the name in this session, or the file
         *                                                system has no room (the message says what to do).
         * @throws IllegalArgumentException               if the geometry is invalid.
         */
        public SharedRing create()
        {
            return open(true, new SharedRing());
        }

        /**
         * Attaches to the ring made by another side.
         *
         * @throws io.tandem.ringbuffer.RingFileException if there is none within the attach timeout, or its
         *                                                geometry is not what this builder states.
         */
        public SharedRing attach()
        {
            return open(false, new SharedRing());
        }

        /** Opens the file and attaches {@code target}, a new unattached instance, to it. */
        SharedRing open(final boolean create, final SharedRing target)
        {
            final Session session = Session.acquire(); // held until close(): the ring's file lives in the session
            try
            {
                final Path path = session.resourceDirectory(DIRECTORY).resolve(name);
                final RingBuffer.Builder builder = create ? RingBuffer.create(path) : RingBuffer.attach(path);
                configure(builder);
                target.opened(name, builder.build(), session);
                return target;
            }
            catch (final RuntimeException | Error ex)
            {
                session.release();
                throw ex;
            }
        }

        private void configure(final RingBuffer.Builder builder)
        {
            if (slotCount != null)
            {
                builder.slotCount(slotCount);
            }
            if (slotSize != null)
            {
                builder.slotSize(slotSize);
            }
            if (policy != null)
            {
                builder.policy(policy);
            }
            if (maxConsumers != null)
            {
                builder.maxConsumers(maxConsumers);
            }
            if (heartbeatTimeout != null)
            {
                builder.heartbeatTimeout(heartbeatTimeout);
            }
            if (producerTimeout != null)
            {
                builder.producerTimeout(producerTimeout);
            }
            if (waitMode != null)
            {
                builder.waitMode(waitMode);
            }
            builder.attachTimeout(attachTimeout);
        }
    }

    private void opened(final String ringName, final RingBuffer ringBuffer, final Session ringSession)
    {
        this.name = ringName;
        this.ring = ringBuffer;
        this.session = ringSession;
        if (ringBuffer.isCreator())
        {
            final ProcessHandle self = ProcessHandle.current();
            this.creatorPid = self.pid();
            this.creatorStartMs = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
            // at exit the file goes, but the memory stays mapped: other threads may still run during shutdown
            final Path path = ringBuffer.path();
            removeAtExit = () -> java.nio.file.Files.deleteIfExists(path);
            Session.closeAtExit(removeAtExit);
        }
        this.watch = new SharedRingWatch(this);
    }

    // ------------------------------------------------------------------------------------------ use

    /** @return the ring's name in the session. */
    public String name()
    {
        return name;
    }

    /**
     * @return the ring buffer itself, for what this class does not forward (statistics, the data bell).
     * @throws IllegalStateException if this side is closed.
     */
    public RingBuffer ring()
    {
        requireOpen();
        return ring;
    }

    /**
     * Takes the producer role (one per ring across all processes), with this side's wait mode.
     *
     * @throws io.tandem.ringbuffer.RingBufferException if a live producer (in any process) holds it.
     * @throws IllegalStateException                    in a remote process's backend: its ring is the node's mirror,
     *                                                  fed from the frontend's host.
     */
    public RingProducer producer()
    {
        if (mirror)
        {
            throw new IllegalStateException("shared ring '" + name + "' arrived in a remote process: here it is the " +
                "tandem node's mirror of the frontend's ring, fed from the frontend's host, so a remote process may " +
                "only consume it; produce into the ring on the frontend's host (or run this process there)");
        }
        return ring().producer();
    }

    /**
     * Registers a consumer that reads every frame published from now on; its {@code receive} waits watch the
     * processes this ring is bound to (see the class documentation), with this side's wait mode.
     *
     * @param consumerName unique on the ring among live consumers: 1 to 64 UTF-8 bytes, no control characters.
     */
    public RingConsumer consumer(final String consumerName)
    {
        return ring().consumer(consumerName, null, watch);
    }

    /** As {@link #consumer(String)}, waiting with {@code mode}. */
    public RingConsumer consumer(final String consumerName, final WaitMode mode)
    {
        return ring().consumer(consumerName, Objects.requireNonNull(mode, "mode"), watch);
    }

    /** @return the ring file, {@code <session>/rings/<name>}. */
    public Path path()
    {
        return ring == null ? null : ring.path();
    }

    /** @return true on the side that created the file (its close removes it). */
    public boolean isCreator()
    {
        return ring != null && ring.isCreator();
    }

    /** @return true once closed. */
    public synchronized boolean isClosed()
    {
        return closed || ring == null;
    }

    long creatorPid()
    {
        return creatorPid;
    }

    long creatorStartMs()
    {
        return creatorStartMs;
    }

    /** @return the ring, or null once closed: what a watch reads. */
    RingBuffer ringOrNull()
    {
        return closed ? null : ring;
    }

    // ------------------------------------------------------------------------------------------ process resource

    /** Watches {@code backend} from now on: a wait on this ring fails if it dies while no live producer is attached. */
    @Override
    public void bind(final BackendBinding backend)
    {
        watch.bind(backend);
    }

    /**
     * Closes this side: its producer and consumers, the mapping and, on the creator's side, the file. Idempotent;
     * never throws (a failure is logged). Must not run while another thread still uses the ring.
     */
    @Override
    public void close()
    {
        final RingBuffer closing;
        synchronized (this)
        {
            if (closed || ring == null)
            {
                closed = true;
                return;
            }
            closed = true;
            closing = ring;
        }
        try
        {
            if (removeAtExit != null)
            {
                Session.cancelAtExit(removeAtExit);
            }
            closing.close();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("closing shared ring '{}' ({}): {}", name, closing.path(), ex.toString(), ex);
        }
        finally
        {
            session.release();
        }
    }

    // ------------------------------------------------------------------------------------------ shipping

    /** Writes the name and the creator: what a backend needs to attach and to watch. */
    @Override
    public void writeMarshallable(final WireOut wire)
    {
        if (isClosed())
        {
            throw new IllegalStateException("shared ring '" + name + "' is closed: only an open ring can be shipped");
        }
        wire.write("name").text(name);
        wire.write("creatorPid").int64(creatorPid);
        wire.write("creatorStart").int64(creatorStartMs);
    }

    /**
     * Reads a name and attaches this (new, unattached) instance to that ring: how a field of a process reaches its
     * backend.
     *
     * @throws IllegalStateException if this instance is already attached (or was closed).
     */
    @Override
    public void readMarshallable(final WireIn wire)
    {
        if (ring != null || closed)
        {
            throw new IllegalStateException("shared ring '" + name + "' is already attached: Chronicle Wire can only " +
                "read a shared ring into a new instance (hand rings over at run time by name)");
        }
        final String ringName = wire.read("name").text();
        final long pid = wire.read("creatorPid").int64();
        final long start = wire.read("creatorStart").int64();
        builder(ringName).open(false, this);
        // Shipped by its creator, but the file here was made by the process that launched this one: this is a remote
        // process's backend, and the ring the mirror its tandem node made (and feeds). The creator to watch is the node.
        final long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
        this.mirror = pid != 0 && ring.creatorPid() != pid && ring.creatorPid() == parent;
        this.creatorPid = mirror ? ring.creatorPid() : pid;
        this.creatorStartMs = mirror ? ring.creatorStartTimeMs() : start;
    }

    /** Not supported: an attached ring cannot be reset to an empty one. */
    @Override
    public void reset()
    {
        throw new UnsupportedOperationException("a shared ring cannot be reset; close it and open another");
    }

    @Override
    public String toString()
    {
        return "SharedRing(" + name + ", " + (isClosed() ? "closed" :
            (isCreator() ? "creator" : "attached") + ", " + ring.slotCount() + " slots of " + ring.slotSize() +
                " bytes, " + ring.policy() + ", " + ring.path()) + ")";
    }

    private void requireOpen()
    {
        if (isClosed())
        {
            throw new IllegalStateException("shared ring '" + name + "' is closed");
        }
    }
}
