package io.tandem.remote.internal;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.tandem.internal.runtime.FileTrees;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * One JVM's Aeron: an embedded media driver (one thread, {@link ThreadingMode#SHARED}) whose files live under the
 * session's runtime directory and are removed on {@link #close()}, and a client connected to it; or a client of an
 * external driver the user runs ({@link #external}). What the node, remote processes and remote rings publish and
 * subscribe with.
 *
 * <pre>{@code
 * try (AeronRuntime aeron = AeronRuntime.embedded(session.dir().resolve("aeron")))
 * {
 *     Subscription in = aeron.aeron().addSubscription("aeron:udp?endpoint=127.0.0.1:40123", 1);
 * }
 * }</pre>
 */
public final class AeronRuntime implements AutoCloseable
{
    /**
     * System property: how the embedded driver's thread waits for work: {@code backoff} (the default: Aeron's backoff,
     * spins, yields, then parks up to 1 ms, cheap when idle, after a short window of yields once this JVM's bridges
     * moved a document: see {@link DriverIdle}), {@code aeron-backoff} (Aeron's backoff alone, as a bare Aeron
     * driver waits), {@code yield} or {@code spin} (lowest latency, a core kept busy per JVM).
     */
    public static final String IDLE_PROPERTY = "tandem.aeron.idle";
    /** System property: the directory of an external media driver to use instead of an embedded one. */
    public static final String EXTERNAL_DIR_PROPERTY = "tandem.aeron.dir";

    private static final Logger LOG = LoggerFactory.getLogger(AeronRuntime.class);
    /** Counter values: Aeron's default (8 MiB, and 4x that of metadata) is for thousands of streams; a JVM has few. */
    static final int COUNTERS_BYTES = 1 << 20;

    /** The JVM's shared runtime ({@link #acquire}), and its references; guarded by the class. */
    private static AeronRuntime shared;
    private static int references;

    private final MediaDriver driver;
    /** What the embedded driver's thread runs besides the driver (null with an external driver). */
    private final DriverAgents agents;
    private final Aeron aeron;
    private final Path dir;
    private boolean closed;

    private AeronRuntime(final MediaDriver driver, final DriverAgents agents, final Aeron aeron, final Path dir)
    {
        this.driver = driver;
        this.agents = agents;
        this.aeron = aeron;
        this.dir = dir;
    }

    /**
     * A reference on the JVM's one runtime, made (by {@link #forDirectory}) on first use and closed with the last
     * reference. The node and the frontend of one JVM (an embedded node beside remote processes, remote rings) must
     * share it: two embedded drivers in one directory delete each other's files.
     *
     * @param dir where an embedded driver goes if this reference makes it: the session directory's {@code aeron}.
     */
    public static AeronRuntime acquire(final Path dir)
    {
        synchronized (AeronRuntime.class)
        {
            if (shared == null)
            {
                shared = forDirectory(dir);
            }
            references++;
            return shared;
        }
    }

    /**
     * @return an external driver's client if {@value #EXTERNAL_DIR_PROPERTY} is set, else an embedded driver in
     * {@code dir}. Not shared: closed by its {@link #close()}.
     */
    public static AeronRuntime forDirectory(final Path dir)
    {
        final String external = System.getProperty(EXTERNAL_DIR_PROPERTY);
        return external == null || external.isBlank() ? embedded(dir) : external(external);
    }

    /** Starts a media driver in {@code dir} (deleted first if left over, and on close) and connects to it. */
    public static AeronRuntime embedded(final Path dir)
    {
        final DriverAgents agents = new DriverAgents();
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(agents.idleAfter(idleStrategy())) // hosted agents run in each duty cycle
            .termBufferSparseFile(true)  // tmpfs pages are taken as terms fill, not all at once
            .counterValuesBufferLength(COUNTERS_BYTES) // cnc.dat ~9 MiB of tmpfs instead of ~45 (the error log's
                                                       // 4 MiB is Aeron 1.49's minimum)
            .receiveChannelEndpointSupplier(InboundSignal::endpoint) // wakes this JVM's bridges when data comes in
            .errorHandler(t -> LOG.warn("aeron media driver: {}", t.toString())));
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                .errorHandler(t -> LOG.debug("aeron client: {}", t.toString())));
            InboundSignal.driverStarted();
            return new AeronRuntime(driver, agents, aeron, dir);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(driver);
            FileTrees.deleteRecursively(dir);
            throw ex;
        }
    }

    private static org.agrona.concurrent.IdleStrategy idleStrategy()
    {
        final String idle = System.getProperty(IDLE_PROPERTY, "backoff");
        switch (idle)
        {
            case "spin":
                return new org.agrona.concurrent.BusySpinIdleStrategy();
            case "yield":
                return new org.agrona.concurrent.YieldingIdleStrategy();
            case "backoff":
                return new DriverIdle(); // Aeron's backoff after a short window of yields: see DriverIdle
            case "aeron-backoff":
                return new org.agrona.concurrent.BackoffIdleStrategy();
            default:
                throw new IllegalArgumentException("-D" + IDLE_PROPERTY + "=" + idle + ": use backoff, aeron-backoff, yield or spin");
        }
    }

    /** Connects to a media driver the user runs, whose directory is {@code aeronDir}. Closing leaves it running. */
    public static AeronRuntime external(final String aeronDir)
    {
        final AeronRuntime runtime = new AeronRuntime(null, null, Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDir).errorHandler(t -> LOG.debug("aeron client: {}", t.toString()))), null);
        InboundSignal.externalStarted(); // its driver rings no bridge: they go back to bounded sleeps
        return runtime;
    }

    /** @return the client. */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * Runs {@code agent}'s duty cycle on the embedded driver's thread (see {@link DriverAgents}), or returns null with
     * an external driver, whose thread is not this JVM's: the caller then runs it on a thread of its own.
     *
     * @return the handle that stops it (close it before closing the agent), or null.
     */
    public DriverAgents.Hosted host(final org.agrona.concurrent.Agent agent)
    {
        return agents == null ? null : agents.host(agent);
    }

    /** @return true if the driver is this JVM's own. */
    public boolean isEmbedded()
    {
        return driver != null;
    }

    /**
     * Closes the client, then the embedded driver, whose directory is then gone. Once: again does nothing. For the
     * shared runtime: gives a reference back; the last one closes.
     */
    @Override
    public void close()
    {
        synchronized (AeronRuntime.class)
        {
            if (this == shared)
            {
                if (--references > 0)
                {
                    return;
                }
                shared = null;
            }
        }
        closeNow();
    }

    private synchronized void closeNow()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (agents != null)
        {
            final int left = agents.closeAll(); // before the client unmaps the images they read
            if (left > 0)
            {
                LOG.warn("{} agent(s) still ran on the media driver's thread at close: stopped", left);
            }
        }
        CloseHelper.quietClose(aeron);
        if (driver == null)
        {
            InboundSignal.externalClosed();
        }
        else
        {
            InboundSignal.driverClosed();
            CloseHelper.quietClose(driver);
            FileTrees.deleteRecursively(dir); // the driver deletes its own files; this makes sure
        }
    }
}
