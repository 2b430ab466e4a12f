package io.tandem.ringbuffer;

import io.tandem.internal.sharedfile.SharedFileDescriptor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating, attaching, validating and removing ring files. */
@Timeout(20)
class RingFileTest
{
    private final Path path = TestPaths.newPath("file");

    @AfterEach
    void deleteFiles() throws IOException
    {
        TestPaths.deleteAll();
    }

    @Test
    void createMakesAnOwnerOnlyFileThatTheCreatorsCloseRemoves() throws IOException
    {
        try (RingBuffer ring = RingBuffer.create(path).slotCount(8).slotSize(100).maxConsumers(3).build())
        {
            assertTrue(ring.isCreator());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals(RingBufferDescriptor.fileLength(8, 100, 3), Files.size(path));
            assertEquals(8, ring.slotCount());
            assertEquals(100, ring.slotSize());
            assertEquals(3, ring.maxConsumers());
            assertEquals(RingPolicy.BLOCK, ring.policy());
            assertEquals(ProducerStatus.NONE, ring.producerStatus());
            try (RingBuffer attached = RingBuffer.attach(path).build())
            {
                assertFalse(attached.isCreator());
                assertEquals(8, attached.slotCount());
                assertEquals(RingBuffer.DEFAULT_HEARTBEAT_TIMEOUT, attached.heartbeatTimeout());
            }
            assertTrue(Files.exists(path), "an attached handle's close keeps the file");
        }
        assertFalse(Files.exists(path), "the creator's close removes it");
        assertEquals(0, TestPaths.countFiles(), "no temporary file left behind");
    }

    @Test
    void attachToAMissingFileSaysSo()
    {
        final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).build());
        assertEquals(path, ex.path());
        assertTrue(ex.getMessage().contains(path.toString()) && ex.getMessage().contains("does not exist"), ex.getMessage());
        assertFalse(Files.exists(path), "attach never creates the file");
    }

    @Test
    void attachWithATimeoutWaitsForTheCreator() throws Exception
    {
        final CompletableFuture<RingBuffer> attaching = CompletableFuture.supplyAsync(
            () -> RingBuffer.attach(path).attachTimeout(Duration.ofSeconds(10)).build());
        try (RingBuffer created = RingBuffer.create(path).slotCount(4).slotSize(8).build();
             RingBuffer attached = attaching.get(15, TimeUnit.SECONDS))
        {
            assertEquals(4, attached.slotCount());
            assertTrue(created.isCreator());
        }
    }

    @Test
    void attachToAForeignFileSaysItIsNotARing() throws IOException
    {
        Files.write(path, "this is a text file, not a ring buffer at all, and it is long enough for a header ...".repeat(10).getBytes());
        final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).build());
        assertTrue(ex.getMessage().contains(path.toString()) && ex.getMessage().contains("is not a Tandem ring buffer"), ex.getMessage());
    }

    @Test
    void attachToAnEmptyOrZeroedFileSaysItIsNotInitialised() throws IOException
    {
        Files.createFile(path);
        RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).build());
        assertTrue(ex.getMessage().contains("is empty"), ex.getMessage());

        Files.write(path, new byte[8192]);
        ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).attachTimeout(Duration.ofMillis(20)).build());
        assertTrue(ex.getMessage().contains("is not initialised") && ex.getMessage().contains("waited 20 ms"), ex.getMessage());

        Files.write(path, new byte[] {1, 2, 3, 4});
        ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).build());
        assertTrue(ex.getMessage().contains("only 4 bytes"), ex.getMessage());
    }

    @Test
    void attachToAnotherLayoutVersionSaysWhichVersions() throws IOException
    {
        try (RingBuffer ignored = RingBuffer.create(path).slotCount(4).slotSize(8).build())
        {
            writeInt(path, SharedFileDescriptor.LAYOUT_VERSION_OFFSET, 99);
            final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).build());
            assertTrue(ex.getMessage().contains("layout version 99") && ex.getMessage().contains("reads version " + RingBufferDescriptor.LAYOUT_VERSION), ex.getMessage());
        }
    }

    @Test
    void attachToATruncatedFileSaysHowShortItIs() throws IOException
    {
        final Path copy = TestPaths.newPath("truncated");
        final long truncated;
        try (RingBuffer ring = RingBuffer.create(path).slotCount(64).slotSize(1000).build())
        {
            Files.copy(path, copy);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE))
            {
                channel.truncate(ring.fileLength() / 2);
            }
            truncated = Files.size(copy);
            final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(copy).build());
            assertTrue(ex.getMessage().contains(copy.toString()) && ex.getMessage().contains("is truncated: " + ring.fileLength() / 2 +
                " bytes, but its header says " + ring.fileLength()), ex.getMessage());
        }
        assertEquals(truncated, Files.size(copy), "attach did not grow the file");
    }

    @Test
    void attachWithOtherGeometrySaysWhatDiffers()
    {
        try (RingBuffer ignored = RingBuffer.create(path).slotCount(1024).slotSize(256).build())
        {
            final RingFileException ex = assertThrows(RingFileException.class,
                () -> RingBuffer.attach(path).slotCount(2048).slotSize(256).policy(RingPolicy.OVERWRITE).build());
            assertTrue(ex.getMessage().contains("has 1024 slots of 256 bytes, policy BLOCK") &&
                ex.getMessage().contains("2048 slots were asked for") && ex.getMessage().contains("policy OVERWRITE was asked for") &&
                !ex.getMessage().contains("slot size of"), ex.getMessage());
            RingBuffer.attach(path).slotCount(1024).slotSize(256).policy(RingPolicy.BLOCK).build().close();
        }
    }

    @Test
    void aCorruptHeaderIsReported() throws IOException
    {
        try (RingBuffer ignored = RingBuffer.create(path).slotCount(4).slotSize(8).build())
        {
            writeInt(path, RingBufferDescriptor.SLOT_COUNT_OFFSET, 6);
            final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.attach(path).build());
            assertTrue(ex.getMessage().contains("corrupt header") && ex.getMessage().contains("not a power of two"), ex.getMessage());
        }
    }

    @Test
    void createFailsWhileTheRingIsInUseAndCreateOrAttachAttaches()
    {
        try (RingBuffer first = RingBuffer.create(path).slotCount(4).slotSize(8).build())
        {
            final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.create(path).slotCount(4).slotSize(8).build());
            assertTrue(ex.getMessage().contains("already exists and is in use") &&
                ex.getMessage().contains("created by pid " + ProcessHandle.current().pid()), ex.getMessage());
            try (RingBuffer second = RingBuffer.createOrAttach(path).slotCount(4).slotSize(8).build())
            {
                assertFalse(second.isCreator());
                assertTrue(first.isCreator());
            }
            assertThrows(RingFileException.class, () -> RingBuffer.createOrAttach(path).slotCount(8).slotSize(8).build());
        }
    }

    @Test
    void createReplacesAStaleRingWhoseUsersAreAllGone() throws IOException
    {
        final Path stale = TestPaths.newPath("stale");
        try (RingBuffer ring = RingBuffer.create(path).slotCount(4).slotSize(8).build())
        {
            Files.copy(path, stale);
        }
        writeLong(stale, SharedFileDescriptor.CREATOR_PID_OFFSET, Integer.MAX_VALUE); // no such pid: the creator "died"
        try (RingBuffer fresh = RingBuffer.create(stale).slotCount(16).slotSize(8).build())
        {
            assertTrue(fresh.isCreator());
            assertEquals(16, fresh.slotCount());
        }
        assertFalse(Files.exists(stale));
    }

    @Test
    void createDoesNotReplaceAFileThatIsNotARing() throws IOException
    {
        Files.write(path, "precious".getBytes());
        final RingFileException ex = assertThrows(RingFileException.class, () -> RingBuffer.create(path).slotCount(4).slotSize(8).build());
        assertTrue(ex.getMessage().contains("already exists") && ex.getMessage().contains("not a ring buffer"), ex.getMessage());
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void aRingTooLargeForTheFileSystemFailsBeforeAllocating()
    {
        final RingFileException ex = assertThrows(RingFileException.class,
            () -> RingBuffer.create(path).slotCount(1 << 18).slotSize(1 << 20).build());
        assertTrue(ex.getMessage().contains("bytes free") && ex.getMessage().contains(path.toString()), ex.getMessage());
        assertFalse(Files.exists(path));
    }

    @Test
    void theDirectoryIsCreatedOwnerOnly() throws IOException
    {
        final Path directory = TestPaths.newPath("dir");
        final Path inside = directory.resolve("ring");
        try (RingBuffer ring = RingBuffer.create(inside).slotCount(2).slotSize(8).build())
        {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
            assertEquals(inside, ring.path());
        }
        Files.delete(directory);
    }

    private static void writeInt(final Path file, final int offset, final int value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }

    private static void writeLong(final Path file, final int offset, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }
}
