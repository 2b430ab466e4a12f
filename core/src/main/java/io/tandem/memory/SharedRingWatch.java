package io.tandem.memory;

import io.tandem.BackendBinding;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.TandemException;
import io.tandem.idle.Doorbell;
import io.tandem.ringbuffer.ProducerStatus;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.internal.sharedfile.ProcessLiveness;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the waits of a {@link SharedRing}'s consumers watch besides the ring's producer.
 *
 * <ul>
 * <li>In the frontend, the backends of the processes holding the ring ({@link #bind}): when one has died and the ring
 *     has no live producer (it died, or never attached), the wait fails with {@link BackendDiedException} naming that
 *     process. A dead backend while a producer is attached or closed cleanly was not the producer: it is forgotten.
 *     The frontend learns a death from the JDK's process reaper and rings the process's death bell, which the
 *     consumers sleep on, so the wait fails at once.</li>
 * <li>In a backend, the ring's creator (the frontend that shipped it): once it is gone, a wait fails with a
 *     {@link TandemException} rather than waiting on a ring nobody will close; checked at most every
 *     {@value #CREATOR_CHECK_MS} ms (it reads {@code /proc}).</li>
 * </ul>
 */
final class SharedRingWatch implements RingConsumer.Watch
{
    /** How often a backend's wait asks whether the ring's creator still runs. */
    static final long CREATOR_CHECK_MS = 50;
    /**
     * When the ring finds its producer dead before the frontend has heard of any bound backend's death (the ring reads
     * {@code /proc}, which shows a zombie before the JDK's reaper has collected it), how long a wait gives the reaper to
     * tell whether the producer was one of ours.
     */
    private static final long REAPER_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final BackendBinding[] NONE = new BackendBinding[0];

    private final SharedRing owner;
    /** Copy-on-write, so a wait's pass reads it without a lock or an iterator. */
    private volatile BackendBinding[] bound = NONE;
    /** Written and read by a consumer's thread only: a race between two consumers only checks once more. */
    private long nextCreatorCheckNs = System.nanoTime();

    SharedRingWatch(final SharedRing owner)
    {
        this.owner = owner;
    }

    /** Watches {@code binding} from now on, in place of an earlier binding of the same process (a restart). */
    synchronized void bind(final BackendBinding binding)
    {
        final BackendBinding[] old = bound;
        final BackendBinding[] next = new BackendBinding[old.length + 1];
        int n = 0;
        for (final BackendBinding b : old)
        {
            if (!b.processName().equals(binding.processName()))
            {
                next[n++] = b;
            }
        }
        next[n++] = binding;
        bound = java.util.Arrays.copyOf(next, n);
    }

    private synchronized void forget(final BackendBinding binding)
    {
        final BackendBinding[] old = bound;
        final BackendBinding[] next = new BackendBinding[old.length];
        int n = 0;
        for (final BackendBinding b : old)
        {
            if (b != binding)
            {
                next[n++] = b;
            }
        }
        bound = java.util.Arrays.copyOf(next, n);
    }

    @Override
    public Doorbell[] bells()
    {
        final BackendBinding[] now = bound;
        final Doorbell[] bells = new Doorbell[now.length];
        for (int i = 0; i < now.length; i++)
        {
            bells[i] = now[i].deathBell();
        }
        return bells;
    }

    @Override
    public void check(final boolean producerGone)
    {
        final BackendBinding[] now = bound;
        if (now.length > 0)
        {
            checkBound(now);
            if (producerGone)
            {
                awaitReaper();
            }
        }
        else if (owner.creatorPid() != 0 && owner.creatorPid() != ProcessLiveness.currentPid())
        {
            checkCreator(producerGone);
        }
    }

    /** Fails if a bound backend died while the ring has no live producer; forgets dead ones that did not produce. */
    private void checkBound(final BackendBinding[] now)
    {
        for (final BackendBinding binding : now)
        {
            if (binding.isAlive()) // a volatile read: the cheap part of every pass
            {
                continue;
            }
            final RingBuffer ring = owner.ringOrNull();
            if (ring == null)
            {
                return;
            }
            final ProducerStatus status = ring.producerStatus();
            if (status == ProducerStatus.DEAD || status == ProducerStatus.NONE)
            {
                throw new BackendDiedException(binding.processName(), binding.exitCode().orElse(-1),
                    "waiting for a frame on ring '" + owner.name() + "'");
            }
            forget(binding); // a producer is attached or closed cleanly: this backend was not it, and never will be
        }
    }

    /** The ring says its producer died: give the reaper a moment to say whether it was one of our backends. */
    private void awaitReaper()
    {
        final RingBuffer ring = owner.ringOrNull();
        if (ring == null || ring.producerStatus() != ProducerStatus.DEAD)
        {
            return; // closed cleanly: the end of the stream, not a death
        }
        final long deadline = System.nanoTime() + REAPER_GRACE_NS;
        while (System.nanoTime() - deadline < 0)
        {
            final BackendBinding[] now = bound;
            for (final BackendBinding binding : now)
            {
                if (!binding.isAlive())
                {
                    checkBound(now);
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void checkCreator(final boolean producerGone)
    {
        final long now = System.nanoTime();
        if (!producerGone && now - nextCreatorCheckNs < 0)
        {
            return;
        }
        nextCreatorCheckNs = now + TimeUnit.MILLISECONDS.toNanos(CREATOR_CHECK_MS);
        if (!ProcessLiveness.isAlive(owner.creatorPid(), owner.creatorStartMs()))
        {
            throw new TandemException("shared ring '" + owner.name() + "': its creator, process " + owner.creatorPid() +
                ", is gone (the frontend died); this backend is stopping, stop waiting on the ring");
        }
    }
}
