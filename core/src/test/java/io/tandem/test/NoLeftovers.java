package io.tandem.test;

import io.tandem.junit.TandemExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * After each test: every child process this test JVM started has exited, no in-JVM backend runs, and this JVM's
 * session directory is gone (every process and resource was closed). Use with {@code @ExtendWith(NoLeftovers.class)}.
 * A thin wrapper over {@link TandemExtension}'s check, for the tests that manage their processes by hand.
 */
public final class NoLeftovers implements AfterEachCallback
{
    @Override
    public void afterEach(final ExtensionContext context)
    {
        check(context.getDisplayName());
    }

    /**
     * The same check, for a class whose tests share a process: call it from {@code @AfterAll}, after closing it.
     *
     * @param who what is checked, for the message (a test class's name, say).
     */
    public static void check(final String who)
    {
        TandemExtension.assertNothingLeft(who);
    }

    /** @return this JVM's session directory (whether or not it exists). */
    public static Path sessionDir()
    {
        return TandemExtension.sessionDirectory();
    }
}
