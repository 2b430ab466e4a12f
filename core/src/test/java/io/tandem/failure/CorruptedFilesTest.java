package io.tandem.failure;

import io.tandem.internal.sharedfile.SharedFileDescriptor;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.memory.SharedArrayDescriptor;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingBufferDescriptor;
import io.tandem.ringbuffer.RingFileException;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.internal.runtime.Registry;
import io.tandem.internal.runtime.Session;
import io.tandem.sync.EventGroup;
import io.tandem.sync.EventGroupDescriptor;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;

import static io.tandem.test.FailureBounds.CORRUPT_FILE_REFUSED_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corrupted and truncated runtime files, opened or attached: an exception naming the file and saying what to
 * do, within a bound; never a JVM crash (SIGBUS, InternalError), never an endless loop, never a silent wrong
 * answer. Real bytes are overwritten in real files.
 */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class CorruptedFilesTest
{
    /** The README's "within a second", plus the margin for a loaded 2-core machine. */
    private static final Duration OPEN_BOUND = Duration.ofMillis(CORRUPT_FILE_REFUSED_MS + LOADED_MARGIN_MS);

    @TempDir
    Path temp;

    @Test
    void aProcessTableWithGarbageInItsHeaderIsRefusedNamingTheFile() throws IOException
    {
        final Path dir = Files.createDirectory(temp.resolve("session"));
        ProcessTable.openOrCreate(dir);
        final Path file = dir.resolve(ProcessTable.FILE);
        overwrite(file, 0, garbage(ProcessTableDescriptor.BITMAP_OFFSET)); // the common header and the table's own fields
        assertFailsNaming(file, () -> ProcessTable.open(file));
        assertFailsNaming(file, () -> ProcessTable.openOrCreate(dir));
    }

    @Test
    void aTruncatedProcessTableIsRefusedNamingTheFileNotFailingLaterOnAnUnmappedSlot() throws IOException
    {
        final Path dir = Files.createDirectory(temp.resolve("session"));
        ProcessTable.openOrCreate(dir);
        final Path file = dir.resolve(ProcessTable.FILE);
        truncate(file, ProcessTableDescriptor.SLOTS_OFFSET); // the header page only, no slots
        final TandemException e = assertFailsNaming(file, () -> ProcessTable.open(file).pid(ProcessTable.open(file).capacity() - 1));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aRegistryOfGarbageIsRefusedNamingTheFile() throws IOException
    {
        final Path dir = Files.createDirectory(temp.resolve("session"));
        Registry.open(dir).close();
        final Path file = dir.resolve(Registry.FILE);
        final byte[] garbage = garbage((int)Math.min(Files.size(file), 1 << 16));
        garbage[8 + 3] |= (byte)0x80; // Chronicle Map's header word reads "not complete": it used to wait a minute
        overwrite(file, 0, garbage);
        assertFailsNaming(file, () -> Registry.open(dir).close());
        garbage[8 + 3] = 0x10; // "complete", over garbage
        overwrite(file, 0, garbage);
        assertFailsNaming(file, () -> Registry.open(dir).close());
    }

    @Test
    void aTruncatedRegistryIsRefusedNamingTheFile() throws IOException
    {
        final Path dir = Files.createDirectory(temp.resolve("session"));
        Registry.open(dir).close();
        final Path file = dir.resolve(Registry.FILE);
        truncate(file, 100);
        assertFailsNaming(file, () -> Registry.open(dir).close());
    }

    @Test
    void anEventGroupWithACorruptHeaderIsRefusedNamingTheFile() throws IOException
    {
        try (EventGroup group = new EventGroup("corrupt-header", 4))
        {
            final Path file = eventFile("corrupt-header");
            overwrite(file, SharedFileDescriptor.MAGIC_OFFSET, garbage(8));
            assertFailsNaming(file, () -> EventGroup.attach("corrupt-header"));
        }
    }

    @Test
    void aTruncatedEventGroupIsRefusedAtAttachNamingTheFile() throws IOException
    {
        try (EventGroup group = new EventGroup("truncated", 64))
        {
            final Path file = eventFile("truncated");
            truncate(file, EventGroupDescriptor.sequenceOffset(1)); // the header and event 0 only
            final TandemException e = assertFailsNaming(file, () -> EventGroup.attach("truncated").set(63));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void anEventGroupWhoseCountIsGarbageIsRefusedAtAttachNamingTheFile() throws IOException
    {
        try (EventGroup group = new EventGroup("bad-count", 4))
        {
            final Path file = eventFile("bad-count");
            final ByteBuffer count = ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 1 << 30);
            overwrite(file, EventGroupDescriptor.COUNT_OFFSET, count.array());
            assertFailsNaming(file, () -> EventGroup.attach("bad-count").set((1 << 30) - 1));
        }
    }

    @Test
    void aSharedArrayWithAGarbageHeaderOrTruncatedIsRefusedNamingTheFile() throws IOException
    {
        try (SharedArray array = SharedArray.create("corrupt-array", ElementType.DOUBLE, 100, 100))
        {
            final Path file = array.path();
            // the array's own fields, from its rank to its dimensions
            overwrite(file, SharedArrayDescriptor.RANK_OFFSET, garbage(SharedArrayDescriptor.DIMS_OFFSET - SharedArrayDescriptor.RANK_OFFSET));
            assertFailsNaming(file, () -> SharedArray.attach("corrupt-array", ElementType.DOUBLE, 100, 100).close());
        }
        try (SharedArray array = SharedArray.create("short-array", ElementType.DOUBLE, 100, 100))
        {
            final Path file = array.path();
            truncate(file, SharedArrayDescriptor.dataOffset(2)); // the header page only, no data
            assertFailsNaming(file, () -> SharedArray.attach("short-array", ElementType.DOUBLE, 100, 100).close());
        }
    }

    @Test
    void aRingWithAGarbageHeaderOrTruncatedIsRefusedNamingTheFileWithinItsAttachTimeout() throws IOException
    {
        final Path file = temp.resolve("ring");
        try (RingBuffer ring = RingBuffer.create(file).slotCount(64).slotSize(256).build())
        {
            // everything of the metadata but the magic: the common header's other fields and the ring's own
            overwrite(file, SharedFileDescriptor.LAYOUT_VERSION_OFFSET, garbage(RingBufferDescriptor.METADATA_LENGTH -
                SharedFileDescriptor.LAYOUT_VERSION_OFFSET));
            assertRingRefused(file);
            truncate(file, 1000);
            assertRingRefused(file);
        }
        final Path zeroed = temp.resolve("zeroed-ring");
        try (RingBuffer ring = RingBuffer.create(zeroed).slotCount(64).slotSize(256).build())
        {
            overwrite(zeroed, 0, new byte[4096]); // a header wiped to zeros reads as "not ready": the attach timeout bounds it
            assertRingRefused(zeroed);
        }
    }

    private static void assertRingRefused(final Path file)
    {
        final RingFileException e = assertTimeoutPreemptively(OPEN_BOUND, () -> assertThrows(RingFileException.class,
            () -> RingBuffer.attach(file).attachTimeout(Duration.ofMillis(500)).build().close()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static Path eventFile(final String name)
    {
        final Session session = Session.acquire();
        try
        {
            return session.dir().resolve("events").resolve(name);
        }
        finally
        {
            session.release();
        }
    }

    /**
     * Runs {@code open} expecting a Tandem exception naming {@code file}, within the bound; an Error (InternalError
     * from a SIGBUS, StackOverflowError) or any other exception fails the test.
     */
    static TandemException assertFailsNaming(final Path file, final Executable open)
    {
        final TandemException e = assertTimeoutPreemptively(OPEN_BOUND, () -> assertThrows(TandemException.class, open));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e;
    }

    static byte[] garbage(final int length)
    {
        final byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    static void overwrite(final Path file, final long offset, final byte[] bytes) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static void truncate(final Path file, final long length) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.truncate(length);
        }
    }
}
