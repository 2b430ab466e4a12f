package io.tandem.internal.runtime;

import io.tandem.test.SmallTmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backend opening its session's process table attaches to the one its frontend made: it writes no temporary table
 * of its own first, so it starts even on a full tmpfs (and does not spend the page clearing of one at every start).
 */
class ProcessTableAttachTest
{
    @Test
    @Timeout(60)
    void anExistingTableIsAttachedWithoutWritingATemporaryOneEvenOnAFullTmpfs() throws IOException
    {
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(8))
        {
            final Path session = Files.createDirectory(tmpfs.path().resolve("session"));
            final ProcessTable made = ProcessTable.openOrCreate(session);
            final int slot = made.claim();
            made.pid(slot, 4242);
            SmallTmpfs.fill(tmpfs.path());

            final ProcessTable attached = ProcessTable.openOrCreate(session);

            assertEquals(4242, attached.pid(slot), "the same table");
            try (Stream<Path> files = Files.list(session))
            {
                assertEquals(List.of(ProcessTable.FILE), files.map(f -> f.getFileName().toString()).toList());
            }
        }
    }
}
