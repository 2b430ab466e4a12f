package io.tandem.ringbuffer;

import io.tandem.idle.NanoClock;
import io.tandem.ringbuffer.internal.NativeMemory;
import io.tandem.internal.sharedfile.ProcessLiveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMERS_EVICTED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMERS_REGISTERED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_ACTIVE;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_CONSUMED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_DROPPED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_FREE;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_HIGH_WATER_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_NAME_LENGTH_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_NAME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_PID_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_POSITION_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_REGISTERING;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_START_TIME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_STATE_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMER_NAME_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.consumerEntryOffset;
import static io.tandem.ringbuffer.RingBufferDescriptor.consumerGeneration;
import static io.tandem.ringbuffer.RingBufferDescriptor.consumerState;
import static io.tandem.ringbuffer.RingBufferDescriptor.consumerStateWord;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * The consumer table of one mapped ring: registration, the producer's gating scan, eviction of the dead and
 * statistics. Every method may run in any process at any time, so each change of an entry's state word is a
 * compare-and-swap and a lost one means someone else acted first.
 */
final class ConsumerTable
{
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerTable.class);
    private static final int MAX_REGISTRATION_ATTEMPTS = 200;

    private final Path path;
    private final long base;
    private final int maxConsumers;
    private final long heartbeatTimeoutNs;

    ConsumerTable(final Path path, final long base, final int maxConsumers, final long heartbeatTimeoutNs)
    {
        this.path = path;
        this.base = base;
        this.maxConsumers = maxConsumers;
        this.heartbeatTimeoutNs = heartbeatTimeoutNs;
    }

    long entryAddress(final int index)
    {
        return base + consumerEntryOffset(index);
    }

    /** @return how many entries a scan must look at: one more than the highest index ever claimed. */
    int highWater()
    {
        return Math.min(MEMORY.readVolatileInt(base + CONSUMER_HIGH_WATER_OFFSET), maxConsumers);
    }

    /**
     * @param upperBound the producer's position: no consumer can be beyond it.
     * @return the lowest position of an active consumer, or {@code upperBound} if there is none. The caller
     * issues the full fence that makes this scan safe against a consumer registering concurrently.
     */
    long minActivePosition(final long upperBound)
    {
        long min = upperBound;
        final int highWater = highWater();
        for (int i = 0; i < highWater; i++)
        {
            final long entry = entryAddress(i);
            // acquire: a position read after seeing "active" is the consumer's, not a previous occupant's
            if (consumerState(MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET)) == CONSUMER_ACTIVE)
            {
                // acquire: pairs with the consumer's release of this position; its reads of older slots are done
                final long position = MEMORY.readVolatileLong(entry + CONSUMER_POSITION_OFFSET);
                if (position < min)
                {
                    min = position;
                }
            }
        }
        return min;
    }

    /**
     * Evicts every consumer whose heartbeat is older than the ring's timeout and whose process is gone. A live
     * process is never evicted, however slow.
     *
     * @param registeringToo also evict half-registered entries (left by a process that died registering).
     * @return how many were evicted.
     */
    int evictDead(final long nowNs, final boolean registeringToo)
    {
        int evicted = 0;
        final int highWater = highWater();
        for (int i = 0; i < highWater; i++)
        {
            final long entry = entryAddress(i);
            final long word = MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET);
            final int state = consumerState(word);
            if (state == CONSUMER_ACTIVE || (registeringToo && state == CONSUMER_REGISTERING))
            {
                final long heartbeatAgeNs = nowNs - MEMORY.readVolatileLong(entry + CONSUMER_HEARTBEAT_OFFSET);
                if (heartbeatAgeNs > heartbeatTimeoutNs && !isProcessAlive(entry) && evict(entry, word))
                {
                    evicted++;
                    LOG.warn("ring {}: evicted consumer '{}' (pid {}): its process is gone and its heartbeat is {} ms old " +
                        "(timeout {} ms)", path, name(entry), MEMORY.readLong(entry + CONSUMER_PID_OFFSET),
                        TimeUnit.NANOSECONDS.toMillis(heartbeatAgeNs), TimeUnit.NANOSECONDS.toMillis(heartbeatTimeoutNs));
                }
            }
        }
        return evicted;
    }

    /**
     * Registers a consumer: claims a free entry, fills it in, checks that no live consumer has the same name,
     * makes it active, then moves its position to the producer's (it joins at the newest frame).
     *
     * @return the entry's index.
     */
    int register(final String name, final byte[] nameBytes, final NanoClock clock, final long producerPositionAddress)
    {
        for (int attempt = 1; ; attempt++)
        {
            final long now = clock.nanoTime();
            evictDead(now, true);
            if (!nameIsFree(name, nameBytes, -1))
            {
                backOff(name, attempt);
                continue;
            }
            final int index = claimFreeEntry();
            final long entry = entryAddress(index);
            final long registering = MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET);
            MEMORY.writeLong(entry + CONSUMER_PID_OFFSET, ProcessLiveness.currentPid());
            MEMORY.writeLong(entry + CONSUMER_START_TIME_OFFSET, ProcessLiveness.currentStartTimeMs());
            MEMORY.writeLong(entry + CONSUMER_CONSUMED_OFFSET, 0);
            MEMORY.writeLong(entry + CONSUMER_DROPPED_OFFSET, 0);
            MEMORY.writeInt(entry + CONSUMER_NAME_LENGTH_OFFSET, nameBytes.length);
            NativeMemory.copy(nameBytes, NativeMemory.BYTE_ARRAY_BASE, null, entry + CONSUMER_NAME_OFFSET, nameBytes.length);
            MEMORY.writeOrderedLong(entry + CONSUMER_HEARTBEAT_OFFSET, now);
            // release: a first, conservative position, in place before the entry can become active
            MEMORY.writeOrderedLong(entry + CONSUMER_POSITION_OFFSET, MEMORY.readVolatileLong(producerPositionAddress));
            raiseHighWater(index + 1);
            // StoreLoad: our name is visible before we look for a rival of the same name; of two racers, at least one sees the other
            VarHandle.fullFence();
            if (!nameIsFree(name, nameBytes, index))
            {
                MEMORY.compareAndSwapLong(entry + CONSUMER_STATE_OFFSET, registering,
                    consumerStateWord(consumerGeneration(registering), CONSUMER_FREE));
                backOff(name, attempt);
                continue;
            }
            // full fence (CAS): from here on the producer's gating scan sees us; see the package doc on joining
            if (!MEMORY.compareAndSwapLong(entry + CONSUMER_STATE_OFFSET, registering,
                consumerStateWord(consumerGeneration(registering), CONSUMER_ACTIVE)))
            {
                continue; // evicted while half-registered: we looked dead for an instant; start again
            }
            // acquire: the producer's position after we became visible to it; it cannot overwrite frames from here on
            final long joinAt = MEMORY.readVolatileLong(producerPositionAddress);
            // release: position of the newest frame, our starting point
            MEMORY.writeOrderedLong(entry + CONSUMER_POSITION_OFFSET, joinAt);
            MEMORY.addLong(base + CONSUMERS_REGISTERED_OFFSET, 1);
            return index;
        }
    }

    /** Frees an entry this consumer holds; false if it had been evicted. */
    boolean deregister(final int index, final long activeWord)
    {
        return MEMORY.compareAndSwapLong(entryAddress(index) + CONSUMER_STATE_OFFSET, activeWord,
            consumerStateWord(consumerGeneration(activeWord), CONSUMER_FREE));
    }

    /** @return the statistics of entry {@code index}, or null if it is free. */
    ConsumerStats stats(final int index, final long producerPosition, final long nowNs)
    {
        final long entry = entryAddress(index);
        final int state = consumerState(MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET));
        if (state == CONSUMER_FREE)
        {
            return null;
        }
        final long position = MEMORY.readVolatileLong(entry + CONSUMER_POSITION_OFFSET);
        return new ConsumerStats(
            index,
            name(entry),
            MEMORY.readVolatileLong(entry + CONSUMER_PID_OFFSET),
            state == CONSUMER_ACTIVE,
            position,
            MEMORY.readVolatileLong(entry + CONSUMER_CONSUMED_OFFSET),
            MEMORY.readVolatileLong(entry + CONSUMER_DROPPED_OFFSET),
            Math.max(0, producerPosition - position),
            nowNs - MEMORY.readVolatileLong(entry + CONSUMER_HEARTBEAT_OFFSET),
            isProcessAlive(entry));
    }

    /** @return the active consumer with the lowest position, or null if none is active. */
    ConsumerStats slowest(final long producerPosition, final long nowNs)
    {
        ConsumerStats slowest = null;
        final int highWater = highWater();
        for (int i = 0; i < highWater; i++)
        {
            final ConsumerStats stats = stats(i, producerPosition, nowNs);
            if (stats != null && stats.registered() && (slowest == null || stats.position() < slowest.position()))
            {
                slowest = stats;
            }
        }
        return slowest;
    }

    /** @return whether any registered or registering consumer's process is alive. */
    boolean anyLive()
    {
        final int highWater = highWater();
        for (int i = 0; i < highWater; i++)
        {
            final long entry = entryAddress(i);
            if (consumerState(MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET)) != CONSUMER_FREE && isProcessAlive(entry))
            {
                return true;
            }
        }
        return false;
    }

    String name(final long entry)
    {
        final int length = Math.max(0, Math.min(MAX_CONSUMER_NAME_LENGTH, MEMORY.readInt(entry + CONSUMER_NAME_LENGTH_OFFSET)));
        final byte[] bytes = new byte[length];
        NativeMemory.copy(null, entry + CONSUMER_NAME_OFFSET, bytes, NativeMemory.BYTE_ARRAY_BASE, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Looks for another entry holding {@code nameBytes}. A dead holder is evicted on the spot: a consumer of
     * the same name is back (restarted after a crash).
     *
     * @return true if the name is free; false if a live consumer is registering under it right now.
     * @throws RingBufferException if a live, registered consumer has it.
     */
    private boolean nameIsFree(final String name, final byte[] nameBytes, final int selfIndex)
    {
        final int highWater = highWater();
        for (int i = 0; i < highWater; i++)
        {
            if (i == selfIndex)
            {
                continue;
            }
            final long entry = entryAddress(i);
            final long word = MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET);
            final int state = consumerState(word);
            if (state == CONSUMER_FREE || !hasName(entry, nameBytes))
            {
                continue;
            }
            if (!isProcessAlive(entry))
            {
                if (evict(entry, word))
                {
                    LOG.info("ring {}: consumer '{}' of pid {} is gone; its entry is freed for the new one", path, name,
                        MEMORY.readLong(entry + CONSUMER_PID_OFFSET));
                }
                continue;
            }
            if (state == CONSUMER_ACTIVE)
            {
                if (selfIndex >= 0)
                {
                    release(selfIndex);
                }
                throw new RingBufferException("ring buffer " + path + ": a consumer named '" + name +
                    "' is already registered by pid " + MEMORY.readLong(entry + CONSUMER_PID_OFFSET) +
                    "; consumer names are unique per ring (close that one first, or pick another name)");
            }
            return false;
        }
        return true;
    }

    private void release(final int index)
    {
        final long entry = entryAddress(index);
        final long word = MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET);
        if (consumerState(word) != CONSUMER_FREE)
        {
            MEMORY.compareAndSwapLong(entry + CONSUMER_STATE_OFFSET, word, consumerStateWord(consumerGeneration(word), CONSUMER_FREE));
        }
    }

    private boolean hasName(final long entry, final byte[] nameBytes)
    {
        if (MEMORY.readInt(entry + CONSUMER_NAME_LENGTH_OFFSET) != nameBytes.length)
        {
            return false;
        }
        for (int i = 0; i < nameBytes.length; i++)
        {
            if (MEMORY.readByte(entry + CONSUMER_NAME_OFFSET + i) != nameBytes[i])
            {
                return false;
            }
        }
        return true;
    }

    private int claimFreeEntry()
    {
        for (int i = 0; i < maxConsumers; i++)
        {
            final long entry = entryAddress(i);
            final long word = MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET);
            if (consumerState(word) == CONSUMER_FREE &&
                MEMORY.compareAndSwapLong(entry + CONSUMER_STATE_OFFSET, word,
                    consumerStateWord(consumerGeneration(word) + 1, CONSUMER_REGISTERING)))
            {
                return i;
            }
        }
        throw new RingBufferException("ring buffer " + path + ": all " + maxConsumers + " consumer entries are held by " +
            "live consumers; close unused consumers, or create the ring with a larger maxConsumers");
    }

    private void raiseHighWater(final int count)
    {
        while (true)
        {
            final int highWater = MEMORY.readVolatileInt(base + CONSUMER_HIGH_WATER_OFFSET);
            if (highWater >= count || MEMORY.compareAndSwapInt(base + CONSUMER_HIGH_WATER_OFFSET, highWater, count))
            {
                return;
            }
        }
    }

    private boolean evict(final long entry, final long word)
    {
        if (MEMORY.compareAndSwapLong(entry + CONSUMER_STATE_OFFSET, word, consumerStateWord(consumerGeneration(word), CONSUMER_FREE)))
        {
            MEMORY.addLong(base + CONSUMERS_EVICTED_OFFSET, 1);
            return true;
        }
        return false;
    }

    private boolean isProcessAlive(final long entry)
    {
        return ProcessLiveness.isAlive(
            MEMORY.readVolatileLong(entry + CONSUMER_PID_OFFSET), MEMORY.readVolatileLong(entry + CONSUMER_START_TIME_OFFSET));
    }

    private void backOff(final String name, final int attempt)
    {
        if (attempt >= MAX_REGISTRATION_ATTEMPTS)
        {
            throw new RingBufferException("ring buffer " + path + ": could not register consumer '" + name +
                "': another live consumer kept registering under the same name");
        }
        // two racers for one name both back off; a random pause lets one of them through next time
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextInt(50, 1000)));
    }
}
