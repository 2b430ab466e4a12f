package io.tandem.calls;

import io.tandem.AsyncMessageProcess;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An async backend: {@link #meet} returns only once two callers have met, so it needs concurrent handlers. */
public class RendezvousProcess extends AsyncMessageProcess implements Rendezvous
{
    private transient CountDownLatch meeting;

    public RendezvousProcess(final String name)
    {
        super(name);
    }

    @Override
    protected void preRun()
    {
        meeting = new CountDownLatch(2);
    }

    @Override
    public String meet(final String who)
    {
        meeting.countDown();
        try
        {
            if (!meeting.await(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException(who + " waited alone");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return who + " met";
    }

    @Override
    public CompletableFuture<String> meetLater(final String who)
    {
        return CompletableFuture.supplyAsync(() -> meet(who));
    }

    @Override
    public void boom()
    {
        throw new UnsupportedOperationException("boom");
    }
}
