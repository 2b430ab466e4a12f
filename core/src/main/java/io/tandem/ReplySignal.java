package io.tandem;

import io.tandem.idle.Doorbell;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.SpinBudget;
import io.tandem.idle.WaitMode;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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

    ReplySignal(final ProcessTable table, final int slot)
    {
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

    /**
     * @param done what else ends the wait (a call answered, replies taken by another thread, the backend dead);
     *             checked after {@link #replyWaiting()}, since a reader of the queue counts a reply read only after
     *             handing it on.
     * @return an idle strategy for one wait: in {@code PARK} mode asleep on the reply bell.
     */
    IdleStrategy idle(final WaitMode waitMode, final BooleanSupplier done)
    {
        return waitMode.newIdleStrategy(spin, () -> replyWaiting() || done.getAsBoolean(), MAX_SLEEP_NANOS, bell);
    }
}
