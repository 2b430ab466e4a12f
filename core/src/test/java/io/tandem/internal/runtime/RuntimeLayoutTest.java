package io.tandem.internal.runtime;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.failure.TandemException;
import io.tandem.process.EchoCommands;
import io.tandem.process.EchoProcess;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime layout on tmpfs: paths, permissions, names, sweeping, and clear errors for bad directories. */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class RuntimeLayoutTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @AfterEach
    void restoreProperties()
    {
        System.clearProperty(RuntimeRoot.ROOT_PROPERTY);
        System.clearProperty(RuntimeRoot.MIN_FREE_PROPERTY);
    }

    @Test
    void everythingIsOwnerOnlyAndGoneAfterClose() throws IOException
    {
        final Path processDir;
        try (EchoProcess p = new EchoProcess("layout"))
        {
            p.start();
            p.backend(EchoCommands.class).echo("x");
            p.receive(WAIT);
            final Path session = NoLeftovers.sessionDir();
            processDir = session.resolve("layout");
            assertEquals("rwx------", mode(session.getParent()), "root");
            assertEquals("rwx------", mode(session), "session");
            assertEquals("rwx------", mode(processDir), "process");
            assertEquals("rw-------", mode(session.resolve(Session.INFO_FILE)));
            assertTrue(Files.readString(session.resolve(Session.INFO_FILE)).contains("pid: " + ProcessHandle.current().pid()));
            for (final String queue : List.of("cmd", "reply"))
            {
                assertEquals("rwx------", mode(processDir.resolve(queue)), queue);
                try (Stream<Path> files = Files.list(processDir.resolve(queue)))
                {
                    final List<Path> all = files.collect(Collectors.toList());
                    assertFalse(all.isEmpty());
                    for (final Path f : all)
                    {
                        assertEquals("rw-------", mode(f), f.toString());
                    }
                }
            }
        }
        assertFalse(Files.exists(processDir));
    }

    @Test
    void badNamesAreRefusedWithAClearMessage()
    {
        for (final String bad : List.of("", "../escape", "a/b", ".hidden", "-flag", "x".repeat(65), "spaces here"))
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EchoProcess(bad));
            assertTrue(e.getMessage().startsWith("invalid process name"), e.getMessage());
            assertTrue(e.getMessage().contains("use 1 to 64 characters"), e.getMessage());
        }
        assertTrue(Names.isValid("worker-7.a_b"));
    }

    @Test
    void aNameInUseIsRefusedAndTheFirstProcessIsUnharmed()
    {
        try (EchoProcess first = new EchoProcess("twin"); EchoProcess second = new EchoProcess("twin"))
        {
            first.start();
            final IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
            assertTrue(e.getMessage().contains("a process named 'twin' already runs"), e.getMessage());
            first.backend(EchoCommands.class).echo("fine");
            assertEquals("fine", first.receive(WAIT).get("text"));
        }
    }

    @Test
    void aMissingRootParentSaysWhatToDo()
    {
        System.setProperty(RuntimeRoot.ROOT_PROPERTY, tmp.resolve("no/such/dir").toString());
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class,
            () -> new EchoProcess("rootless").start());
        assertEquals(tmp.resolve("no/such"), e.path());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dtandem.root="), e.getMessage());
    }

    @Test
    void aRootWithLoosePermissionsIsRefused() throws IOException
    {
        final Path root = tmp.resolve("loose");
        Files.createDirectory(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        System.setProperty(RuntimeRoot.ROOT_PROPERTY, root.toString());
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class,
            () -> new EchoProcess("loose").start());
        assertEquals(root, e.path());
        assertTrue(e.getMessage().contains("rwxrwxrwx instead of rwx------"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 700 " + root), e.getMessage());
    }

    @Test
    void aForeignRootIsRefused() throws IOException
    {
        final Path root = tmp.resolve("foreign");
        Files.createDirectory(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        final UserPrincipal nobody;
        try
        {
            nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(root, nobody);
        }
        catch (final IOException e)
        {
            Assumptions.abort("cannot give a directory to another user here: " + e);
            return;
        }
        System.setProperty(RuntimeRoot.ROOT_PROPERTY, root.toString());
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class,
            () -> new EchoProcess("foreign").start());
        assertTrue(e.getMessage().contains("is owned by 'nobody'"), e.getMessage());
    }

    @Test
    void noSpaceIsAClearErrorAndLeavesNothing()
    {
        System.setProperty(RuntimeRoot.MIN_FREE_PROPERTY, Long.toString(Long.MAX_VALUE / 2));
        final EchoProcess p = new EchoProcess("cramped");
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class, p::start);
        assertTrue(e.getMessage().contains("MiB free"), e.getMessage());
        assertTrue(e.getMessage().contains("Free space on it"), e.getMessage());
        assertFalse(p.isAlive());
    }

    @Test
    void aFieldThatCannotBeShippedIsNamedAndNothingIsLeft()
    {
        final Unshippable p = new Unshippable("unshippable");
        final TandemException e = assertThrows(TandemException.class, p::start);
        assertTrue(e.getMessage().contains("cannot ship field 'worker'"), e.getMessage());
        assertTrue(e.getMessage().contains("Mark it transient"), e.getMessage());
    }

    @Test
    void sweepRemovesSessionsOfDeadOwnersAndKeepsLiveOnes() throws IOException
    {
        final Path root = tmp.resolve("root");
        Files.createDirectory(root);
        final Path dead = Files.createDirectory(root.resolve("2147483646-1000"));
        final SessionId self = SessionId.current();
        final Path reused = Files.createDirectory(root.resolve(self.pid() + "-" + (self.startMillis() - 3_600_000)));
        final Path live = Files.createDirectory(root.resolve(self.directoryName()));
        final Path other = Files.createDirectory(root.resolve("not-a-session"));
        final List<Path> removed = SessionSweeper.sweep(root);
        assertTrue(removed.containsAll(List.of(dead, reused)), removed.toString());
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(reused), "a pid reused by a later process does not keep a dead session");
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other), "what is not a session is left alone");
    }

    private static String mode(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Holds a thread: nothing a backend could receive. */
    static final class Unshippable extends MessageProcess
    {
        private final Thread worker = new Thread(() -> { });

        Unshippable(final String name)
        {
            super(name, ProcessOptions.defaults());
        }
    }
}
