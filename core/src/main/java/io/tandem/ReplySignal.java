package io.tandem;

import io.tandem.idle.Await;
import io.tandem.idle.Doorbell;
import io.tandem.idle.NanoClock;
import io.tandem.idle.SpinBudget;
import io.tandem.idle.WaitMode;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the frontend's waits on a process's replies (receives, calls, awaiting the start) sleep on and check:
 * the process's reply doorbell, which its backend rings after each reply and the frontend rings when it learns
 * the backend died; and the table's counters, which say whether a reply waits to be read.
 */
final class ReplySignal
{
    /** A wait's longest sleep: rings wake it at once; this only bounds how late it notices its own deadline. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ProcessTable table;
    private final int slot;
    private final Doorbell bell;
    /** Shared by this frontend's waits, so what one learnt about spinning carries to the next. */
    private final SpinBudget spin = new SpinBudget();
    /** A wait per mode kept for the next one: usually one thread waits at a time; a second one makes its own. */
    private final AtomicReferenceArray<Await> spares = new AtomicReferenceArray<>(WaitMode.values().length);
    private final NanoClock clock;

    ReplySignal(final ProcessTable table, final int slot)
    {
        this(table, slot, NanoClock.SYSTEM);
    }

    ReplySignal(final ProcessTable table, final int slot, final NanoClock clock)
    {
        this.clock = clock;
        this.table = table;
        this.slot = slot;
        this.bell = table.replyBell(slot);
    }

    /** @return true if the backend has sent a reply this frontend has not read yet. */
    boolean replyWaiting()
    {
        // read first: both only grow and read never passes sent, so a reply read meanwhile is not mistaken for one waiting
        final long read = table.counter(slot, ProcessTableDescriptor.REPLIES_READ_OFFSET);
        return table.counter(slot, ProcessTableDescriptor.REPLIES_SENT_OFFSET) > read;
    }

    /** @return the clock the waits' deadlines are instants of. */
    NanoClock clock()
    {
        return clock;
    }

    /**
     * @return a wait on this process's replies, for one thread until {@link #release}d: in {@code PARK} mode asleep on
     * the reply bell, woken when a reply waits ({@link #replyWaiting()}, looked at before the wait's own checks, since
     * a reader of the queue counts a reply read only after handing it on) or by the wait's own checks.
     */
    Await acquire(final WaitMode waitMode)
    {
        final Await kept = spares.getAndSet(waitMode.ordinal(), null);
        return kept != null ? kept : Await.parking(clock, waitMode, spin, this::replyWaiting, MAX_SLEEP_NANOS, bell);
    }

    /** Keeps {@code await}, whose wait ended, for the next wait in {@code waitMode}. */
    void release(final WaitMode waitMode, final Await await)
    {
        spares.set(waitMode.ordinal(), await);
    }
}
