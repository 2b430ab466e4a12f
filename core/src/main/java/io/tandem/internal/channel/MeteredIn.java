package io.tandem.internal.channel;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.MarshallableIn;
import net.openhft.chronicle.wire.Wire;

/**
 * A queue's reading side as a Chronicle {@link MarshallableIn}: each document read through it, once closed
 * (consumed: a command's handler has returned, a reply was delivered), is counted off the queue's
 * {@link Backlog}, which makes room for the sender. A document rolled back (left to be read again) is not
 * counted. Single-threaded, like the tailer it reads.
 */
public final class MeteredIn implements MarshallableIn
{
    private final ExcerptTailer tailer;
    private final Backlog backlog;
    private final Counted context = new Counted();

    public MeteredIn(final ExcerptTailer tailer, final Backlog backlog)
    {
        this.tailer = tailer;
        this.backlog = backlog;
    }

    @Override
    public DocumentContext readingDocument()
    {
        return context.wrap(tailer.readingDocument());
    }

    /**
     * @return the wire of the document being read now, positioned where its reader is: for a handler that reads the
     * rest of its document itself. Null between reads.
     */
    public Wire documentWire()
    {
        return context.reading ? context.dc.wire() : null;
    }

    /** @return the tailer read. */
    public ExcerptTailer tailer()
    {
        return tailer;
    }

    /** The tailer's document, counted when it is closed. */
    private final class Counted implements DocumentContext
    {
        private DocumentContext dc;
        private long size;
        private boolean rolledBack;
        /** Between {@link #wrap} and {@link #close}. */
        private boolean reading;

        DocumentContext wrap(final DocumentContext document)
        {
            this.dc = document;
            this.rolledBack = false;
            this.reading = true;
            this.size = document.isPresent() && !document.isMetaData() ?
                document.wire().bytes().readRemaining() + Backlog.HEADER_BYTES : 0;
            return this;
        }

        @Override
        public void close()
        {
            final DocumentContext document = dc;
            final long consumed = rolledBack ? 0 : size;
            size = 0;
            reading = false;
            document.close();
            if (consumed > 0)
            {
                backlog.consumed(consumed);
            }
        }

        @Override
        public void rollbackOnClose()
        {
            rolledBack = true;
            dc.rollbackOnClose();
        }

        @Override
        public boolean isMetaData()
        {
            return dc.isMetaData();
        }

        @Override
        public boolean isPresent()
        {
            return dc.isPresent();
        }

        @Override
        public Wire wire()
        {
            return dc.wire();
        }

        @Override
        public boolean isNotComplete()
        {
            return dc.isNotComplete();
        }

        @Override
        public void reset()
        {
            dc.reset();
        }


        @Override
        public int sourceId()
        {
            return dc.sourceId();
        }

        @Override
        public long index()
        {
            return dc.index();
        }
    }
}
