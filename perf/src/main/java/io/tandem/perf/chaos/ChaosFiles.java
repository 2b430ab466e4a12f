package io.tandem.perf.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** What the chaos and soak runs read of the runtime directories: files left, bytes in use. */
final class ChaosFiles
{
    private ChaosFiles()
    {
    }

    /** How often {@link #countFiles} walks again when a file goes while it walks. */
    private static final int COUNT_ATTEMPTS = 5;

    /**
     * @return the files and directories under {@code dir}, itself not counted (0 if it is gone).
     * @throws UncheckedIOException if files keep going while it walks, {@value #COUNT_ATTEMPTS} times.
     */
    static long countFiles(final Path dir)
    {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < COUNT_ATTEMPTS; attempt++)
        {
            if (!Files.exists(dir))
            {
                return 0;
            }
            try (Stream<Path> all = Files.walk(dir))
            {
                return all.filter(p -> !p.equals(dir)).count();
            }
            catch (final IOException ex)
            {
                last = new UncheckedIOException(ex); // a file went while we walked: look again
            }
            catch (final UncheckedIOException ex)
            {
                last = ex;
            }
        }
        throw last;
    }

    /**
     * @return the bytes the files under {@code dir} take on their file system (allocated blocks, as {@code du}
     * counts them: a sparse or pre-created queue file counts what it holds, not its length); 0 if it is gone.
     * @throws IOException if {@code du} fails (never read as 0: a failed measurement is not a flat one).
     */
    static long bytesInUse(final Path dir) throws IOException, InterruptedException
    {
        if (!Files.exists(dir))
        {
            return 0;
        }
        // Output to a file, not a pipe: a du that hangs must not block a read before the wait's deadline.
        final Path said = Files.createTempFile("tandem-chaos-du-", ".txt");
        final String text;
        try
        {
            final Process du = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true)
                .redirectOutput(said.toFile()).start();
            if (!du.waitFor(QueueFaults.COMMAND_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
            {
                du.destroyForcibly();
                throw new IOException("du " + dir + " took over " + QueueFaults.COMMAND_TIMEOUT);
            }
            text = Files.readString(said).trim();
        }
        finally
        {
            Files.deleteIfExists(said);
        }
        final String first = text.lines().filter(l -> l.endsWith(dir.toString())).findFirst().orElse("");
        if (first.isEmpty())
        {
            if (!Files.exists(dir))
            {
                return 0;
            }
            throw new IOException("du " + dir + " said: " + text);
        }
        return Long.parseLong(first.split("\\s+")[0]);
    }

    /** @return bytes used on the file system of {@code path} (total less free), or -1. */
    static long fileSystemUsed(final Path path)
    {
        try
        {
            final var store = Files.getFileStore(path);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /** @return true once {@code path} is gone, waiting at most {@code timeout}. */
    static boolean awaitGone(final Path path, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.exists(path))
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
