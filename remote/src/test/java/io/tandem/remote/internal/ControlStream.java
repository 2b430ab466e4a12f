package io.tandem.remote.internal;

import io.aeron.Publication;
import io.tandem.test.TestJvm;
import org.agrona.DirectBuffer;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test's raw access to a node's control stream (what a frontend signs and sends), for requests a frontend would not
 * send: the publication, and an offer that retries until the node takes it, failing at a deadline.
 */
final class ControlStream
{
    private ControlStream()
    {
    }

    /** @return a publication of {@code raw}'s client to the control stream of the node at {@code nodeAddress}. */
    static Publication publication(final AeronRuntime raw, final String nodeAddress)
    {
        return raw.aeron().addPublication(RemoteDescriptor.channel(nodeAddress, RemoteDescriptor.CONTROL_TERM_LENGTH),
            RemoteDescriptor.CONTROL_STREAM);
    }

    /** Offers {@code length} bytes of {@code buffer} until the publication takes them; fails after {@code wait}. */
    static void offer(final Publication publication, final DirectBuffer buffer, final int length, final Duration wait)
    {
        final long deadline = System.nanoTime() + wait.toNanos();
        while (publication.offer(buffer, 0, length) < 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the node's control stream took nothing");
            }
            TestJvm.sleep(1);
        }
    }
}
