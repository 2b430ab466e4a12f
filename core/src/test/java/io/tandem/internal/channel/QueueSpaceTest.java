package io.tandem.internal.channel;

import io.tandem.ProcessOptions;
import io.tandem.failure.Direction;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.test.ChildProgram;
import io.tandem.test.SettableClock;
import io.tandem.test.SmallTmpfs;
import io.tandem.test.TestJvm;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.tandem.internal.channel.RollOnFullTmpfsMain.CYCLE;
import static io.tandem.internal.channel.RollOnFullTmpfsMain.CYCLE_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's queue never has Chronicle create a cycle file itself (a sparse file whose header page, on a
 * full tmpfs, is a SIGBUS): {@link QueueSpace} pre-creates it, backed, on the clock read that decides the
 * cycle, and Chronicle renames it into place. Driven by a clock the test sets.
 */
@Timeout(120)
class QueueSpaceTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PRECREATED = ".precreated";

    @TempDir
    Path dir;

    @Test
    void theNextCycleFileIsPreCreatedInTheLastTenthOfACycleAndChronicleRollsIntoThatFile() throws IOException
    {
        final SettableClock clock = new SettableClock(CYCLE_START + 1_000);
        final Path queueDir = dir.resolve("q");
        final QueueSender sender = sender(queueDir, clock);
        try
        {
            send(sender, 1);
            assertEquals(List.of(), files(queueDir, PRECREATED), "the first cycle's file was renamed into place");
            assertEquals(1, files(queueDir, ".cq4").size(), String.valueOf(files(queueDir, "")));

            clock.set(CYCLE_START + CYCLE - 500); // the last tenth of the cycle
            send(sender, 2);
            final List<Path> precreated = files(queueDir, PRECREATED);
            assertEquals(1, precreated.size(), "the next cycle's file is pre-created: " + files(queueDir, ""));
            final Path next = precreated.get(0);
            assertTrue(Files.size(next) >= 16 << 10, next + " is " + Files.size(next) + " bytes");
            final Object made = fileKey(next);

            clock.set(CYCLE_START + CYCLE + 1);
            send(sender, 3);
            assertEquals(List.of(), files(queueDir, PRECREATED), "renamed into place");
            final Path cycleFile = queueDir.resolve(next.getFileName().toString().replace(PRECREATED, ".cq4"));
            assertEquals(made, fileKey(cycleFile), "Chronicle took the pre-created file rather than making its own");
        }
        finally
        {
            sender.close();
        }
    }

    @Test
    void aPreCreatedFileRemovedBeforeItsCycleBeginsIsMadeAgain() throws IOException
    {
        final SettableClock clock = new SettableClock(CYCLE_START + CYCLE - 500);
        final Path queueDir = dir.resolve("q");
        final QueueSender sender = sender(queueDir, clock);
        try
        {
            send(sender, 1);
            final List<Path> precreated = files(queueDir, PRECREATED);
            assertEquals(1, precreated.size(), String.valueOf(files(queueDir, "")));
            Files.delete(precreated.get(0)); // 'tandem clean', a careless script

            clock.set(CYCLE_START + CYCLE + 1);
            sender.queue().time().currentTimeMillis(); // the read Chronicle makes before it rolls
            assertEquals(precreated, files(queueDir, PRECREATED), "made again on the first read in its cycle");
            final Object made = fileKey(precreated.get(0));
            send(sender, 2);
            final Path cycleFile = queueDir.resolve(precreated.get(0).getFileName().toString().replace(PRECREATED, ".cq4"));
            assertEquals(made, fileKey(cycleFile), "Chronicle took the pre-created file rather than making its own");
        }
        finally
        {
            sender.close();
        }
    }

    @Test
    void aTmpfsFullWhenTheClockEntersANewCycleIsAnExceptionNamingTheFileNotASigbus() throws IOException
    {
        final Path errors = Files.createDirectory(dir.resolve("errors"));
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(16);
             ChildProgram child = ChildProgram.start(TestJvm.command(List.of("-XX:ErrorFile=" + errors.resolve("hs_err_%p.log")),
                 RollOnFullTmpfsMain.class, tmpfs.path().toString())))
        {
            final String refusal = child.awaitLine("REFUSED", WAIT);
            assertTrue(refusal.startsWith(tmpfs.path().resolve("q").toString()) && refusal.contains(PRECREATED) &&
                refusal.contains("cannot be given") && refusal.contains("file system is full"), refusal);
            assertEquals("1 3", child.awaitLine("READ", WAIT), "the refused message is not written; the next one is");
            child.awaitLine("DONE", WAIT);
            assertEquals(0, child.awaitExit(WAIT), child.output());
            try (Stream<Path> left = Files.list(tmpfs.path().resolve("q")))
            {
                assertEquals(List.of(), left.filter(f -> f.toString().endsWith(PRECREATED)).collect(Collectors.toList()),
                    "the writer removed what it pre-created and did not use");
            }
        }
    }

    private static QueueSender sender(final Path queueDir, final SettableClock clock)
    {
        final ProcessOptions options = ProcessOptions.builder().queueBlockSize(1 << 20).build();
        final ProcessTable table = ProcessTable.openOrCreate(queueDir.getParent());
        return QueueSender.open(queueDir, "TEN_SECONDLY", options.queueBlockSize(), clock, options.indexReserveBytes())
            .process("space", Direction.REPLIES)
            .backlog(Backlog.of(table, table.claim(), Direction.REPLIES, 1L << 40))
            .maxMessageBytes(options.maxMessageBytes())
            .build();
    }

    private static void send(final QueueSender sender, final long value)
    {
        try (DocumentContext dc = sender.document())
        {
            dc.wire().write("value").int64(value);
        }
    }

    private static List<Path> files(final Path queueDir, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && !f.getFileName().toString().startsWith("."))
                .sorted().collect(Collectors.toList());
        }
    }

    private static Object fileKey(final Path file) throws IOException
    {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
