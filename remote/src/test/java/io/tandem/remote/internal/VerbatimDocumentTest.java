package io.tandem.remote.internal;

import io.tandem.failure.Direction;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.QueueRollCycles;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.Queues;
import io.tandem.internal.runtime.ProcessTable;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import io.tandem.test.ShmDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A document appended verbatim ({@link VerbatimAppender}) reads back as exactly its bytes, whether it fits the sender's
 * in-place window or not (an 80 KB reply once reached the reader cut short).
 */
class VerbatimDocumentTest
{
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-verbatim-");

    private static byte[] large(final int length)
    {
        final byte[] bytes = new byte[length];
        new java.util.Random(length).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aDocumentWrittenVerbatimReadsBackAsItsBytes() throws Exception
    {
        final Path dir = shm.path();
        final ProcessTable table = ProcessTable.openOrCreate(dir);
        final int slot = table.claim();
        final String rollCycle = QueueRollCycles.DEFAULT.name();
        final QueueSender sender = QueueSender.open(dir.resolve("q"), rollCycle, 16 << 20, null,
            QueueRollCycles.indexReserveBytes(rollCycle)).process("p", Direction.REPLIES)
            .backlog(Backlog.of(table, slot, Direction.REPLIES, 1 << 20)).maxMessageBytes(1 << 20).build();
        final byte[][] documents = {
            HexFormat.of().parseHex("b90d74616e64656d53746172746564a5f96f"),
            HexFormat.of().parseHex("b90c74616e64656d526573756c74a101b90b74616e64656d56616c7565a650c30000"),
            large(80_017), large(40_000), HexFormat.of().parseHex("b90a74616e64656d53746f70e0")};
        for (final byte[] document : documents)
        {
            VerbatimAppender.append(sender, document, document.length, () -> { });
        }
        try (SingleChronicleQueue queue = Queues.open(dir.resolve("q"), rollCycle, 16 << 20, null, false))
        {
            final ExcerptTailer tailer = queue.createTailer();
            for (final byte[] document : documents)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    final byte[] read = new byte[(int)dc.wire().bytes().readRemaining()];
                    dc.wire().bytes().read(read);
                    assertEquals(HexFormat.of().formatHex(document), HexFormat.of().formatHex(read));
                }
            }
        }
        sender.close();
    }
}
