package io.tandem.sync;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.test.TestJvm;

/** The backend of {@link SyncTest}: shares two event groups with its frontend. */
public class SyncProcess extends MessageProcess implements SyncCommands
{
    final EventGroup eg = new EventGroup(10);
    final EventGroup progress = new EventGroup(1);

    public SyncProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    /** @return the group SyncIndexes of this process's commands reserve events in. */
    public EventGroup eg()
    {
        return eg;
    }

    @Override
    public void work(final long step, final int syncIndex)
    {
        if (step % 7 == 0)
        {
            Thread.onSpinWait(); // vary the timing a little
        }
        progress.set(0);
        eg.set(syncIndex);
    }

    @Override
    public void ignore(final int syncIndex)
    {
    }

    @Override
    public void setIndex(final int syncIndex)
    {
        eg.set(syncIndex);
    }

    @Override
    public void sleep(final long millis)
    {
        TestJvm.sleep(millis);
    }
}
