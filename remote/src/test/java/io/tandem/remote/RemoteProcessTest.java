package io.tandem.remote;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.CommandFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A remote process through a node in another JVM with its own runtime root: everything works as for a local one. */
@Timeout(120)
class RemoteProcessTest
{
    static final Duration WAIT = Duration.ofSeconds(20);

    static Path secretDir;
    static Path secret;
    static NodeChild node;

    @BeforeAll
    static void startNode() throws Exception
    {
        secretDir = Files.createTempDirectory("tandem-secret-");
        secret = secretDir.resolve("secret");
        ClusterSecret.create(secret);
        node = NodeChild.start(secret, List.of());
    }

    @AfterAll
    static void stopNode()
    {
        if (node != null)
        {
            node.close();
        }
        io.tandem.internal.runtime.FileTrees.deleteRecursively(secretDir);
    }

    static ProcessOptions remote()
    {
        return ProcessOptions.builder().remote(node.address).remoteSecret(secret).build();
    }

    @Test
    void commandsRepliesAndCallsCrossToTheNode()
    {
        try (RemoteWorker worker = new RemoteWorker("remote-basic", remote(), null))
        {
            worker.start();
            final RemoteCommands backend = worker.backend(RemoteCommands.class);
            assertEquals(5, backend.add(2, 3));
            final long remotePid = backend.backendPid();
            assertEquals(remotePid, worker.pid(), "pid() is the backend's pid on the node's host");
            assertNotEquals(ProcessHandle.current().pid(), remotePid);
            assertTrue(backend.property("tandem.root").startsWith(node.root.toString()),
                "the backend runs in the node's runtime root: " + backend.property("tandem.root"));
            final int n = 2_000;
            for (long i = 0; i < n; i++)
            {
                backend.record(i);
            }
            assertArrayEquals(LongStream.range(0, n).toArray(), backend.recorded(), "each command once, in order");
            backend.emit(42);
            final MessageObject reply = worker.receive(WAIT);
            assertEquals("emitted", reply.name());
            assertEquals(42L, ((Number)reply.get("seq")).longValue());
            final CommandFailedException failed = assertThrows(CommandFailedException.class, () -> backend.fail("on purpose"));
            assertTrue(failed.getMessage().contains("on purpose"), failed.getMessage());
            assertEquals(7, backend.add(3, 4), "the backend serves on after a failure");
        }
    }
}
