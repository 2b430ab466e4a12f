package io.tandem.test;

import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.internal.runtime.SessionId;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * After each test: every backend JVM this test JVM started has exited, and this JVM's session directory
 * is gone (every process and resource was closed). Use with {@code @ExtendWith(NoLeftovers.class)}.
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
        try
        {
            Await.until(Duration.ofSeconds(10), () -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
                "child JVMs to exit");
        }
        catch (final AssertionError e)
        {
            final String alive = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("\n"));
            ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("child processes left running by " + who + ":\n" + alive);
        }
        final Path session = sessionDir();
        if (Files.exists(session))
        {
            throw new AssertionError(who + " left its session directory behind: " + session);
        }
    }

    /** @return this JVM's session directory (whether or not it exists). */
    public static Path sessionDir()
    {
        return RuntimeRoot.configured().resolve(SessionId.current().directoryName());
    }
}
