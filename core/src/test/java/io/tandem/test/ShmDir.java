package io.tandem.test;

import io.tandem.internal.runtime.FileTrees;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh directory on tmpfs ({@code /dev/shm}, where Tandem's files live) for each test, removed after it; the test
 * fails if anything of it is left. For tests that make rings, drivers and mirrors of their own outside a session.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ShmDir shm = new ShmDir("tandem-ring-bridge-");
 * ... RingBuffer.create(shm.path().resolve("source")) ...
 * }</pre>
 */
public final class ShmDir implements BeforeEachCallback, AfterEachCallback
{
    private static final Path SHM = Path.of("/dev/shm");

    private final String prefix;
    private Path dir;

    /** @param prefix the start of each directory's name (the rest is random). */
    public ShmDir(final String prefix)
    {
        this.prefix = prefix;
    }

    /** @return this test's directory. */
    public Path path()
    {
        if (dir == null)
        {
            throw new IllegalStateException("no test is running: ShmDir makes its directory before each test");
        }
        return dir;
    }

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException
    {
        dir = Files.createTempDirectory(SHM, prefix);
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        final Path made = dir;
        dir = null;
        if (made != null)
        {
            FileTrees.deleteRecursively(made);
            if (Files.exists(made))
            {
                throw new AssertionError(made + " left behind");
            }
        }
    }
}
