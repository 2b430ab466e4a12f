package io.tandem.ringbuffer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ring file paths for tests: {@code /dev/shm/tandem-test-<pid>-<n>-<label>}; {@link #deleteAll()} removes every
 * file of this JVM (temporary siblings included), so nothing is left under /dev/shm.
 */
final class TestPaths
{
    static final Path DIRECTORY = Paths.get("/dev/shm");
    private static final String PREFIX = "tandem-test-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestPaths()
    {
    }

    static Path newPath(final String label)
    {
        return DIRECTORY.resolve(PREFIX + COUNTER.incrementAndGet() + "-" + label);
    }

    static void deleteAll() throws IOException
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIRECTORY))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                if (name.startsWith(PREFIX) || name.startsWith("." + PREFIX))
                {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    static long countFiles() throws IOException
    {
        long count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIRECTORY))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                if (name.startsWith(PREFIX) || name.startsWith("." + PREFIX))
                {
                    count++;
                }
            }
        }
        return count;
    }
}
