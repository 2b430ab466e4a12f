package io.tandem.remote.internal;

import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One Aeron per JVM, its media driver's files under the session directory, gone with the last reference. */
class SharedAeronTest
{
    @Test
    void referencesShareOneDriverWhoseFilesGoWithTheLast() throws java.io.IOException
    {
        final Path driverDir;
        try (SharedAeron first = SharedAeron.acquire(); SharedAeron second = SharedAeron.acquire())
        {
            assertSame(first.aeron(), second.aeron(), "one client, one driver");
            driverDir = Path.of(first.aeron().context().aeronDirectoryName());
            assertTrue(driverDir.startsWith(NoLeftovers.sessionDir()), "under the session directory: " + driverDir);
            assertTrue(Files.isDirectory(driverDir));
            final long cnc = Files.size(driverDir.resolve("cnc.dat"));
            assertTrue(cnc < 12L << 20, "cnc.dat is " + (cnc >> 20) + " MiB of tmpfs (Aeron's defaults: ~45 MiB)");
        }
        assertFalse(Files.exists(driverDir), "removed with the last reference");
        NoLeftovers.check(SharedAeronTest.class.getSimpleName());
    }
}
