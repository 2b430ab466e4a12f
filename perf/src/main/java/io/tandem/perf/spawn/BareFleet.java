package io.tandem.perf.spawn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * N bare Chronicle worker JVMs ({@link BareJvm#start}) started at once, each answering its knock: the baseline of
 * Tandem's fleets of worker JVMs, started with the same JVM arguments. The clock starts after this side's and the
 * peer's preparation ({@link BareJvm#prepare()}, {@link BareArchive#prepare}), which this constructor does first.
 *
 * <pre>{@code
 * try (BareFleet ten = new BareFleet("ten-", 10, BareWorker.CODEGEN_OFF, ProcessOptions.LEAN_JVM_ARGS)) {
 *     double seconds = ten.secondsToAllAnswered();
 * }
 * }</pre>
 */
public final class BareFleet implements AutoCloseable
{
    private final BareWorker worker;
    private final List<BareJvm> peers = new ArrayList<>();
    private final double secondsToAllAnswered;

    public BareFleet(final String prefix, final int count, final BareWorker worker, final List<String> jvmArgs) throws Exception
    {
        this.worker = worker;
        BareJvm.prepare();
        BareArchive.prepare(worker);
        final long start = System.nanoTime();
        try
        {
            for (int i = 0; i < count; i++)
            {
                peers.add(BareJvm.start(prefix + i, worker, jvmArgs));
            }
            final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            int answered = 0;
            while (answered < count)
            {
                answered = 0;
                for (final BareJvm peer : peers)
                {
                    answered += peer.pollAnswer() ? 1 : 0;
                }
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(answered + " of " + count + " bare peers answered in 10 minutes");
                }
                Thread.sleep(1);
            }
        }
        catch (final Exception | Error ex)
        {
            close();
            throw ex;
        }
        secondsToAllAnswered = (System.nanoTime() - start) / 1e9;
    }

    public double secondsToAllAnswered()
    {
        return secondsToAllAnswered;
    }

    /** @return the peers' process ids. */
    public List<Long> pids()
    {
        final List<Long> pids = new ArrayList<>();
        for (final BareJvm peer : peers)
        {
            pids.add(peer.pid());
        }
        return pids;
    }

    /** @return {@code "k/n"}: how many of the peers map their own archive ({@link BareArchive#mappedBy}). */
    public String archiveMapped()
    {
        return BareArchive.mappedBy(BareArchive.path(worker), pids());
    }

    @Override
    public void close()
    {
        for (final BareJvm peer : peers)
        {
            peer.close();
        }
        peers.clear();
    }
}
