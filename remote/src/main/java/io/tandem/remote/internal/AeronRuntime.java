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
     * System property: how the embedded driver's thread waits for work: {@code backoff} (Aeron's default: spins,
     * yields, then parks up to 1 ms; cheap when idle), {@code yield} or {@code spin} (lowest latency, a core kept
     * busy per JVM).
     */
    public static final String IDLE_PROPERTY = "tandem.aeron.idle";
    /** System property: the directory of an external media driver to use instead of an embedded one. */
    public static final String EXTERNAL_DIR_PROPERTY = "tandem.aeron.dir";

    private static final Logger LOG = LoggerFactory.getLogger(AeronRuntime.class);

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Path dir;
    private boolean closed;

    private AeronRuntime(final MediaDriver driver, final Aeron aeron, final Path dir)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.dir = dir;
    }

    /**
     * @return an external driver's client if {@value #EXTERNAL_DIR_PROPERTY} is set, else an embedded driver in
     * {@code dir}.
     */
    public static AeronRuntime forDirectory(final Path dir)
    {
        final String external = System.getProperty(EXTERNAL_DIR_PROPERTY);
        return external == null || external.isBlank() ? embedded(dir) : external(external);
    }

    /** Starts a media driver in {@code dir} (deleted first if left over, and on close) and connects to it. */
    public static AeronRuntime embedded(final Path dir)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idleStrategy())
            .termBufferSparseFile(true)  // tmpfs pages are taken as terms fill, not all at once
            .receiveChannelEndpointSupplier(InboundSignal::endpoint) // wakes this JVM's bridges when data comes in
            .errorHandler(t -> LOG.warn("aeron media driver: {}", t.toString())));
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                .errorHandler(t -> LOG.debug("aeron client: {}", t.toString())));
            InboundSignal.driverStarted();
            return new AeronRuntime(driver, aeron, dir);
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
                return new org.agrona.concurrent.BackoffIdleStrategy();
            default:
                throw new IllegalArgumentException("-D" + IDLE_PROPERTY + "=" + idle + ": use backoff, yield or spin");
        }
    }

    /** Connects to a media driver the user runs, whose directory is {@code aeronDir}. Closing leaves it running. */
    public static AeronRuntime external(final String aeronDir)
    {
        final AeronRuntime runtime = new AeronRuntime(null, Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
            .errorHandler(t -> LOG.debug("aeron client: {}", t.toString()))), null);
        InboundSignal.externalStarted(); // its driver rings no bridge: they go back to bounded sleeps
        return runtime;
    }

    /** @return the client. */
    public Aeron aeron()
    {
        return aeron;
    }

    /** @return true if the driver is this JVM's own. */
    public boolean isEmbedded()
    {
        return driver != null;
    }

    /** Closes the client, then the embedded driver, whose directory is then gone. Once: again does nothing. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
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
