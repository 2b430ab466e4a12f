package io.tandem.perf.manager;

import io.tandem.perf.ChildJvm;
import io.tandem.runtime.FileTrees;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the idle poll: N Chronicle Queues built as Tandem builds a reply queue, each with one message
 * already read, and a tailer on each; one sweep asks every tailer for its next document. That is what a manager
 * polling its workers' reply queues directly would pay per loop, without Tandem's doorbell bitmap.
 */
final class TailerSweep implements AutoCloseable
{
    private final List<SingleChronicleQueue> queues = new ArrayList<>();
    private final List<ExcerptTailer> tailers = new ArrayList<>();
    private final Path root;

    TailerSweep(final int count)
    {
        root = ChildJvm.shmFile("tailers");
        try
        {
            for (int i = 0; i < count; i++)
            {
                final SingleChronicleQueue queue = BareQueues.open(root.resolve("q" + i));
                queues.add(queue);
                queue.createAppender().writeText("answered");
                final ExcerptTailer tailer = queue.createTailer();
                if (tailer.readText() == null)
                {
                    throw new IllegalStateException("queue " + i + " lost its message");
                }
                tailers.add(tailer);
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** @return how many tailers had a document (0 when all are idle). */
    int sweep()
    {
        int ready = 0;
        for (int i = 0, n = tailers.size(); i < n; i++)
        {
            try (DocumentContext dc = tailers.get(i).readingDocument())
            {
                if (dc.isPresent())
                {
                    ready++;
                }
            }
        }
        return ready;
    }

    @Override
    public void close()
    {
        for (final SingleChronicleQueue queue : queues)
        {
            queue.close();
        }
        queues.clear();
        tailers.clear();
        FileTrees.deleteRecursively(root);
    }
}
