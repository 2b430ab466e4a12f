package io.tandem.internal.channel;

import io.tandem.ProcessOptions;
import io.tandem.failure.Direction;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.test.SettableClock;
import io.tandem.test.SmallTmpfs;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The child program of {@link QueueSpaceTest}: a writer on a tmpfs (args[0]) that another program fills, whose
 * clock then moves into a new roll cycle. Its send must fail naming the file, not kill the JVM with SIGBUS
 * (which it did while the cycle file was left for Chronicle to create); once there is room again, sending
 * goes on. Prints {@code REFUSED <message>}, {@code READ <values>} and {@code DONE}. A JVM of its own, so that
 * a SIGBUS fails the test instead of killing the test JVM.
 */
public final class RollOnFullTmpfsMain
{
    /** A cycle start of the 10-second cycle. */
    static final long CYCLE_START = 1_795_800_000_000L;
    static final long CYCLE = 10_000;

    private RollOnFullTmpfsMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path mountPoint = Paths.get(args[0]);
        final ProcessOptions options = ProcessOptions.builder().queueBlockSize(1 << 20).build();
        final ProcessTable table = ProcessTable.openOrCreate(mountPoint);
        final SettableClock clock = new SettableClock(CYCLE_START + 1_000); // not in the last tenth
        final QueueSender sender = QueueSender.open(mountPoint.resolve("q"), "TEN_SECONDLY", options.queueBlockSize(),
                clock, options.indexReserveBytes())
            .process("full", Direction.REPLIES)
            .backlog(Backlog.of(table, table.claim(), Direction.REPLIES, 1L << 40))
            .maxMessageBytes(options.maxMessageBytes())
            .build();
        try
        {
            send(sender, 1);
            final Path filler = SmallTmpfs.fill(mountPoint);
            clock.set(CYCLE_START + CYCLE + 1); // the next cycle: its first send creates its file
            try
            {
                send(sender, 2);
                System.out.println("SENT 2");
            }
            catch (final RuntimeDirectoryException ex)
            {
                System.out.println("REFUSED " + ex.getMessage());
            }
            Files.delete(filler);
            send(sender, 3);
            final StringBuilder read = new StringBuilder();
            try (ExcerptTailer tailer = sender.queue().createTailer())
            {
                while (true)
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            break;
                        }
                        read.append(' ').append(dc.wire().read("value").int64());
                    }
                }
            }
            System.out.println("READ" + read);
        }
        finally
        {
            sender.close();
        }
        System.out.println("DONE");
        System.out.flush();
    }

    private static void send(final QueueSender sender, final long value)
    {
        try (DocumentContext dc = sender.document())
        {
            dc.wire().write("value").int64(value);
        }
    }
}
