package io.tandem.failure;

import io.tandem.cli.TandemCli;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.Registry;
import io.tandem.internal.runtime.SessionId;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static io.tandem.failure.CorruptedFilesTest.garbage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tandem dump} and {@code tandem ps}, run as the real command in a JVM of its own, on a live session
 * whose files are garbage: a message naming the file and exit code 1, within a bound; never a crash (a
 * SIGBUS, an InternalError, a stack trace instead of a message), never a hang.
 */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class CorruptedSessionCliTest
{
    /** A JVM that loads Chronicle takes a few seconds of CPU on a loaded 2-core machine; a hang takes forever. */
    private static final Duration CLI_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void dumpOfAGarbageQueueDirectoryIsAMessageNamingTheQueueNotACrashOrAHang() throws IOException
    {
        final Path session = liveSession();
        final Path queue = Files.createDirectories(session.resolve("garbled").resolve("cmd"));
        final String cycle = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")).substring(0, 14) + "0S";
        Files.write(queue.resolve(cycle + ".cq4"), garbage(1 << 20));
        Files.write(queue.resolve("metadata.cq4t"), garbage(1 << 16));
        final Result dump = cli("dump", session.getFileName().toString(), "garbled");
        assertEquals(1, dump.exitCode, dump.output);
        assertTrue(dump.output.contains("tandem dump: "), dump.output);
        assertTrue(dump.output.contains(queue.toString()), "names the queue: " + dump.output);
        assertNoCrash(dump.output);
    }

    @Test
    void dumpOfATruncatedCycleFileIsAMessageNamingTheQueueNotACrashOrAHang() throws IOException
    {
        final Path session = liveSession();
        final Path queue = Files.createDirectories(session.resolve("short").resolve("cmd"));
        final String cycle = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")).substring(0, 14) + "0S";
        Files.write(queue.resolve(cycle + ".cq4"), new byte[100]);
        final Result dump = cli("dump", session.getFileName().toString(), "short");
        assertTrue(dump.exitCode == 0 || dump.exitCode == 1, dump.output);
        assertTrue(dump.output.contains(queue.toString()), "names the queue: " + dump.output);
        assertNoCrash(dump.output);
    }

    @Test
    void psOfASessionWithAGarbageProcessTableAndRegistryNamesTheFileNotACrashOrAHang() throws IOException
    {
        final Path session = liveSession();
        Files.write(session.resolve(ProcessTable.FILE), garbage(1 << 16));
        final byte[] registry = garbage(1 << 16);
        registry[8 + 3] |= (byte)0x80; // Chronicle Map's "header not complete"
        Files.write(session.resolve(Registry.FILE), registry);
        final Result ps = cli("ps");
        assertTrue(ps.output.contains(session.resolve(ProcessTable.FILE).toString()) ||
            ps.output.contains(session.resolve(Registry.FILE).toString()), "names the file: " + ps.output);
        assertNoCrash(ps.output);
    }

    /** @return a session directory under a root of our own, owned by this (live) JVM, so the CLI takes it as live. */
    private Path liveSession() throws IOException
    {
        final Path root = Files.createDirectory(temp.resolve("root"), PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        final Path session = Files.createDirectory(root.resolve(SessionId.current().directoryName()));
        Files.writeString(session.resolve("session.yaml"), "pid: " + ProcessHandle.current().pid() + "\n");
        return session;
    }

    private Result cli(final String... args)
    {
        final Path root = temp.resolve("root");
        try (ChildProgram cli = ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + root), TandemCli.class, args)))
        {
            final int code = cli.awaitExit(CLI_BOUND);
            return new Result(code, cli.output());
        }
    }

    private static void assertNoCrash(final String output)
    {
        assertFalse(output.contains("SIGBUS") || output.contains("InternalError") || output.contains("hs_err") ||
            output.contains("\tat "), "no crash and no stack trace: " + output);
    }

    private static final class Result
    {
        final int exitCode;
        final String output;

        Result(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
