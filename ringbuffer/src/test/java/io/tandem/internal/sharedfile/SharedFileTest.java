package io.tandem.internal.sharedfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.tandem.internal.sharedfile.SharedFileDescriptor.BODY_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.CREATOR_PID_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.CREATOR_START_TIME_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.FILE_LENGTH_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.LAYOUT_VERSION_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.MAGIC_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.READY;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.READY_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class SharedFileTest
{
    private static final long MAGIC = 0x5453_4554_4D44_4E54L; // "TNDMTEST"
    private static final int VERSION = 7;
    private static final int LENGTH = 8192;
    private static final int VALUE_OFFSET = BODY_OFFSET;

    @TempDir
    Path dir;

    @Test
    void createAtomicallyWritesTheBodyAndTheHeaderAndLeavesNoTemporaryFile() throws IOException
    {
        final Path path = dir.resolve("file");
        try (SharedFile file = create(path, 42))
        {
            assertTrue(file.isCreator());
            assertEquals(LENGTH, Files.size(path));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            final ByteBuffer bytes = read(path);
            assertEquals(MAGIC, bytes.getLong(MAGIC_OFFSET));
            assertEquals(VERSION, bytes.getInt(LAYOUT_VERSION_OFFSET));
            assertEquals(LENGTH, bytes.getLong(FILE_LENGTH_OFFSET));
            assertEquals(ProcessHandle.current().pid(), bytes.getLong(CREATOR_PID_OFFSET));
            assertEquals(ProcessLiveness.currentStartTimeMs(), bytes.getLong(CREATOR_START_TIME_OFFSET));
            assertEquals(READY, bytes.getLong(READY_OFFSET));
            assertEquals(42, bytes.getInt(VALUE_OFFSET));
            try (SharedFile attached = SharedFile.attach(path, MAGIC, VERSION, Duration.ZERO))
            {
                assertFalse(attached.isCreator());
                assertEquals(42, MEMORY.readInt(attached.address() + VALUE_OFFSET));
                assertEquals(LENGTH, attached.fileLength());
                assertTrue(attached.isCreatorAlive());
            }
        }
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(path), files.toList(), "no temporary file left");
        }
    }

    @Test
    void createAtomicallyFailsCleanlyWhenTheNameIsTaken() throws IOException
    {
        final Path path = dir.resolve("taken");
        Files.writeString(path, "precious");
        assertThrows(FileAlreadyExistsException.class, () -> create(path, 1));
        assertEquals("precious", Files.readString(path));
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void concurrentCreatorsOfOneNameExactlyOneWins() throws Exception
    {
        final Path path = dir.resolve("race");
        final int creators = 8;
        final ExecutorService pool = Executors.newFixedThreadPool(creators);
        final CountDownLatch start = new CountDownLatch(1);
        final List<Future<SharedFile>> results = new ArrayList<>();
        try
        {
            for (int i = 0; i < creators; i++)
            {
                final int value = i + 1;
                results.add(pool.submit(() ->
                {
                    start.await();
                    try
                    {
                        return create(path, value);
                    }
                    catch (final FileAlreadyExistsException ex)
                    {
                        return null;
                    }
                }));
            }
            start.countDown();
            SharedFile winner = null;
            int wins = 0;
            for (final Future<SharedFile> result : results)
            {
                final SharedFile file = result.get(20, TimeUnit.SECONDS);
                if (file != null)
                {
                    wins++;
                    winner = file;
                }
            }
            assertEquals(1, wins, "exactly one creator links the name");
            try (SharedFile won = winner; SharedFile attached = SharedFile.attach(path, MAGIC, VERSION, Duration.ZERO))
            {
                assertEquals(MEMORY.readInt(won.address() + VALUE_OFFSET), MEMORY.readInt(attached.address() + VALUE_OFFSET),
                    "the file under the name is the winner's");
            }
            try (Stream<Path> files = Files.list(dir))
            {
                assertEquals(1, files.count(), "the losers left no temporary file");
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void attachToAWrongMagicSaysWhatTheFileStartsWith() throws IOException
    {
        final Path path = dir.resolve("foreign");
        Files.writeString(path, "not a shared file at all, but long enough to hold a whole header and then some".repeat(4));
        final SharedFileException ex = assertRefused(path, SharedFileException.Kind.WRONG_MAGIC);
        assertTrue(ex.problem().contains("starts with 0x") && ex.problem().contains("TNDMTEST"), ex.getMessage());
    }

    @Test
    void attachToAnotherLayoutVersionSaysBoth() throws IOException
    {
        final Path path = dir.resolve("version");
        create(path, 1).close();
        writeInt(path, LAYOUT_VERSION_OFFSET, VERSION + 1);
        final SharedFileException ex = assertRefused(path, SharedFileException.Kind.WRONG_VERSION);
        assertTrue(ex.problem().contains("layout version " + (VERSION + 1)) && ex.problem().contains("reads version " + VERSION),
            ex.getMessage());
    }

    @Test
    void attachToATruncatedFileSaysHowShortItIs() throws IOException
    {
        final Path path = dir.resolve("truncated");
        create(path, 1).close();
        truncate(path, LENGTH / 2);
        SharedFileException ex = assertRefused(path, SharedFileException.Kind.TRUNCATED);
        assertTrue(ex.problem().contains("is truncated: " + LENGTH / 2 + " bytes, but its header says " + LENGTH), ex.getMessage());
        assertEquals(LENGTH / 2, Files.size(path), "attach did not grow it");

        truncate(path, 40);
        ex = assertRefused(path, SharedFileException.Kind.TRUNCATED);
        assertTrue(ex.problem().contains("shorter than the " + SharedFileDescriptor.HEADER_LENGTH + "-byte header"), ex.getMessage());
    }

    @Test
    void aGarbageReadyWordIsCorruptAndAZeroOneIsNotReady() throws IOException
    {
        final Path path = dir.resolve("ready");
        create(path, 1).close();
        writeLong(path, READY_OFFSET, 0x1234_5678L);
        assertRefused(path, SharedFileException.Kind.CORRUPT);
        writeLong(path, READY_OFFSET, 0);
        assertRefused(path, SharedFileException.Kind.NOT_READY);
    }

    @Test
    void attachWaitsForTheCreatorWithinItsTimeoutThenSaysHowLongItWaited() throws Exception
    {
        final Path path = dir.resolve("later");
        final long started = System.nanoTime();
        final SharedFileException missing = assertThrows(SharedFileException.class,
            () -> SharedFile.attach(path, MAGIC, VERSION, Duration.ofMillis(200)));
        final long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(SharedFileException.Kind.MISSING, missing.kind());
        assertTrue(missing.problem().contains("waited 200 ms"), missing.getMessage());
        assertTrue(waitedMs >= 200 && waitedMs < 5_000, "waited " + waitedMs + " ms");

        Files.write(path, new byte[LENGTH]); // zeroed: not ready, however long one waits
        final SharedFileException zeroed = assertThrows(SharedFileException.class,
            () -> SharedFile.attach(path, MAGIC, VERSION, Duration.ofMillis(50)));
        assertEquals(SharedFileException.Kind.NOT_READY, zeroed.kind());
        Files.delete(path);

        final CompletableFuture<SharedFile> attaching = CompletableFuture.supplyAsync(
            () -> SharedFile.attach(path, MAGIC, VERSION, Duration.ofSeconds(10)));
        Thread.sleep(50);
        try (SharedFile created = create(path, 99); SharedFile attached = attaching.get(15, TimeUnit.SECONDS))
        {
            assertEquals(99, MEMORY.readInt(attached.address() + VALUE_OFFSET));
            assertTrue(created.isCreator());
        }
    }

    @Test
    void aCreatorWhosePidIsGoneIsDead() throws IOException
    {
        final Path path = dir.resolve("dead");
        create(path, 1).close();
        writeLong(path, CREATOR_PID_OFFSET, Integer.MAX_VALUE); // above any pid_max
        assertCreatorAlive(path, false);
    }

    @Test
    void aCreatorWhosePidWasReusedIsDead() throws IOException
    {
        final Path path = dir.resolve("reused");
        create(path, 1).close();
        assertCreatorAlive(path, true);
        // this pid, but a process that started an hour earlier: the pid now belongs to someone else
        writeLong(path, CREATOR_START_TIME_OFFSET, ProcessLiveness.currentStartTimeMs() - 3_600_000);
        assertCreatorAlive(path, false);
    }

    @Test
    void aZombieCreatorIsDead() throws Exception
    {
        final Path path = dir.resolve("zombie");
        create(path, 1).close();
        // the shell starts a child that exits a moment later, then becomes "sleep", which never reaps it: a zombie
        final Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try
        {
            final CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                }
                catch (final IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            final long zombie = Long.parseLong(firstLine.get(10, TimeUnit.SECONDS).trim());
            final long start = ProcessHandle.of(zombie).flatMap(h -> h.info().startInstant()).map(i -> i.toEpochMilli()).orElse(0L);
            writeLong(path, CREATOR_PID_OFFSET, zombie);
            writeLong(path, CREATOR_START_TIME_OFFSET, start);
            assertCreatorAlive(path, true); // still sleeping its 0.2 s
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ProcessLiveness.isZombie(zombie) && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(10);
            }
            assertTrue(Files.readString(Path.of("/proc", Long.toString(zombie), "stat")).contains(") Z "), "a zombie now");
            assertCreatorAlive(path, false);
        }
        finally
        {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static SharedFile create(final Path path, final int value) throws FileAlreadyExistsException
    {
        return SharedFile.createAtomically(path, MAGIC, VERSION, LENGTH, MappedRegion.Unmap.ON_CLOSE,
            address -> MEMORY.writeInt(address + VALUE_OFFSET, value));
    }

    private static SharedFileException assertRefused(final Path path, final SharedFileException.Kind kind)
    {
        final SharedFileException ex = assertThrows(SharedFileException.class, () -> SharedFile.attach(path, MAGIC, VERSION,
            Duration.ZERO).close());
        assertEquals(kind, ex.kind(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith(path.toString()), "names the file: " + ex.getMessage());
        return ex;
    }

    private static void assertCreatorAlive(final Path path, final boolean alive)
    {
        try (SharedFile file = SharedFile.attach(path, MAGIC, VERSION, Duration.ZERO))
        {
            assertEquals(alive, file.isCreatorAlive(), "creator pid " + file.creatorPid() + " started " + file.creatorStartTimeMs());
        }
    }

    private static ByteBuffer read(final Path path) throws IOException
    {
        return ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.nativeOrder());
    }

    private static void writeInt(final Path path, final int offset, final int value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }

    private static void writeLong(final Path path, final int offset, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }

    private static void truncate(final Path path, final long length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
    }
}
