package io.tandem.remote;

import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tandem node} explains a start-up problem in one line and exits 2: no stack trace. */
@Timeout(120)
class NodeMainTest
{
    @Test
    void aRuntimeRootWithWrongPermissionsIsOneLineAndExitTwo() throws Exception
    {
        final Path root = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-node-open-root-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (NodeFixture cluster = NodeFixture.secretOnly().start();
             ChildProgram program = ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + root),
                 NodeMain.class.getName(), "--listen", "127.0.0.1:0", "--secret", cluster.secret().toString())))
        {
            assertEquals(2, program.awaitExit(Duration.ofSeconds(60)), program.output());
            final String output = program.output();
            assertTrue(output.contains("tandem node: ") && output.contains("rwx------"), output);
            assertFalse(output.contains("\tat ") || output.contains("Exception in thread"), output);
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
        }
    }
}
