package io.tandem.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster secret file: made 0600, refused (naming the path and the fix) when missing, too open or too short. */
class ClusterSecretTest
{
    @TempDir
    Path dir;

    @Test
    void aNewSecretIsOwnerOnlyAndNeverOverwritten()
    {
        final Path file = dir.resolve("secret");
        ClusterSecret.create(file);
        assertDoesNotThrow(() -> ClusterSecret.check(file));
        assertEquals("rw-------", assertDoesNotThrow(() -> PosixFilePermissions.toString(Files.getPosixFilePermissions(file))));
        final IllegalStateException again = assertThrows(IllegalStateException.class, () -> ClusterSecret.create(file));
        assertTrue(again.getMessage().contains("never overwritten"), again.getMessage());
    }

    @Test
    void aMissingSecretNamesThePathAndTheFix()
    {
        final Path file = dir.resolve("absent");
        final IllegalStateException missing = assertThrows(IllegalStateException.class, () -> ClusterSecret.check(file));
        assertTrue(missing.getMessage().contains(file.toString()) && missing.getMessage().contains("--new-secret"),
            missing.getMessage());
    }

    @Test
    void aSecretOthersCanReadIsRefused() throws Exception
    {
        final Path file = dir.resolve("open");
        ClusterSecret.create(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final IllegalStateException open = assertThrows(IllegalStateException.class, () -> ClusterSecret.check(file));
        assertTrue(open.getMessage().contains("rw-r--r--") && open.getMessage().contains("chmod 600 " + file),
            open.getMessage());
    }

    @Test
    void aShortSecretIsRefused() throws Exception
    {
        final Path file = dir.resolve("short");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "hunter2\n");
        final IllegalStateException weak = assertThrows(IllegalStateException.class, () -> ClusterSecret.check(file));
        assertTrue(weak.getMessage().contains("7 bytes") && weak.getMessage().contains(file.toString()), weak.getMessage());
    }
}
