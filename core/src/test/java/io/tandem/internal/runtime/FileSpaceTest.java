package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.test.SmallTmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FileSpace#allocateInPlace}: the start of a file someone else made gets its pages, and keeps its data. */
class FileSpaceTest
{
    private static final byte[] HEADER = "a header someone wrote".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void allocatingInPlaceKeepsWhatTheFileHoldsAndGivesItsHolesPages() throws IOException
    {
        final Path file = sparseFile(dir.resolve("made-elsewhere.cq4"), 1 << 20);
        final long before = allocatedBytes(file);
        FileSpace.allocateInPlace(file, 256 << 10);
        assertEquals(1 << 20, Files.size(file), "its length is kept");
        assertArrayEquals(HEADER, Arrays.copyOf(Files.readAllBytes(file), HEADER.length), "its data is kept");
        assertTrue(allocatedBytes(file) >= 256 << 10, "allocated: " + before + " bytes before, " + allocatedBytes(file) + " after");
    }

    @Test
    void aFileThatIsNotThereIsNotMade()
    {
        final Path file = dir.resolve("gone.cq4");
        FileSpace.allocateInPlace(file, 64 << 10);
        assertFalse(Files.exists(file));
    }

    @Test
    void allocatingInPlaceOnAFullTmpfsIsAnExceptionNamingTheFile() throws IOException
    {
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(8))
        {
            final Path file = sparseFile(tmpfs.path().resolve("made-elsewhere.cq4"), 1 << 20);
            final Path filler = SmallTmpfs.fill(tmpfs.path());
            final RuntimeDirectoryException full = assertThrows(RuntimeDirectoryException.class,
                () -> FileSpace.allocateInPlace(file, 256 << 10));
            assertTrue(full.getMessage().startsWith(file.toString()) && full.getMessage().contains("file system is full"),
                full.getMessage());
            Files.delete(filler);
        }
    }

    private static Path sparseFile(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.write(HEADER);
            raf.setLength(length);
        }
        return file;
    }

    /** @return the bytes the file system gave the file (blocks, as du counts them), not its length. */
    private static long allocatedBytes(final Path file) throws IOException
    {
        final io.tandem.test.Tool.Result stat = io.tandem.test.Tool.run("stat", "-c", "%b %B", file.toString());
        assertEquals(0, stat.exitCode(), "stat failed: " + stat.err());
        final String[] out = stat.out().trim().split("\\s+");
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
