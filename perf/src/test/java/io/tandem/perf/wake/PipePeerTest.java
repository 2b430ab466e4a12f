package io.tandem.perf.wake;

import io.tandem.perf.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pipe ping-pong peer of {@code ./tandem perf wake}: after READY its stdout carries raw bytes, so the line
 * reader of {@link ChildJvm} must stop there (once it did not, and the benchmark's first read waited forever).
 */
@Timeout(60)
class PipePeerTest
{
    @Test
    void bytesWrittenAfterReadyComeBackToTheCallerNotToTheLineReader() throws Exception
    {
        try (ChildJvm peer = ChildJvm.startRaw(PipePeer.class))
        {
            peer.awaitReady(Duration.ofSeconds(30));
            final OutputStream out = peer.process().getOutputStream();
            final InputStream in = peer.process().getInputStream();
            for (int i = 0; i < 100; i++)
            {
                out.write(i);
                out.flush();
                final int sent = i;
                // a read with a deadline: a byte taken by another reader would otherwise block the test forever
                final int echoed = CompletableFuture.supplyAsync(() -> readOne(in)).get(10, TimeUnit.SECONDS);
                assertEquals(sent, echoed, "round trip " + i);
            }
            out.close();
        }
    }

    private static int readOne(final InputStream in)
    {
        try
        {
            return in.read();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
