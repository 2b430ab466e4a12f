package io.tandem.remote.ring;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An embedded media driver (shared threading, its directory where the test says, deleted on close) and a client of
 * it: what each test JVM, standing for a host, runs. The driver's publication connection timeout is short, so a dead
 * receiver shows as "not connected" within {@link #CONNECTION_TIMEOUT_MS} ms.
 */
final class TestAeron implements AutoCloseable
{
    /** How long a unicast publication stays connected without status messages from its receiver. */
    static final long CONNECTION_TIMEOUT_MS = 1000;

    private final MediaDriver driver;
    private final Aeron client;

    private TestAeron(final MediaDriver driver, final Aeron client)
    {
        this.driver = driver;
        this.client = client;
    }

    static TestAeron launch(final Path dir)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .publicationConnectionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(CONNECTION_TIMEOUT_MS))
            .imageLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(CONNECTION_TIMEOUT_MS))
            .clientLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(5)));
        try
        {
            return new TestAeron(driver, Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    Aeron client()
    {
        return client;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(client, driver);
    }
}
