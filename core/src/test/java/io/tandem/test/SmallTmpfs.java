package io.tandem.test;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real tmpfs of a given size, mounted in a fresh temporary directory for one test and unmounted when
 * closed (lazily if something still holds it open). Mounting needs root; elsewhere the test is skipped with
 * a message saying so. Faults are real here: a full file system is a full file system.
 */
public final class SmallTmpfs implements AutoCloseable
{
    private final Path mountPoint;

    private SmallTmpfs(final Path mountPoint)
    {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs of {@code megabytes} MiB, or skips the calling test if this machine does not let us.
     */
    public static SmallTmpfs mount(final int megabytes)
    {
        final Path dir;
        try
        {
            dir = Files.createTempDirectory("tandem-tmpfs-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs",
            dir.toString()));
        if (result != null)
        {
            deleteQuietly(dir);
            Assumptions.abort("cannot mount a tmpfs here (mounting needs root): " + result);
        }
        return new SmallTmpfs(dir);
    }

    /** @return where it is mounted. */
    public Path path()
    {
        return mountPoint;
    }

    /** @return bytes in use on it (real pages, as df counts them). */
    public long usedBytes()
    {
        try
        {
            final java.nio.file.FileStore store = Files.getFileStore(mountPoint);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Fills what is left of the file system under {@code dir} with one file, until it says it is full, to the
     * last page: what another program on the machine may do at any moment.
     *
     * @return the file, to delete to give the space back.
     */
    public static Path fill(final Path dir) throws IOException
    {
        final Path filler = dir.resolve("filler");
        try (java.io.OutputStream out = Files.newOutputStream(filler))
        {
            // large blocks while they fit, then pages: a page-sized write refused means not one page is left
            writeUntilFull(out, new byte[64 << 10]);
            writeUntilFull(out, new byte[4 << 10]);
        }
        return filler;
    }

    private static void writeUntilFull(final java.io.OutputStream out, final byte[] block) throws IOException
    {
        try
        {
            while (true)
            {
                out.write(block);
            }
        }
        catch (final IOException expected)
        {
            if (!String.valueOf(expected.getMessage()).contains("No space left"))
            {
                throw expected;
            }
        }
    }

    @Override
    public void close()
    {
        if (run(List.of("umount", mountPoint.toString())) != null)
        {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
        deleteQuietly(mountPoint);
    }

    /** @return null on success, else what went wrong. */
    private static String run(final List<String> command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish in 30 s";
            }
            final String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + output.trim();
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void deleteQuietly(final Path dir)
    {
        try
        {
            Files.deleteIfExists(dir);
        }
        catch (final IOException ignored)
        {
            // a temporary directory
        }
    }
}
