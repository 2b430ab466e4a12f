package io.tandem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The calls of one process waiting for their answers, by correlation id, from any thread. Ids are handed out in
 * increasing order, so the blocking calls in flight at a time sit in different slots of a small table, taken and
 * given back with one compare-and-set each, no key boxed and nothing allocated; one whose slot still holds an
 * older call goes to a map beside it. Asynchronous calls (a future each already) are kept in a map of their own,
 * which the reply pump walks for their timeouts.
 */
final class PendingCalls
{
    /** Slots of the table: a power of two. */
    static final int SLOTS = 1024;

    private final AtomicReferenceArray<PendingCall> slots = new AtomicReferenceArray<>(SLOTS);
    private final Map<Long, PendingCall> overflow = new ConcurrentHashMap<>();
    private final Map<Long, PendingCall> async = new ConcurrentHashMap<>();

    void add(final PendingCall call)
    {
        if (call.isAsync())
        {
            async.put(call.id, call);
        }
        else if (!slots.compareAndSet(slot(call.id), null, call))
        {
            overflow.put(call.id, call);
        }
    }

    /** @return the call with correlation id {@code id}, taken out; null if none waits (timed out, failed, unknown). */
    PendingCall take(final long id)
    {
        final int slot = slot(id);
        final PendingCall call = slots.get(slot);
        if (call != null && call.id == id && slots.compareAndSet(slot, call, null))
        {
            return call;
        }
        final PendingCall other = overflow.isEmpty() ? null : overflow.remove(id);
        return other != null || async.isEmpty() ? other : async.remove(id);
    }

    /** Takes {@code call} out. @return false if it was not there (taken already). */
    boolean remove(final PendingCall call)
    {
        return slots.compareAndSet(slot(call.id), call, null) || overflow.remove(call.id, call) ||
            async.remove(call.id, call);
    }

    /** @return the asynchronous calls waiting (a live view: each may be taken meanwhile). */
    Iterable<PendingCall> asyncCalls()
    {
        return async.values();
    }

    /** @return true if an asynchronous call waits. */
    boolean anyAsync()
    {
        return !async.isEmpty();
    }

    /** @return the calls waiting now (a snapshot; each may be taken meanwhile). */
    List<PendingCall> snapshot()
    {
        final List<PendingCall> all = new ArrayList<>(overflow.values());
        all.addAll(async.values());
        for (int i = 0; i < SLOTS; i++)
        {
            final PendingCall call = slots.get(i);
            if (call != null)
            {
                all.add(call);
            }
        }
        return all;
    }

    private static int slot(final long id)
    {
        return (int)id & (SLOTS - 1);
    }
}
