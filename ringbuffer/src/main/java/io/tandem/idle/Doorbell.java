package io.tandem.idle;

import net.openhft.chronicle.core.UnsafeMemory;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A doorbell in shared memory: how a waiter with nothing to do sleeps in the kernel, and how the side that
 * gives it something to do wakes it, from any process, with one system call, and with none while the waiter
 * is awake (under load).
 *
 * <pre>
 * layout: 16 bytes, 8-byte aligned, in a file every party maps
 *     0  int  sequence   the futex word: a ring that finds sleepers adds one to it and wakes them
 *     4  int  sleepers   waiters that have announced they are about to sleep
 *     8  long rungAt     System.nanoTime() of the last ring that found sleepers (CLOCK_MONOTONIC: one clock
 *                        for every process of the machine): tells a woken waiter when its work came, as
 *                        opposed to when the kernel let it run (see {@link SpinBudget})
 * </pre>
 *
 * <p><b>Protocol, and why no wake-up is lost.</b>
 * <pre>
 *   waiter: s = sequence                 (volatile load)
 *           sleepers += 1                (atomic add: a full fence)
 *           if ready(): sleepers -= 1; return
 *           futex_wait(&amp;sequence, s)     (the kernel sleeps only while sequence == s, checked atomically)
 *           sleepers -= 1
 *   ringer: publish the work             (the caller's release store)
 *           full fence
 *           if sleepers != 0: rungAt = now; sequence += 1; futex_wake(&amp;sequence, all)
 * </pre>
 * Each side writes (its sleeper, its work), fences, then reads what the other writes: of two such sides at least
 * one sees the other (the store-load argument of Dekker's algorithm). Either the waiter's re-check sees the
 * work, or the ringer sees the sleeper; it then moves the sequence, so a waiter that has not yet reached
 * futex_wait finds it moved and does not sleep, and one that sleeps is woken. A sleep also ends at its timeout,
 * so a waiter whose ringer died wakes within its own liveness bound. Waits may return early for no reason;
 * callers re-check.
 *
 * <p>Where futexes are unavailable (see {@link #isSupported()}), sleeping is a timed park of at most a
 * millisecond and ringing does nothing: correct, and as slow to react as polling.
 *
 * <pre>{@code
 * Doorbell bell = Doorbell.at(address);                 // in a mapped file, e.g. a slot of the process table
 * // waiting side
 * while (!hasWork()) bell.sleep(this::hasWork, TimeUnit.SECONDS.toNanos(1));
 * // working side, after publishing work
 * bell.ring();
 * }</pre>
 */
public final class Doorbell
{
    /** Bytes a doorbell takes in a shared file. */
    public static final int LENGTH = 16;
    /** A sleep without futexes: short, since nothing will wake it. */
    static final long FALLBACK_SLEEP_NANOS = 1_000_000;

    private static final int SEQUENCE = 0;
    private static final int SLEEPERS = 4;
    private static final int RUNG_AT = 8;

    private final long address;

    private Doorbell(final long address)
    {
        if ((address & 7) != 0)
        {
            throw new IllegalArgumentException("a doorbell must be 8-byte aligned, got address 0x" + Long.toHexString(address));
        }
        this.address = address;
    }

    /** @return the doorbell at {@code address}, {@link #LENGTH} bytes of a mapping that outlives every use of it. */
    public static Doorbell at(final long address)
    {
        return new Doorbell(address);
    }

    /** @return true if sleeping waiters are woken by rings on this machine (Linux futexes). */
    public static boolean isSupported()
    {
        return Futex.AVAILABLE;
    }

    /**
     * Wakes every waiter sleeping on this doorbell; call it after publishing their work (with a release store or
     * stronger). Costs a fence and a read when nobody sleeps.
     *
     * @return true if a waiter was asleep (or about to sleep) and is being woken.
     */
    public boolean ring()
    {
        VarHandle.fullFence(); // the work published above, before the sleepers are read (see the protocol)
        return wakeSleepers();
    }

    /**
     * Rings two doorbells after one fence: a reply wakes its frontend's waiters and the session's pollers.
     *
     * @return true if either had a waiter asleep.
     */
    public static boolean ring(final Doorbell first, final Doorbell second)
    {
        VarHandle.fullFence(); // the work published above, before the sleepers are read (see the protocol)
        return first.wakeSleepers() | second.wakeSleepers();
    }

    private boolean wakeSleepers()
    {
        if (UnsafeMemory.UNSAFE.getIntVolatile(null, address + SLEEPERS) == 0)
        {
            return false;
        }
        UnsafeMemory.UNSAFE.putLongVolatile(null, address + RUNG_AT, System.nanoTime()); // before the wake: the woken read it
        UnsafeMemory.UNSAFE.getAndAddInt(null, address + SEQUENCE, 1);
        if (Futex.AVAILABLE)
        {
            Futex.wake(address + SEQUENCE, Integer.MAX_VALUE);
        }
        return true;
    }

    /**
     * Sleeps until rung, unless {@code ready} holds after announcing the sleep, for at most {@code maxNanos}.
     *
     * @return true if {@code ready} held (no sleep), false after a sleep (the caller re-checks its work).
     */
    public boolean sleep(final BooleanSupplier ready, final long maxNanos)
    {
        final int sequence = UnsafeMemory.UNSAFE.getIntVolatile(null, address + SEQUENCE);
        UnsafeMemory.UNSAFE.getAndAddInt(null, address + SLEEPERS, 1); // atomic: fences the announcement before the re-check
        try
        {
            if (ready.getAsBoolean())
            {
                return true;
            }
            if (Futex.AVAILABLE)
            {
                Futex.wait(address + SEQUENCE, sequence, Math.max(1, maxNanos));
            }
            else
            {
                LockSupport.parkNanos(Math.max(1, Math.min(maxNanos, FALLBACK_SLEEP_NANOS)));
            }
            return false;
        }
        finally
        {
            UnsafeMemory.UNSAFE.getAndAddInt(null, address + SLEEPERS, -1);
        }
    }

    /**
     * Sleeps on several doorbells at once until any is rung (futex_waitv), unless {@code ready} holds after
     * announcing the sleep on all of them, for at most {@code maxNanos}.
     *
     * @return true if {@code ready} held (no sleep), false after a sleep.
     */
    public static boolean sleep(final Doorbell[] bells, final BooleanSupplier ready, final long maxNanos)
    {
        if (bells.length == 1)
        {
            return bells[0].sleep(ready, maxNanos);
        }
        final int count = Math.min(bells.length, Futex.WAITV_MAX);
        final long[] addresses = new long[count];
        final int[] sequences = new int[count];
        for (int i = 0; i < count; i++)
        {
            addresses[i] = bells[i].address + SEQUENCE;
            sequences[i] = UnsafeMemory.UNSAFE.getIntVolatile(null, addresses[i]);
        }
        for (int i = 0; i < count; i++)
        {
            UnsafeMemory.UNSAFE.getAndAddInt(null, bells[i].address + SLEEPERS, 1);
        }
        try
        {
            if (ready.getAsBoolean())
            {
                return true;
            }
            if (Futex.AVAILABLE)
            {
                Futex.waitAny(addresses, sequences, count, System.nanoTime() + Math.max(1, maxNanos),
                    Math.min(maxNanos, FALLBACK_SLEEP_NANOS));
            }
            else
            {
                LockSupport.parkNanos(Math.max(1, Math.min(maxNanos, FALLBACK_SLEEP_NANOS)));
            }
            return false;
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                UnsafeMemory.UNSAFE.getAndAddInt(null, bells[i].address + SLEEPERS, -1);
            }
        }
    }

    /**
     * @return when the latest ring of any of {@code bells} that found a sleeper happened, if at or after
     * {@code since} ({@link System#nanoTime()}); else {@code Long.MIN_VALUE}.
     */
    public static long rungSince(final Doorbell[] bells, final long since)
    {
        long latest = Long.MIN_VALUE;
        for (final Doorbell bell : bells)
        {
            final long rungAt = UnsafeMemory.UNSAFE.getLongVolatile(null, bell.address + RUNG_AT);
            if (rungAt - since >= 0 && (latest == Long.MIN_VALUE || rungAt - latest > 0))
            {
                latest = rungAt;
            }
        }
        return latest;
    }

    /** @return the doorbell's address. */
    public long address()
    {
        return address;
    }

    @Override
    public String toString()
    {
        return "Doorbell{0x" + Long.toHexString(address) + ", sequence " +
            UnsafeMemory.UNSAFE.getIntVolatile(null, address + SEQUENCE) + ", sleepers " +
            UnsafeMemory.UNSAFE.getIntVolatile(null, address + SLEEPERS) + '}';
    }
}
