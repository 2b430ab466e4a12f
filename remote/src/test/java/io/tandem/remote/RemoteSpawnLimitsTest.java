package io.tandem.remote;

import io.tandem.ProcessOptions;
import io.tandem.failure.TandemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a spawn request may carry: JVM arguments of a few KB cross (the request spans several UDP packets); one too
 * big for a control message is a clear error at the frontend, before anything is sent; a JVM argument outside the
 * node's allow-list is refused, naming it, and never reaches a command line; the node's operator can allow more.
 */
@Timeout(120)
class RemoteSpawnLimitsTest
{
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A secret and a node in a child JVM for all the tests; nothing left after them. */
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.withNode("--allow-jvm-arg", "-XX:NewRatio=*");

    static ProcessOptions.Builder remote()
    {
        return ProcessOptions.builder().remote(NODE.address()).remoteSecret(NODE.secret());
    }

    @Test
    void aFewKilobytesOfJvmArgumentsCross()
    {
        final String big = "b".repeat(2_000);
        try (RemoteWorker worker = new RemoteWorker("remote-big-args", remote().jvmArgs("-Dbig=" + big, "-Xmx96m",
            "-XX:NewRatio=3").build(), null))
        {
            worker.start();
            assertEquals(big, worker.backend(RemoteCommands.class).property("big"));
        }
    }

    @Test
    void aSpawnRequestTooBigForAControlMessageIsAClearError()
    {
        final TandemException tooBig = assertThrows(TandemException.class, () ->
        {
            try (RemoteWorker worker = new RemoteWorker("remote-huge-args", remote().jvmArgs("-Da=" + "a".repeat(3_500),
                "-Dc=" + "c".repeat(3_500), "-Dd=" + "d".repeat(3_500)).build(), null))
            {
                worker.start();
            }
        });
        final String message = tooBig.getMessage();
        assertTrue(message.contains("'remote-huge-args'") && message.contains("node " + NODE.address()) &&
            message.contains("more than the 8192") && message.contains("JVM arguments"), message);

        final TandemException tooLong = assertThrows(TandemException.class, () ->
        {
            try (RemoteWorker worker = new RemoteWorker("remote-long-arg", remote().jvmArgs("-Dlong=" + "l".repeat(5_000))
                .build(), null))
            {
                worker.start();
            }
        });
        assertTrue(tooLong.getMessage().contains("'remote-long-arg'") && tooLong.getMessage().contains("JVM argument 0") &&
            tooLong.getMessage().contains("more than the 4096"), tooLong.getMessage());
    }

    @Test
    void aJvmArgumentOutsideTheAllowListIsRefusedNamingIt() throws Exception
    {
        final Path written = NODE.dir().resolve("gc.log");
        for (final String arg : List.of("-Xlog:gc:file=" + written, "-XX:OnOutOfMemoryError=touch " + written,
            "-Djava.security.manager=allow", "-Dtandem.root=" + NODE.dir()))
        {
            final TandemException refused = assertThrows(TandemException.class, () ->
            {
                try (RemoteWorker worker = new RemoteWorker("remote-bad-arg", remote().jvmArgs("-Xmx64m", arg).build(),
                    null))
                {
                    worker.start();
                }
            });
            assertTrue(refused.getMessage().contains("refused") && refused.getMessage().contains("JVM argument '" + arg +
                "' is not allowed"), refused.getMessage());
        }
        assertFalse(Files.exists(written), "no JVM ran with the refused arguments");
    }
}
