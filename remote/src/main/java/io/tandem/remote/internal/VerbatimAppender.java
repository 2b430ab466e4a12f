package io.tandem.remote.internal;

import io.tandem.internal.channel.QueueSender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.BufferOverflowException;

/**
 * Appends a document's bytes, verbatim, to a queue through its {@link QueueSender}. The sender encodes in place into a
 * window of the mapped file; a document larger than the window overflows it, is rolled back (nothing of it reaches the
 * reader) and written again staged, as Tandem's own writers do.
 */
final class VerbatimAppender
{
    private VerbatimAppender()
    {
    }

    /** Appends {@code bytes[0, length)} as one document; {@code afterWrite} runs once it is written. */
    static void append(final QueueSender sender, final byte[] bytes, final int length, final Runnable afterWrite)
    {
        try
        {
            appendOnce(sender, bytes, length, afterWrite);
        }
        catch (final BufferOverflowException ex)
        {
            if (!sender.retryStaged())
            {
                throw ex;
            }
            appendOnce(sender, bytes, length, afterWrite);
        }
    }

    private static void appendOnce(final QueueSender sender, final byte[] bytes, final int length, final Runnable afterWrite)
    {
        try (DocumentContext dc = sender.document(false, afterWrite))
        {
            try
            {
                dc.wire().bytes().write(bytes, 0, length);
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose(); // half a document must never reach the reader
                throw ex;
            }
        }
    }
}
