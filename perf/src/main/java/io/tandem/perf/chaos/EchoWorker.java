package io.tandem.perf.chaos;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.sync.EventGroup;

/**
 * The chaos run's worker: echoes sequence numbers as replies, answers calls, writes into a shared array and sets
 * SyncIndex events, and can be made to stay inside a command, a call or a SyncIndex wait so a fault lands there.
 * Its event group and shared array are process resources (they ship by name and close with it).
 */
public final class EchoWorker extends MessageProcess implements EchoCommands
{
    /** Slots of the shared array (and events of the group): one per sync-waiting thread. */
    public static final int SLOTS = 8;

    private final EventGroup events;
    private final SharedArray values;
    private transient java.util.BitSet takenSeqs;
    private transient long takenTwice;

    public EchoWorker(final String name, final ProcessOptions options)
    {
        super(name, options);
        this.events = new EventGroup(name + "-events", SLOTS);
        this.values = SharedArray.create(name + "-values", ElementType.LONG, SLOTS);
    }

    public EventGroup events()
    {
        return events;
    }

    public SharedArray values()
    {
        return values;
    }

    @Override
    public void echo(final long seq)
    {
        sendOut(new MessageObject("echo", "seq", seq));
    }

    @Override
    public long collections()
    {
        return GcCount.inThisJvm();
    }

    @Override
    public long square(final long seq)
    {
        return seq;
    }

    @Override
    public void signal(final long seq, final int slot, final int syncIndex)
    {
        values.setLong(slot, seq);
        events.set(syncIndex);
    }

    /** The slot of {@link #values()} that {@link #hold} sets to 1 once it holds (read without taking a reply). */
    public static final int HOLDING_SLOT = SLOTS - 1;

    @Override
    public void hold(final long millis)
    {
        sendOut(new MessageObject("holding"));
        values.setLong(HOLDING_SLOT, 1); // after the reply: every reply before it is written when this reads 1
        sleep(millis);
    }

    @Override
    public long holdCall(final long millis)
    {
        sendOut(new MessageObject("holding"));
        sleep(millis);
        return 0;
    }

    @Override
    public void holdSync(final long millis, final int syncIndex)
    {
        sendOut(new MessageObject("holding"));
        sleep(millis);
        events.set(syncIndex);
    }

    @Override
    public int size(final byte[] payload)
    {
        return payload == null ? -1 : payload.length;
    }

    @Override
    public void take(final long seq, final byte[] payload)
    {
        if (takenSeqs == null)
        {
            takenSeqs = new java.util.BitSet();
        }
        if (takenSeqs.get(Math.toIntExact(seq)))
        {
            takenTwice++;
        }
        takenSeqs.set(Math.toIntExact(seq));
    }

    @Override
    public String taken()
    {
        return (takenSeqs == null ? 0 : takenSeqs.cardinality()) + " " + takenTwice;
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
