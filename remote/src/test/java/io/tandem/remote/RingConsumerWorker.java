package io.tandem.remote;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingProducer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A process holding a ring; its backend consumes the ring's numbered frames ({@link #publish} writes them). */
public class RingConsumerWorker extends MessageProcess implements RingCommands
{
    private final SharedRing frames;
    private transient RingConsumer consumer;

    public RingConsumerWorker(final String name, final ProcessOptions options, final SharedRing frames)
    {
        super(name, options);
        this.frames = frames;
    }

    /** Writes frame {@code number} of {@code length} bytes (at least 8): the number, then bytes derived from it. */
    public static void publish(final RingProducer producer, final long number, final int length, final Duration timeout)
    {
        write(producer.claim(timeout), number, length);
    }

    /** Writes frame {@code number} of {@code length} bytes into {@code claim} and publishes it. */
    public static void write(final FrameClaim claim, final long number, final int length)
    {
        final org.agrona.concurrent.UnsafeBuffer slot = new org.agrona.concurrent.UnsafeBuffer(claim.address(), claim.capacity());
        slot.putLong(0, number);
        for (int i = 8; i < length; i++)
        {
            slot.putByte(i, (byte)(number * 31 + i));
        }
        claim.publish(length, (int)number, number * 3);
    }

    /** @return the frame's number if intact, else -1. */
    static long check(final Frame frame, final byte[] scratch)
    {
        final int length = frame.length();
        if (length < 8 || length > scratch.length)
        {
            return -1;
        }
        frame.copyTo(scratch, 0);
        final long number = new org.agrona.concurrent.UnsafeBuffer(scratch).getLong(0);
        for (int i = 8; i < length; i++)
        {
            if (scratch[i] != (byte)(number * 31 + i))
            {
                return -1;
            }
        }
        return frame.tag() == (int)number && frame.timestamp() == number * 3 ? number : -1;
    }

    @Override
    protected void preRun()
    {
        consumer = frames.consumer("backend");
    }

    @Override
    public boolean ready()
    {
        return consumer != null;
    }

    @Override
    public long[] consume(final long last, final long timeoutMs, final long delayMicros)
    {
        final byte[] scratch = new byte[frames.ring().slotSize()];
        long received = 0;
        long corrupt = 0;
        long disorder = 0;
        long first = -1;
        long previous = -1;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (previous != last && System.nanoTime() - deadline < 0)
        {
            final Frame frame = consumer.receive(Duration.ofMillis(100));
            if (frame == null)
            {
                continue;
            }
            final long number = check(frame, scratch);
            final boolean intact = consumer.release();
            if (!intact)
            {
                continue; // OVERWRITE: lapped while read; the consumer counts it as dropped
            }
            if (number < 0)
            {
                corrupt++;
                continue;
            }
            received++;
            if (first < 0)
            {
                first = number;
            }
            if (number <= previous)
            {
                disorder++;
            }
            previous = number;
            if (delayMicros > 0)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(delayMicros));
            }
        }
        return new long[] {received, corrupt, disorder, first, previous, consumer.dropped()};
    }

    @Override
    public String tryProduce()
    {
        try (RingProducer producer = frames.producer())
        {
            return "producer " + producer;
        }
        catch (final RuntimeException ex)
        {
            return ex.getMessage();
        }
    }
}
