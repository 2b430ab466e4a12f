package io.tandem.internal.channel;

import io.tandem.ProcessOptions;
import io.tandem.failure.Direction;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.test.Await;
import io.tandem.test.Output;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TieredWriterTest
{
    public interface Note
    {
        void note(long value, String text);
    }

    @TempDir
    Path dir;

    @Test
    void startsReflectiveThenSwitchesToTheGeneratedWriterAndTheEventsOnTheQueueStayTheSame()
    {
        final long events = Codegen.threshold() + 500;
        final AtomicLong written = new AtomicLong();
        final QueueSender sender = sender("tiered", written::incrementAndGet);
        try (SingleChronicleQueue queue = sender.queue())
        {
            final Note writer = TieredWriter.create(sender, Note.class);
            assertTrue(writer.toString().contains("reflective"), writer.toString());
            long value = 0;
            for (; value <= Codegen.threshold(); value++)
            {
                writer.note(value, "note-" + value);
            }
            Await.until(Duration.ofSeconds(90), () -> writer.toString().contains("generated"),
                "the background compiler to generate the writer");
            for (; value < events; value++)
            {
                writer.note(value, "note-" + value);
            }
            assertEquals(events, written.get(), "afterWrite ran once per event, on either path");

            final List<String> read = new ArrayList<>();
            final MethodReader reader = queue.createTailer().methodReader((Note)(v, text) -> read.add(v + ":" + text));
            while (reader.readOne())
            {
                // collect
            }
            assertEquals(events, read.size());
            for (int i = 0; i < events; i++)
            {
                assertEquals(i + ":note-" + i, read.get(i));
            }
        }
    }

    @Test
    void aWriterGeneratedForAQueueThatClosedMeanwhileIsBuiltQuietlyAndRefusesWrites()
    {
        final QueueSender sender = sender("closed", () -> { });
        sender.close();
        try (Output output = Output.capture())
        {
            final Note writer = (Note)TieredWriter.generate(sender, Note.class);
            assertThrows(IllegalStateException.class, () -> writer.note(1, "after close"));
            assertFalse(output.text().contains("WARN"), "built without a warning:\n" + output.text());
        }
    }

    private QueueSender sender(final String name, final Runnable afterWrite)
    {
        final ProcessOptions defaults = ProcessOptions.defaults();
        final ProcessTable table = ProcessTable.openOrCreate(dir);
        return QueueSender.open(dir.resolve(name), defaults.rollCycle(), defaults.queueBlockSize(), null,
                defaults.indexReserveBytes())
            .process("test", Direction.COMMANDS)
            .backlog(Backlog.of(table, table.claim(), Direction.COMMANDS, 1L << 40))
            .maxMessageBytes(defaults.maxMessageBytes())
            .afterWrite(afterWrite)
            .build();
    }
}
