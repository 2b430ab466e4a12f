package io.tandem.perf.manager;

import io.tandem.ProcessOptions;
import io.tandem.internal.channel.QueueRollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/** Chronicle Queues for the manager baselines: Tandem's default roll cycle and block size, nothing of Tandem else. */
final class BareQueues
{
    private BareQueues()
    {
    }

    static SingleChronicleQueue open(final Path dir)
    {
        final ProcessOptions defaults = ProcessOptions.defaults();
        return SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(QueueRollCycles.forName(defaults.rollCycle()))
            .blockSize(defaults.queueBlockSize())
            .build();
    }
}
