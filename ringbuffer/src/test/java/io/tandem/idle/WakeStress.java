package io.tandem.idle;

import net.openhft.chronicle.core.UnsafeMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A randomised stress of the doorbell protocol: many senders, one waiter, in threads or processes sharing one
 * mapping. A sender adds one to the request counter, rings the waiter's bell and waits for its request to be
 * acknowledged (asleep on the acknowledgement bell); the waiter acknowledges all requests it finds and sleeps on its
 * bell when there are none. Senders pause at random (not at all, a spin, a yield, a short park), so the waiter
 * falls asleep and is woken again and again, at every phase of its announce, re-check, sleep sequence.
 *
 * <p>Every sleep is capped at {@value #SLEEP_CAP_SECONDS} s. A lost wake-up shows as a request acknowledged
 * only after a sleep ran out: a cycle longer than {@value #LOST_AFTER_MILLIS} ms is counted lost.
 *
 * <pre>
 * layout: 0 long requests | 64 long acknowledged | 128 waiter's bell | 192 acknowledgement bell | 256 long stop
 * </pre>
 */
final class WakeStress
{
    static final int LENGTH = 4096;
    static final long SLEEP_CAP_SECONDS = 10;
    static final long LOST_AFTER_MILLIS = 2_000;
    private static final int REQUESTS = 0;
    private static final int ACKS = 64;
    private static final int WAITER_BELL = 128;
    private static final int ACK_BELL = 192;
    private static final int STOP = 256;
    private static final long SLEEP_CAP = TimeUnit.SECONDS.toNanos(SLEEP_CAP_SECONDS);
    private static final long LOST_AFTER = TimeUnit.MILLISECONDS.toNanos(LOST_AFTER_MILLIS);

    private WakeStress()
    {
    }

    /** What a stress run found. */
    static final class Result
    {
        private long cycles;
        private long lost;
        private long maxCycleNanos;
        private long waiterSleeps;
        private long senderSleeps;

        long cycles()
        {
            return cycles;
        }

        long lost()
        {
            return lost;
        }

        long waiterSleeps()
        {
            return waiterSleeps;
        }

        synchronized void add(final Result other)
        {
            cycles += other.cycles;
            lost += other.lost;
            maxCycleNanos = Math.max(maxCycleNanos, other.maxCycleNanos);
            waiterSleeps += other.waiterSleeps;
            senderSleeps += other.senderSleeps;
        }

        /** @return a line a child prints and the parent parses. */
        String line()
        {
            return "RESULT " + cycles + " " + lost + " " + maxCycleNanos + " " + waiterSleeps + " " + senderSleeps;
        }

        static Result parse(final String line)
        {
            final String[] f = line.trim().split(" ");
            final Result r = new Result();
            r.cycles = Long.parseLong(f[0]);
            r.lost = Long.parseLong(f[1]);
            r.maxCycleNanos = Long.parseLong(f[2]);
            r.waiterSleeps = Long.parseLong(f[3]);
            r.senderSleeps = Long.parseLong(f[4]);
            return r;
        }

        @Override
        public String toString()
        {
            return String.format(java.util.Locale.ROOT, "%d cycles, %d lost, longest %.3f ms, waiter slept %d times, " +
                "senders %d times", cycles, lost, maxCycleNanos / 1e6, waiterSleeps, senderSleeps);
        }
    }

    /** Senders on {@code senders} threads of this process, the waiter on the caller's. */
    static Result inProcess(final long memory, final int senders, final long target) throws InterruptedException
    {
        UnsafeMemory.UNSAFE.setMemory(memory, STOP + 8, (byte)0);
        final Result total = new Result();
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders; i++)
        {
            final long seed = 1234 + i;
            final Thread t = new Thread(() -> total.add(send(memory, seed, target)), "sender-" + i);
            threads.add(t);
            t.start();
        }
        total.add(await(memory, target));
        for (final Thread t : threads)
        {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        return total;
    }

    /** The waiter: acknowledges requests until {@code target} of them are, then tells the senders to stop. */
    static Result await(final long memory, final long target)
    {
        final Doorbell bell = Doorbell.at(memory + WAITER_BELL);
        final Doorbell ackBell = Doorbell.at(memory + ACK_BELL);
        final Result result = new Result();
        long acknowledged = 0;
        while (acknowledged < target)
        {
            final long requests = UnsafeMemory.UNSAFE.getLongVolatile(null, memory + REQUESTS);
            if (requests != acknowledged)
            {
                acknowledged = requests;
                UnsafeMemory.UNSAFE.putLongVolatile(null, memory + ACKS, acknowledged);
                ackBell.ring();
                continue;
            }
            final long slept = System.nanoTime();
            final long seen = acknowledged;
            if (!bell.sleep(() -> UnsafeMemory.UNSAFE.getLongVolatile(null, memory + REQUESTS) != seen, SLEEP_CAP))
            {
                result.waiterSleeps++;
                if (System.nanoTime() - slept >= LOST_AFTER &&
                    UnsafeMemory.UNSAFE.getLongVolatile(null, memory + REQUESTS) != seen)
                {
                    result.lost++; // slept through a request: nobody woke it
                }
            }
        }
        UnsafeMemory.UNSAFE.putLongVolatile(null, memory + STOP, 1);
        ackBell.ring();
        return result;
    }

    /** A sender: requests, waits for the acknowledgement, pauses at random; until the waiter says stop. */
    static Result send(final long memory, final long seed, final long target)
    {
        final Doorbell waiterBell = Doorbell.at(memory + WAITER_BELL);
        final Doorbell ackBell = Doorbell.at(memory + ACK_BELL);
        final SplittableRandom random = new SplittableRandom(seed);
        final Result result = new Result();
        while (UnsafeMemory.UNSAFE.getLongVolatile(null, memory + STOP) == 0)
        {
            final long start = System.nanoTime();
            final long mine = UnsafeMemory.UNSAFE.getAndAddLong(null, memory + REQUESTS, 1) + 1;
            if (mine > target + 1_000_000)
            {
                break; // far past the end: the waiter stopped
            }
            waiterBell.ring();
            int spins = 0;
            while (UnsafeMemory.UNSAFE.getLongVolatile(null, memory + ACKS) < mine &&
                UnsafeMemory.UNSAFE.getLongVolatile(null, memory + STOP) == 0)
            {
                if (spins++ < 50)
                {
                    Thread.onSpinWait();
                    continue;
                }
                if (!ackBell.sleep(() -> UnsafeMemory.UNSAFE.getLongVolatile(null, memory + ACKS) >= mine ||
                    UnsafeMemory.UNSAFE.getLongVolatile(null, memory + STOP) != 0, SLEEP_CAP))
                {
                    result.senderSleeps++;
                }
            }
            final long cycle = System.nanoTime() - start;
            result.cycles++;
            result.maxCycleNanos = Math.max(result.maxCycleNanos, cycle);
            if (cycle >= LOST_AFTER)
            {
                result.lost++;
            }
            switch (random.nextInt(4))
            {
                case 0:
                    break;
                case 1:
                    for (int i = random.nextInt(200); i > 0; i--)
                    {
                        Thread.onSpinWait();
                    }
                    break;
                case 2:
                    Thread.yield();
                    break;
                default:
                    LockSupport.parkNanos(random.nextLong(1_000, 100_000));
                    break;
            }
        }
        return result;
    }
}
