package io.tandem.ringbuffer;

import io.tandem.idle.IdleStrategy;
import io.tandem.idle.NanoClock;
import io.tandem.idle.Doorbell;
import io.tandem.idle.WaitMode;
import io.tandem.jvm.JvmFlags;
import io.tandem.internal.sharedfile.MappedRegion;
import io.tandem.internal.sharedfile.ProcessLiveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMERS_EVICTED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMERS_REGISTERED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.DATA_BELL_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SPACE_BELL_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMERS_LIMIT;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMER_NAME_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_FILE_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_SLOT_COUNT;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_SLOT_SIZE;
import static io.tandem.ringbuffer.RingBufferDescriptor.MIN_SLOT_COUNT;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_BLOCKED_COUNT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_NONE;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_OWNER_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_POSITION_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_START_TIME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_STATE_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * A shared-memory ring buffer: one producer, any number of consumers, each in any process, through one
 * memory-mapped file (on tmpfs: {@code /dev/shm} by default on Linux). Slots are fixed in number (a power of two)
 * and size, chosen at creation; frames are sequenced, published with release stores and read in place. The
 * layout is in {@link RingBufferDescriptor}, the protocol in the package documentation.
 *
 * <p>This object is one process's mapping of the file. It hands out the {@link RingProducer} (one per ring
 * across all processes) and {@link RingConsumer}s (any number, one name each); closing it closes those and
 * unmaps the file, and if this handle created the file, removes it: create the ring in the process that lives
 * longest. Its methods are thread-safe; producers and consumers are single-threaded. Do not close it while
 * another thread still reads or writes through it: unmapped memory cannot be touched safely.
 *
 * <pre>{@code
 * // process A
 * try (RingBuffer ring = RingBuffer.create(Path.of("/dev/shm/frames"))
 *          .slotCount(16).slotSize(1920 * 1080 * 3).policy(RingPolicy.OVERWRITE).build();
 *      RingProducer producer = ring.producer()) {
 *     producer.offer(image, 0, image.length, frameNo, System.nanoTime());
 * }
 *
 * // process B
 * try (RingBuffer ring = RingBuffer.attach(Path.of("/dev/shm/frames")).attachTimeout(Duration.ofSeconds(5)).build();
 *      RingConsumer consumer = ring.consumer("display")) {
 *     consumer.poll(frame -> show(frame.bytes()), 16);
 * }
 * }</pre>
 */
public final class RingBuffer implements AutoCloseable
{
    /** Default number of slots. */
    public static final int DEFAULT_SLOT_COUNT = 1024;
    /** Default slot size (largest frame), bytes. */
    public static final int DEFAULT_SLOT_SIZE = 4096;
    /** Default size of the consumer table. */
    public static final int DEFAULT_MAX_CONSUMERS = 64;
    /** Default consumer heartbeat timeout: how long a dead consumer can hold a BLOCK producer back. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(RingBuffer.class);

    private final Path path;
    private final MappedRegion region;
    private final long base;
    private final RingPolicy policy;
    private final int slotCount;
    private final int slotSize;
    private final int slotLength;
    private final int maxConsumers;
    private final long slotsAddress;
    private final long fileLength;
    private final long heartbeatTimeoutNs;
    private final long creatorPid;
    private final long creatorStartTimeMs;
    private final boolean creator;
    private final NanoClock clock;
    /** A custom strategy per producer or consumer, or null: {@link #waitMode}'s. */
    private final Supplier<IdleStrategy> idleStrategies;
    private final WaitMode waitMode;
    private final Doorbell dataBell;
    private final Doorbell spaceBell;
    private final long producerTimeoutNs;
    private final ConsumerTable consumerTable;
    private final List<AutoCloseable> children = new ArrayList<>();
    private volatile boolean closing;
    private volatile boolean closed;

    RingBuffer(final Path path, final MappedRegion region, final RingHeader header, final boolean creator, final Builder builder)
    {
        this.path = path;
        this.region = region;
        this.base = region.address();
        this.policy = header.policy;
        this.slotCount = header.slotCount;
        this.slotSize = header.slotSize;
        this.slotLength = header.slotLength;
        this.maxConsumers = header.maxConsumers;
        this.slotsAddress = base + header.slotsOffset;
        this.fileLength = header.fileLength;
        this.heartbeatTimeoutNs = header.heartbeatTimeoutNs;
        this.creatorPid = header.creatorPid;
        this.creatorStartTimeMs = header.creatorStartTimeMs;
        this.creator = creator;
        this.clock = builder.clock();
        this.idleStrategies = builder.idleStrategies();
        this.waitMode = builder.waitMode();
        this.dataBell = Doorbell.at(base + DATA_BELL_OFFSET);
        this.spaceBell = Doorbell.at(base + SPACE_BELL_OFFSET);
        this.producerTimeoutNs = builder.producerTimeout() != null ? builder.producerTimeout().toNanos() : 2 * heartbeatTimeoutNs;
        this.consumerTable = new ConsumerTable(path, base, maxConsumers, heartbeatTimeoutNs);
    }

    /**
     * Starts building a new ring at {@code path}; {@link Builder#build()} fails if a ring in use is there already
     * (a stale ring, whose every user is gone, is replaced).
     *
     * <pre>{@code
     * RingBuffer ring = RingBuffer.create(Path.of("/dev/shm/ticks")).slotCount(4096).slotSize(256).build();
     * }</pre>
     */
    public static Builder create(final Path path)
    {
        return new Builder(path, Builder.Mode.CREATE);
    }

    /**
     * Starts building a ring that is created if missing, else attached (the settings given are then checked
     * against the file's): for producers and consumers that may start in either order.
     *
     * <pre>{@code
     * RingBuffer ring = RingBuffer.createOrAttach(path).slotCount(64).slotSize(1 << 20).build();
     * }</pre>
     */
    public static Builder createOrAttach(final Path path)
    {
        return new Builder(path, Builder.Mode.CREATE_OR_ATTACH);
    }

    /**
     * Starts attaching to an existing ring; its geometry comes from the file (any slot count, size, policy or
     * max consumers set on the builder are checked against it).
     *
     * <pre>{@code
     * RingBuffer ring = RingBuffer.attach(path).attachTimeout(Duration.ofSeconds(10)).build();
     * }</pre>
     */
    public static Builder attach(final Path path)
    {
        return new Builder(path, Builder.Mode.ATTACH);
    }

    /**
     * Takes the producer role, with the ring's default wait strategy.
     *
     * @throws RingBufferException if a live producer (in any process) holds it.
     */
    public RingProducer producer()
    {
        return producer(idleStrategies == null ? null : idleStrategies.get(), waitMode);
    }

    /** As {@link #producer()}, waiting for free slots (BLOCK) with {@code waitMode}. */
    public RingProducer producer(final WaitMode waitMode)
    {
        return producer(null, waitMode);
    }

    /**
     * Registers a consumer that reads every frame published from now on, with the ring's default wait strategy.
     *
     * @param name unique on the ring among live consumers: 1 to 64 UTF-8 bytes, no control characters.
     * @throws RingBufferException if a live consumer has the name, or the consumer table is full.
     */
    public RingConsumer consumer(final String name)
    {
        return consumer(name, idleStrategies == null ? null : idleStrategies.get(), waitMode, null);
    }

    /** As {@link #consumer(String)}, waiting for frames with {@code waitMode}. */
    public RingConsumer consumer(final String name, final WaitMode waitMode)
    {
        return consumer(name, null, waitMode, null);
    }

    /**
     * As {@link #consumer(String, WaitMode)}, with a {@link RingConsumer.Watch} its waits also ask: the hook for a
     * framework that knows which process produces (Tandem's {@code SharedRing} ends a wait with the producing
     * backend's death), not needed otherwise.
     *
     * @param waitMode how it waits; null for the ring's default (or its custom strategy).
     */
    public RingConsumer consumer(final String name, final WaitMode waitMode, final RingConsumer.Watch watch)
    {
        Objects.requireNonNull(watch, "watch");
        return waitMode == null ?
            consumer(name, idleStrategies == null ? null : idleStrategies.get(), this.waitMode, watch) :
            consumer(name, null, waitMode, watch);
    }

    /** @return the doorbell consumers sleep on, rung by the producer after each frame. */
    public Doorbell dataBell()
    {
        return dataBell;
    }

    /** @return the doorbell a waiting BLOCK producer sleeps on, rung by consumers after releasing frames. */
    Doorbell spaceBell()
    {
        return spaceBell;
    }

    /** @return the ring file. */
    public Path path()
    {
        return path;
    }

    /** @return the policy chosen at creation. */
    public RingPolicy policy()
    {
        return policy;
    }

    /** @return the number of slots (a power of two). */
    public int slotCount()
    {
        return slotCount;
    }

    /** @return the largest frame a slot holds, bytes. */
    public int slotSize()
    {
        return slotSize;
    }

    /** @return the size of the consumer table. */
    public int maxConsumers()
    {
        return maxConsumers;
    }

    /** @return how old a consumer's heartbeat must be, with its process gone, for it to be evicted. */
    public Duration heartbeatTimeout()
    {
        return Duration.ofNanos(heartbeatTimeoutNs);
    }

    /** @return the file's length, bytes. */
    public long fileLength()
    {
        return fileLength;
    }

    /** @return true if this handle created the file (and removes it on close). */
    public boolean isCreator()
    {
        return creator;
    }

    /** @return frames published on the ring since its creation (the producer position). */
    public long published()
    {
        checkOpen();
        return MEMORY.readVolatileLong(producerPositionAddress());
    }

    /** @return whether a producer is attached, closed or dead (reads its pid and start time from the file). */
    public ProducerStatus producerStatus()
    {
        checkOpen();
        final long owner = MEMORY.readVolatileLong(base + PRODUCER_OWNER_OFFSET);
        if (owner == 0)
        {
            return MEMORY.readVolatileInt(base + PRODUCER_STATE_OFFSET) == PRODUCER_NONE ? ProducerStatus.NONE : ProducerStatus.CLOSED;
        }
        final boolean alive = owner < 0 ?
            ProcessLiveness.isAlive(-owner, 0) :
            ProcessLiveness.isAlive(owner, MEMORY.readVolatileLong(base + PRODUCER_START_TIME_OFFSET));
        return alive ? ProducerStatus.ACTIVE : ProducerStatus.DEAD;
    }

    /** @return true if the producer closed (not whether it died): two reads of the header, for every pass of a wait. */
    boolean isProducerClosed()
    {
        return MEMORY.readVolatileLong(base + PRODUCER_OWNER_OFFSET) == 0 &&
            MEMORY.readVolatileInt(base + PRODUCER_STATE_OFFSET) != PRODUCER_NONE;
    }

    /** @return true if the producer closed or died: nothing more will be published until another attaches. */
    public boolean isAbandoned()
    {
        return producerStatus().isAbandoned();
    }

    /** @return a snapshot of every registered consumer, in any process. */
    public List<ConsumerStats> consumers()
    {
        checkOpen();
        final long producerPosition = MEMORY.readVolatileLong(producerPositionAddress());
        final long now = clock.nanoTime();
        final List<ConsumerStats> stats = new ArrayList<>();
        final int highWater = consumerTable.highWater();
        for (int i = 0; i < highWater; i++)
        {
            final ConsumerStats s = consumerTable.stats(i, producerPosition, now);
            if (s != null)
            {
                stats.add(s);
            }
        }
        return stats;
    }

    /** @return times a producer found the ring full (BLOCK). */
    public long producerBlockedCount()
    {
        checkOpen();
        return MEMORY.readVolatileLong(base + PRODUCER_BLOCKED_COUNT_OFFSET);
    }

    /** @return consumers evicted because their process died. */
    public long consumersEvicted()
    {
        checkOpen();
        return MEMORY.readVolatileLong(base + CONSUMERS_EVICTED_OFFSET);
    }

    /** @return consumer registrations since creation. */
    public long consumersRegistered()
    {
        checkOpen();
        return MEMORY.readVolatileLong(base + CONSUMERS_REGISTERED_OFFSET);
    }

    /** @return true once {@link #close()} has started. */
    public boolean isClosed()
    {
        return closing;
    }

    /**
     * Closes the producer and consumers opened through this handle, unmaps the file and, if this handle created
     * it, removes it (processes still attached keep their mapping; nobody new can attach).
     */
    @Override
    public void close()
    {
        final List<AutoCloseable> open;
        synchronized (this)
        {
            if (closing)
            {
                return;
            }
            closing = true; // no new producer or consumer; the open ones still deregister through the mapping
            open = new ArrayList<>(children);
        }
        RuntimeException failure = null;
        for (final AutoCloseable child : open)
        {
            try
            {
                child.close();
            }
            catch (final Exception ex)
            {
                failure = addFailure(failure, ex);
            }
        }
        synchronized (this)
        {
            closed = true;
            children.clear();
        }
        try
        {
            region.close();
        }
        catch (final RuntimeException ex)
        {
            failure = addFailure(failure, ex);
        }
        if (creator)
        {
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ex)
            {
                failure = addFailure(failure, new RingFileException(path, "cannot be removed: " + ex, ex));
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    @Override
    public String toString()
    {
        return "RingBuffer{" + path + ", " + slotCount + " slots of " + slotSize + " bytes, " + policy +
            (creator ? ", creator" : "") + (closed ? ", closed" : "") + '}';
    }

    /** @param idle a custom strategy, or null for {@code mode}'s (a PARK one sleeps on the space bell). */
    private synchronized RingProducer producer(final IdleStrategy idle, final WaitMode mode)
    {
        checkOpen();
        final RingProducer producer = new RingProducer(this, idle, mode, producerTimeoutNs);
        children.add(producer);
        return producer;
    }

    /**
     * @param idle  a custom strategy, or null for {@code mode}'s (a PARK one sleeps on the data bell).
     * @param watch what its waits also ask, or null.
     */
    private synchronized RingConsumer consumer(final String name, final IdleStrategy idle, final WaitMode mode,
        final RingConsumer.Watch watch)
    {
        checkOpen();
        final RingConsumer consumer = new RingConsumer(this, name, consumerName(name), idle, mode, watch);
        children.add(consumer);
        return consumer;
    }

    private static byte[] consumerName(final String name)
    {
        Objects.requireNonNull(name, "name");
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_CONSUMER_NAME_LENGTH)
        {
            throw new IllegalArgumentException("consumer name '" + name + "' must be 1 to " + MAX_CONSUMER_NAME_LENGTH +
                " bytes in UTF-8, it is " + bytes.length);
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (Character.isISOControl(name.charAt(i)))
            {
                throw new IllegalArgumentException("consumer name '" + name.replaceAll("\\p{Cntrl}", "?") +
                    "' must not contain control characters");
            }
        }
        return bytes;
    }

    private static RuntimeException addFailure(final RuntimeException failure, final Exception ex)
    {
        if (failure == null)
        {
            return ex instanceof RuntimeException ? (RuntimeException)ex : new RingBufferException(ex.toString(), ex);
        }
        failure.addSuppressed(ex);
        return failure;
    }

    private void checkOpen()
    {
        if (closing)
        {
            throw new IllegalStateException("ring buffer " + path + " is closed");
        }
    }

    /** @return true once the file is unmapped: nothing may touch it any more. */
    boolean isUnmapped()
    {
        return closed;
    }

    synchronized void removeChild(final Object child)
    {
        children.remove(child);
    }

    long baseAddress()
    {
        return base;
    }

    long slotsAddress()
    {
        return slotsAddress;
    }

    long producerPositionAddress()
    {
        return base + PRODUCER_POSITION_OFFSET;
    }

    int slotLength()
    {
        return slotLength;
    }

    long heartbeatTimeoutNs()
    {
        return heartbeatTimeoutNs;
    }

    NanoClock clock()
    {
        return clock;
    }

    ConsumerTable consumerTable()
    {
        return consumerTable;
    }

    /** @return the pid of the process that created the file (it may be gone; see {@link #creatorStartTimeMs()}). */
    public long creatorPid()
    {
        return creatorPid;
    }

    /** @return the creator's process start time, epoch ms: with {@link #creatorPid()}, tells a reused pid apart. */
    public long creatorStartTimeMs()
    {
        return creatorStartTimeMs;
    }

    /**
     * Settings of a ring to create or attach. Geometry (slot count and size, policy, max consumers, heartbeat
     * timeout) is fixed at creation and stored in the file; when attaching, any geometry set here is checked
     * against the file. The rest (wait strategy, timeouts, clock) is this process's.
     *
     * <pre>{@code
     * RingBuffer ring = RingBuffer.create(Path.of("/dev/shm/tandem-frames"))
     *     .slotCount(64)                          // power of two
     *     .slotSize(1 << 20)                      // largest frame, bytes
     *     .policy(RingPolicy.BLOCK)
     *     .heartbeatTimeout(Duration.ofSeconds(2))
     *     .waitMode(WaitMode.BUSY_SPIN)
     *     .build();
     * }</pre>
     */
    public static final class Builder
    {
        enum Mode
        {
            CREATE, CREATE_OR_ATTACH, ATTACH
        }

        private final Path path;
        private final Mode mode;
        private int slotCount = DEFAULT_SLOT_COUNT;
        private boolean slotCountSet;
        private int slotSize = DEFAULT_SLOT_SIZE;
        private boolean slotSizeSet;
        private RingPolicy policy = RingPolicy.BLOCK;
        private boolean policySet;
        private int maxConsumers = DEFAULT_MAX_CONSUMERS;
        private boolean maxConsumersSet;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Duration producerTimeout;
        private Duration attachTimeout = Duration.ZERO;
        private Supplier<IdleStrategy> idleStrategies;
        private WaitMode waitMode = WaitMode.PARK;
        private NanoClock clock = NanoClock.SYSTEM;

        private Builder(final Path path, final Mode mode)
        {
            this.path = Objects.requireNonNull(path, "path");
            this.mode = mode;
        }

        /** Number of slots: a power of two from 2 to 2^30. Default {@value RingBuffer#DEFAULT_SLOT_COUNT}. */
        public Builder slotCount(final int slotCount)
        {
            if (slotCount < MIN_SLOT_COUNT || slotCount > MAX_SLOT_COUNT || Integer.bitCount(slotCount) != 1)
            {
                throw new IllegalArgumentException("slotCount must be a power of two from " + MIN_SLOT_COUNT + " to " +
                    MAX_SLOT_COUNT + ", got " + slotCount);
            }
            this.slotCount = slotCount;
            this.slotCountSet = true;
            return this;
        }

        /** Largest frame a slot holds, bytes, from 1. Default {@value RingBuffer#DEFAULT_SLOT_SIZE}. */
        public Builder slotSize(final int slotSize)
        {
            if (slotSize < 1 || slotSize > MAX_SLOT_SIZE)
            {
                throw new IllegalArgumentException("slotSize must be from 1 to " + MAX_SLOT_SIZE + " bytes, got " + slotSize);
            }
            this.slotSize = slotSize;
            this.slotSizeSet = true;
            return this;
        }

        /** What the producer does when a consumer is a whole ring behind. Default {@link RingPolicy#BLOCK}. */
        public Builder policy(final RingPolicy policy)
        {
            this.policy = Objects.requireNonNull(policy, "policy");
            this.policySet = true;
            return this;
        }

        /** Size of the consumer table, 1 to 4096. Default {@value RingBuffer#DEFAULT_MAX_CONSUMERS}. */
        public Builder maxConsumers(final int maxConsumers)
        {
            if (maxConsumers < 1 || maxConsumers > MAX_CONSUMERS_LIMIT)
            {
                throw new IllegalArgumentException("maxConsumers must be from 1 to " + MAX_CONSUMERS_LIMIT + ", got " + maxConsumers);
            }
            this.maxConsumers = maxConsumers;
            this.maxConsumersSet = true;
            return this;
        }

        /**
         * How old a consumer's heartbeat must be, with its process gone, before it is evicted (creation only; at
         * least 1 ms). It bounds how long a dead consumer holds a BLOCK producer back. Default 5 s.
         */
        public Builder heartbeatTimeout(final Duration heartbeatTimeout)
        {
            if (heartbeatTimeout == null || heartbeatTimeout.compareTo(Duration.ofMillis(1)) < 0)
            {
                throw new IllegalArgumentException("heartbeatTimeout must be at least 1 ms, got " + heartbeatTimeout);
            }
            this.heartbeatTimeout = heartbeatTimeout;
            return this;
        }

        /**
         * How long {@link RingProducer#claim()} and {@code publish} wait for a free slot on a BLOCK ring before
         * throwing {@link RingTimeoutException}. Default: twice the heartbeat timeout, so a dead consumer is
         * evicted before the producer gives up.
         */
        public Builder producerTimeout(final Duration producerTimeout)
        {
            if (producerTimeout == null || producerTimeout.isNegative())
            {
                throw new IllegalArgumentException("producerTimeout must be zero or positive, got " + producerTimeout);
            }
            this.producerTimeout = producerTimeout;
            return this;
        }

        /**
         * How long attaching waits for the file to appear and be initialised (attach and createOrAttach). Default 0:
         * fail at once.
         */
        public Builder attachTimeout(final Duration attachTimeout)
        {
            if (attachTimeout == null || attachTimeout.isNegative())
            {
                throw new IllegalArgumentException("attachTimeout must be zero or positive, got " + attachTimeout);
            }
            this.attachTimeout = attachTimeout;
            return this;
        }

        /**
         * How producers and consumers of this handle wait. Default {@link WaitMode#PARK}: asleep until the other side
         * rings the ring's doorbell.
         */
        public Builder waitMode(final WaitMode waitMode)
        {
            this.waitMode = Objects.requireNonNull(waitMode, "waitMode");
            this.idleStrategies = null;
            return this;
        }

        /** A custom wait strategy; the supplier is called once per producer or consumer. */
        public Builder idleStrategy(final Supplier<IdleStrategy> idleStrategies)
        {
            this.idleStrategies = Objects.requireNonNull(idleStrategies, "idleStrategies");
            return this;
        }

        /**
         * The clock for timeouts and heartbeats. Default {@link NanoClock#SYSTEM}, which is the only one that works
         * across processes; inject another in single-process tests to move time by hand.
         */
        public Builder clock(final NanoClock clock)
        {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates or attaches the ring.
         *
         * @throws RingFileException if the file cannot be created or attached (the message says why).
         * @throws io.tandem.jvm.MissingJvmFlagsException if this JVM lacks the flags Chronicle needs.
         */
        public RingBuffer build()
        {
            JvmFlags.verifyCurrentJvm();
            if (mode != Mode.ATTACH)
            {
                final long length = RingBufferDescriptor.fileLength(slotCount, slotSize, maxConsumers);
                if (length > MAX_FILE_LENGTH)
                {
                    throw new IllegalArgumentException(slotCount + " slots of " + slotSize + " bytes make a " + length +
                        "-byte file, more than the " + MAX_FILE_LENGTH + " allowed");
                }
            }
            final RingBuffer ring = RingFiles.open(this);
            LOG.debug("{} {}", ring.isCreator() ? "created" : "attached", ring);
            return ring;
        }

        Path path()
        {
            return path;
        }

        Mode mode()
        {
            return mode;
        }

        int slotCount()
        {
            return slotCount;
        }

        boolean slotCountSet()
        {
            return slotCountSet;
        }

        int slotSize()
        {
            return slotSize;
        }

        boolean slotSizeSet()
        {
            return slotSizeSet;
        }

        RingPolicy policy()
        {
            return policy;
        }

        boolean policySet()
        {
            return policySet;
        }

        int maxConsumers()
        {
            return maxConsumers;
        }

        boolean maxConsumersSet()
        {
            return maxConsumersSet;
        }

        Duration heartbeatTimeout()
        {
            return heartbeatTimeout;
        }

        Duration producerTimeout()
        {
            return producerTimeout;
        }

        Duration attachTimeout()
        {
            return attachTimeout;
        }

        Supplier<IdleStrategy> idleStrategies()
        {
            return idleStrategies;
        }

        WaitMode waitMode()
        {
            return waitMode;
        }

        NanoClock clock()
        {
            return clock;
        }
    }
}
