package io.tandem.perf.remote;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.tandem.internal.runtime.FileTrees;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One process's Aeron, set up as Aeron's own samples set it up when no external driver runs: an embedded media
 * driver and a client connected to it, nothing tuned. The one choice made here is {@link ThreadingMode#SHARED}
 * (conductor, sender and receiver on one thread with the driver's default idle strategy, a backoff): it is the mode
 * Tandem's remote side runs its embedded drivers in, so a baseline in another mode would judge the transport's
 * threading, not Tandem; and on a two-core machine the default {@code DEDICATED} mode would put three driver
 * threads per process beside the two spinning application threads. Term lengths, windows, socket buffers and MTU
 * are Aeron's defaults (16 MiB terms: a 1 MiB message fits, the limit is an eighth of a term).
 *
 * <p>The application threads wait as the samples' do, with the idle strategy named by {@value #IDLE_STRATEGY_PROP}
 * (a class name or {@code spin}, {@code backoff}, ...; {@link #idleStrategyName()}). Unset, it is the samples'
 * default, {@link BusySpinIdleStrategy}, where the machine has a core for each of the {@value #BUSY_THREADS} threads
 * a two-JVM baseline keeps busy (an application thread and a driver thread in each JVM): that is the setting the
 * samples assume. With fewer cores a spinning application thread takes the core its own driver needs to send and
 * receive, and the baseline times the scheduler, not Aeron (on the two-core machine this was written on: a 12 ms
 * ping-pong p50 busy-spinning against 65 us with backoff, 0.3 against 1.6 million 64-byte messages a second); there
 * it is {@link BackoffIdleStrategy} with Aeron's default settings, the idle strategy of Aeron's own agents, which is
 * what an Aeron user does on such a machine. The benchmark prints which. Every {@code aeron.*} system property of the
 * benchmark's JVM ({@code JDK_JAVA_OPTIONS=-Daeron.sample.idleStrategy=spin ./tandem perf remote}, say) is passed on
 * to its peers ({@link #peerOptions()}), the idle strategy resolved here with them, so that all use the same: Aeron is
 * configured by them as its users configure it (the threading mode excepted, fixed above).
 *
 * <p>The driver's directory is the caller's (under /dev/shm, named for the run so a killed run's is swept): deleted
 * on start and on shutdown by the driver, and once more by {@link #close()} in case the driver could not.
 *
 * <pre>{@code
 * try (AeronMedia media = AeronMedia.launch(ChildJvm.shmFile("aeron-ping")))
 * {
 *     Subscription s = media.aeron().addSubscription(AeronMedia.ANY_PORT, 1001);
 *     int port = AeronMedia.boundPort(s, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
final class AeronMedia implements AutoCloseable
{
    /** A loopback UDP endpoint on a port the system chooses ({@link #boundPort} tells which). */
    static final String ANY_PORT = "aeron:udp?endpoint=127.0.0.1:0";

    /** The property Aeron's samples read their idle strategy from (a class name, or {@code spin}, {@code backoff}, ...). */
    static final String IDLE_STRATEGY_PROP = "aeron.sample.idleStrategy";
    /** Threads a two-JVM baseline keeps busy: in each JVM an application thread and the SHARED driver's thread. */
    static final int BUSY_THREADS = 4;

    private final Path dir;
    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronMedia(final Path dir, final MediaDriver driver, final Aeron aeron)
    {
        this.dir = dir;
        this.driver = driver;
        this.aeron = aeron;
    }

    /** @return an embedded driver in {@code dir} (emptied first) and a client of it. */
    static AeronMedia launch(final Path dir)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED));
        try
        {
            return new AeronMedia(dir, driver, Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            FileTrees.deleteRecursively(dir);
            throw ex;
        }
    }

    /** @return a new idle strategy for an application thread, as the samples make theirs (see {@link #IDLE_STRATEGY_PROP}). */
    static IdleStrategy newIdleStrategy()
    {
        return Configuration.agentIdleStrategy(idleStrategyName(), null);
    }

    /**
     * @return the application threads' idle strategy: {@value #IDLE_STRATEGY_PROP} when set, else {@code spin} with
     * a core for each of {@value #BUSY_THREADS} busy threads and {@code backoff} with fewer (see the class comment).
     */
    static String idleStrategyName()
    {
        final String set = System.getProperty(IDLE_STRATEGY_PROP);
        if (set != null)
        {
            return set;
        }
        return Runtime.getRuntime().availableProcessors() >= BUSY_THREADS ? "spin" : "backoff";
    }

    /** @return {@code -Dname=value} of every {@code aeron.*} property of this JVM, for a peer JVM. */
    static List<String> peerOptions()
    {
        final List<String> options = new ArrayList<>();
        if (System.getProperty(IDLE_STRATEGY_PROP) == null)
        {
            options.add("-D" + IDLE_STRATEGY_PROP + "=" + idleStrategyName()); // the peer resolves nothing itself
        }
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith("aeron."))
            {
                options.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        return options;
    }

    /** @return the channel of a loopback UDP endpoint on {@code port}. */
    static String endpoint(final int port)
    {
        return "aeron:udp?endpoint=127.0.0.1:" + port;
    }

    Aeron aeron()
    {
        return aeron;
    }

    /** @return the port {@code subscription} (on {@link #ANY_PORT}) was bound to, waiting at most {@code timeout}. */
    static int boundPort(final Subscription subscription, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String endpoint;
        while ((endpoint = subscription.resolvedEndpoint()) == null)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the driver bound no port for " + subscription.channel() + " within " + timeout);
            }
            Thread.onSpinWait();
        }
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; {@code what} names it in the error. */
    static void await(final BooleanSupplier condition, final Duration timeout, final String what)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(what + ": not within " + timeout);
            }
            Thread.yield();
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
        FileTrees.deleteRecursively(dir);
    }
}
