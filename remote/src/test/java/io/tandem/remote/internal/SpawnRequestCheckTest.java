package io.tandem.remote.internal;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.tandem.remote.NodeChild;
import io.tandem.remote.NodeFixture;
import io.tandem.test.ShmDir;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a node does with requests that it must not serve: a signed spawn request is refused when replayed (its nonce
 * seen before), stale (its timestamp outside the window), meant for another node, or naming a host name instead of a
 * numeric endpoint; a replayed heartbeat keeps no silent frontend alive. A request not signed with the secret (a
 * stranger's, or one byte changed after signing) makes the node do next to nothing: nothing of it is logged (so no
 * forged log line), one WARN counts them, and at most one REFUSED a second goes to the endpoint it names.
 */
@Timeout(120)
class SpawnRequestCheckTest
{
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-raw-aeron-");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CONDUCTOR = "io.tandem.remote.internal.NodeConductor - WARNING - ";

    @Test
    void replayedStaleMisdirectedAndTamperedRequestsAreRefused() throws Exception
    {
        // liveness well above a backend JVM's start on two loaded cores: the accepted process's silent frontend is
        // declared lost at the end, not while the other requests are still being refused (seen once with 1 s)
        try (NodeFixture cluster = NodeFixture.withNode("--liveness-ms", "3000", "--grace-ms", "500").start();
             AeronRuntime raw = AeronRuntime.embedded(shm.path().resolve("aeron"));
             Publication publication = ControlStream.publication(raw, cluster.address()))
        {
            final NodeChild node = cluster.node();
            final Signer signer = new Signer(SecretFile.load(cluster.secret()));
            // answers go to the discard port: only the node's log tells
            final MessageWriter good = request(System.currentTimeMillis(), "replayed", 11, node.address).encode(signer);
            ControlStream.offer(publication, good.buffer(), good.length(), WAIT);
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - INFO - node started process 'replayed'", WAIT);
            ControlStream.offer(publication, good.buffer(), good.length(), WAIT);
            awaitOutput(node, CONDUCTOR + "node refused process 'replayed' from 127.0.0.1:9: replayed request");

            final MessageWriter stale = request(System.currentTimeMillis() - 120_000, "stale", 12, node.address)
                .encode(signer);
            ControlStream.offer(publication, stale.buffer(), stale.length(), WAIT);
            awaitOutput(node, CONDUCTOR + "node refused process 'stale' from 127.0.0.1:9: its timestamp is");

            final MessageWriter elsewhere = request(System.currentTimeMillis(), "elsewhere", 14, "127.0.0.1:1")
                .encode(signer);
            ControlStream.offer(publication, elsewhere.buffer(), elsewhere.length(), WAIT);
            awaitOutput(node, CONDUCTOR + "node refused process 'elsewhere' from 127.0.0.1:9: the request is for node " +
                "127.0.0.1:1, this is " + node.address);

            final MessageWriter named = new SpawnRequest(System.currentTimeMillis(), nonce(), 77, 15, 12345,
                RemoteDescriptor.FIRST_PROCESS_STREAM, 1 << 24, 1 << 24, 16 << 20, ClassPathHash.current(), "localhost:9",
                node.address, "named", "TEN_SECONDLY", List.of()).encode(signer);
            ControlStream.offer(publication, named.buffer(), named.length(), WAIT);
            awaitOutput(node, "frontend endpoint 'localhost:9' and node address '" + node.address + "' must be numeric");

            final MessageWriter tampered = request(System.currentTimeMillis(), "tampered", 13, node.address).encode(signer);
            final int streamIdOffset = RemoteDescriptor.SPAWN_STREAM_ID_OFFSET;
            tampered.buffer().putByte(streamIdOffset, (byte)(tampered.buffer().getByte(streamIdOffset) + 1));
            ControlStream.offer(publication, tampered.buffer(), tampered.length(), WAIT);
            awaitOutput(node, CONDUCTOR + "node ignored 1 message(s) not signed with the cluster secret");
            // the accepted one's frontend never heartbeats: the node stops its backend after the liveness timeout
            awaitOutput(node, CONDUCTOR + "node: frontend 127.0.0.1:9 silent");
            assertFalse(node.program.output().contains("tampered"), "nothing of an unsigned request is logged:\n" +
                node.program.output());
        }
    }

    @Test
    void aReplayedHeartbeatKeepsNoSilentFrontendAlive() throws Exception
    {
        final AtomicBoolean replaying = new AtomicBoolean(true);
        Thread replayer = null;
        // liveness well above a spawn's time: the frontend is declared silent for its silence, not a slow start
        try (NodeFixture cluster = NodeFixture.withNode("--liveness-ms", "3000", "--grace-ms", "500").start();
             AeronRuntime raw = AeronRuntime.embedded(shm.path().resolve("aeron"));
             Publication publication = ControlStream.publication(raw, cluster.address()))
        {
            final NodeChild node = cluster.node();
            final Signer signer = new Signer(SecretFile.load(cluster.secret()));
            final long frontendId = 78;
            final MessageWriter spawn = new SpawnRequest(System.currentTimeMillis(), nonce(), frontendId, 1, 12345,
                RemoteDescriptor.FIRST_PROCESS_STREAM, 1 << 24, 1 << 24, 16 << 20, ClassPathHash.current(),
                "127.0.0.1:7", node.address, "tethered", "TEN_SECONDLY", List.of()).encode(signer);
            ControlStream.offer(publication, spawn.buffer(), spawn.length(), WAIT);
            node.program.awaitLine("io.tandem.remote.internal.NodeConductor - INFO - node started process 'tethered'", WAIT);
            // one genuine heartbeat, captured, then sent again and again: the frontend itself is silent
            final MessageWriter heartbeat = new MessageWriter(RemoteDescriptor.HEARTBEAT).int64(frontendId)
                .int64(System.currentTimeMillis()).int32(1).int64(1); // it lists the process: only its age may stop it
            heartbeat.signed(signer);
            replayer = new Thread(() ->
            {
                while (replaying.get())
                {
                    publication.offer(heartbeat.buffer(), 0, heartbeat.length());
                    TestJvm.sleep(50);
                }
            });
            replayer.start();
            awaitOutput(node, CONDUCTOR + "node: frontend 127.0.0.1:7 silent");
        }
        finally
        {
            replaying.set(false);
            if (replayer != null)
            {
                replayer.join(5_000);
            }
        }
    }

    @Test
    void aStrangersRequestsAreNotLoggedNotResolvedAndAnsweredAtMostOnceASecond() throws Exception
    {
        final byte[] wrong = new byte[32];
        new SecureRandom().nextBytes(wrong);
        final Signer stranger = new Signer(wrong);
        try (NodeFixture cluster = NodeFixture.withNode().start();
             AeronRuntime raw = AeronRuntime.embedded(shm.path().resolve("aeron"));
             Subscription victim = raw.aeron().addSubscription("aeron:udp?endpoint=127.0.0.1:0",
                 RemoteDescriptor.FRONTEND_CONTROL_STREAM);
             Publication publication = ControlStream.publication(raw, cluster.address()))
        {
            final NodeChild node = cluster.node();
            String resolved;
            final long bindDeadline = System.nanoTime() + WAIT.toNanos();
            while ((resolved = victim.tryResolveChannelEndpointPort()) == null)
            {
                if (System.nanoTime() - bindDeadline > 0)
                {
                    fail("no port for the victim's endpoint");
                }
                TestJvm.sleep(1);
            }
            final String victimEndpoint = resolved.substring(resolved.indexOf("endpoint=") + "endpoint=".length());
            final AtomicInteger answers = new AtomicInteger();
            final int count = 50;
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                final MessageWriter forged = new SpawnRequest(System.currentTimeMillis(), nonce(), 1, i, 1,
                    RemoteDescriptor.FIRST_PROCESS_STREAM, 1, 1, 1, new byte[32], victimEndpoint, node.address,
                    "evil\nFAKE LOG LINE - ERROR - pwned " + i, "TEN_SECONDLY", List.of()).encode(stranger);
                ControlStream.offer(publication, forged.buffer(), forged.length(), WAIT);
                victim.poll((b, o, l, h) -> answers.incrementAndGet(), 100);
                TestJvm.sleep(10);
            }
            final long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() - until < 0)
            {
                victim.poll((b, o, l, h) -> answers.incrementAndGet(), 100);
                TestJvm.sleep(1);
            }
            final long seconds = 1 + Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(answers.get() >= 1 && answers.get() <= seconds + 1, answers.get() + " answers to " + count +
                " unsigned requests in " + seconds + " s: at least one (the frontend learns why), at most one a second");
            awaitOutput(node, CONDUCTOR + "node ignored 1 message(s) not signed with the cluster secret (wrong " +
                "secret, or not a tandem frontend; the latest from 127.0.0.1:");
            final String log = node.program.output();
            assertFalse(log.contains("FAKE LOG LINE") || log.contains("evil"), "nothing of an unsigned request is " +
                "logged:\n" + log);
            assertTrue(log.split("not signed with the cluster secret", -1).length - 1 <= 2,
                "at most one WARN per 5 s:\n" + log);
        }
    }

    private static void awaitOutput(final NodeChild node, final String text)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!node.program.output().contains(text))
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the node did not log '" + text + "'; it printed:\n" + node.program.output());
            }
            TestJvm.sleep(20);
        }
    }

    private static byte[] nonce()
    {
        final byte[] nonce = new byte[RemoteDescriptor.NONCE_LENGTH];
        new SecureRandom().nextBytes(nonce);
        return nonce;
    }

    private static SpawnRequest request(final long timestamp, final String name, final long key, final String node)
    {
        return new SpawnRequest(timestamp, nonce(), 77, key, 12345, RemoteDescriptor.FIRST_PROCESS_STREAM, 1 << 24,
            1 << 24, 16 << 20, ClassPathHash.current(), "127.0.0.1:9", node, name, "TEN_SECONDLY", List.of());
    }
}
