package io.tandem.remote.internal;

import io.aeron.Publication;
import io.tandem.remote.ClusterSecret;
import io.tandem.remote.NodeChild;
import io.tandem.test.TestJvm;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A signed spawn request is refused when replayed (its nonce seen before) or stale (its timestamp outside the window),
 * and a request whose signature does not cover what it says (one byte changed after signing) is refused too: each
 * logged by the node, which serves on.
 */
@Timeout(120)
class SpawnRequestCheckTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void replayedStaleAndTamperedRequestsAreRefused() throws Exception
    {
        final Path secretDir = Files.createTempDirectory("tandem-secret-");
        final Path secret = secretDir.resolve("secret");
        ClusterSecret.create(secret);
        final Path dir = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-raw-aeron-");
        final Signer signer = new Signer(SecretFile.load(secret));
        try (NodeChild node = NodeChild.start(secret, List.of(), "--liveness-ms", "1000", "--grace-ms", "500");
             AeronRuntime raw = AeronRuntime.embedded(dir.resolve("aeron"));
             Publication publication = raw.aeron().addPublication(RemoteDescriptor.channel(node.address,
                 RemoteDescriptor.CONTROL_TERM_LENGTH), RemoteDescriptor.CONTROL_STREAM))
        {
            // answers go to the discard port: only the node's log tells
            final MessageWriter good = request(System.currentTimeMillis(), "replayed", 11).encode(signer);
            offer(publication, good.buffer(), good.length());
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - INFO - node started process 'replayed'", WAIT);
            offer(publication, good.buffer(), good.length());
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - WARNING - node refused process 'replayed' " +
                "from 127.0.0.1:9: replayed request", WAIT);

            final MessageWriter stale = request(System.currentTimeMillis() - 120_000, "stale", 12).encode(signer);
            offer(publication, stale.buffer(), stale.length());
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - WARNING - node refused process 'stale' " +
                "from 127.0.0.1:9: its timestamp is", WAIT);

            final MessageWriter tampered = request(System.currentTimeMillis(), "tampered", 13).encode(signer);
            final int streamIdOffset = RemoteDescriptor.HEADER_LENGTH + 8 + RemoteDescriptor.NONCE_LENGTH + 8 + 8 + 4;
            tampered.buffer().putByte(streamIdOffset, (byte)(tampered.buffer().getByte(streamIdOffset) + 1));
            offer(publication, tampered.buffer(), tampered.length());
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - WARNING - node refused process 'tampered' " +
                "from 127.0.0.1:9: the request is not signed with the node's cluster secret", WAIT);
            // the accepted one's frontend never heartbeats: the node stops its backend after the liveness timeout
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - WARNING - node: frontend 127.0.0.1:9 silent", WAIT);
        }
        finally
        {
            io.tandem.internal.runtime.FileTrees.deleteRecursively(dir);
            io.tandem.internal.runtime.FileTrees.deleteRecursively(secretDir);
        }
    }

    private static SpawnRequest request(final long timestamp, final String name, final long key)
    {
        final byte[] nonce = new byte[RemoteDescriptor.NONCE_LENGTH];
        new SecureRandom().nextBytes(nonce);
        return new SpawnRequest(timestamp, nonce, 77, key, 12345, RemoteDescriptor.FIRST_PROCESS_STREAM, 1 << 24,
            1 << 24, 16 << 20, ClassPathHash.current(), "127.0.0.1:9", name, "TEN_SECONDLY", List.of());
    }

    private static void offer(final Publication publication, final DirectBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (publication.offer(buffer, 0, length) < 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the node's control stream took nothing");
            }
            TestJvm.sleep(1);
        }
    }
}
