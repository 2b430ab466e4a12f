package io.tandem.remote.internal;

import io.aeron.Publication;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frontend's heartbeats list the processes it holds: the node stops one it no longer lists and keeps the ones it
 * does; a heartbeat that cannot list (count -1) stops none. The node's own heartbeats to a frontend that is not there
 * are offered once each, never queued and logged one by one.
 */
@Timeout(120)
class HeartbeatKeysTest
{
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-raw-aeron-");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long FRONTEND = 78;

    @Test
    void theNodeStopsTheProcessesAFrontendNoLongerListsAndNoOther() throws Exception
    {
        try (NodeFixture cluster = NodeFixture.withNode("--liveness-ms", "3000", "--grace-ms", "500").start();
             AeronRuntime raw = AeronRuntime.embedded(shm.path().resolve("aeron"));
             Publication publication = ControlStream.publication(raw, cluster.address()))
        {
            final NodeChild node = cluster.node();
            final Signer signer = new Signer(SecretFile.load(cluster.secret()));
            // a frontend at the discard port: the node's answers and heartbeats go nowhere
            for (final long key : new long[] {21, 22})
            {
                final MessageWriter spawn = request(System.currentTimeMillis(), node.address, "held-" + key, key)
                    .encode(signer);
                ControlStream.offer(publication, spawn.buffer(), spawn.length(), WAIT);
                node.program.awaitLine("io.tandem.remote.internal.NodeConductor - INFO - node started process 'held-" +
                    key + "'", WAIT);
            }
            TestJvm.sleep(2);
            // 21 and 22 listed, then -1 (stops none), then 21 only: 22 is stopped, 21 kept; 6 s in all, past the
            // 5 s an answer to a frontend not connected is retried
            final long start = System.nanoTime();
            int sent = 0;
            while (System.nanoTime() - start < Duration.ofSeconds(6).toNanos())
            {
                final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                final MessageWriter heartbeat = new MessageWriter(RemoteDescriptor.HEARTBEAT).int64(FRONTEND)
                    .int64(System.currentTimeMillis());
                if (elapsedMs < 1000)
                {
                    heartbeat.int32(2).int64(21).int64(22);
                }
                else if (elapsedMs < 2000)
                {
                    heartbeat.int32(RemoteDescriptor.KEYS_NOT_LISTED);
                }
                else
                {
                    heartbeat.int32(1).int64(21);
                }
                heartbeat.signed(signer);
                ControlStream.offer(publication, heartbeat.buffer(), heartbeat.length(), WAIT);
                sent++;
                if (elapsedMs < 2000)
                {
                    assertFalse(node.program.output().contains("no longer holds"), "nothing stopped while listed " +
                        "or not listing:\n" + node.program.output());
                }
                TestJvm.sleep(100);
            }
            assertTrue(sent > 30);
            final String out = node.program.output();
            assertTrue(out.contains("held-22-4e-22: frontend 127.0.0.1:9 no longer holds the process"), out);
            assertFalse(out.contains("held-21-4e-21: frontend"), "21 is listed: kept\n" + out);
            // the node heartbeated to 127.0.0.1:9 all along (it holds 21): at most its two answers were queued
            final Matcher couldNot = Pattern.compile("could not be sent").matcher(out);
            int lines = 0;
            while (couldNot.find())
            {
                lines++;
            }
            assertTrue(lines <= 2, lines + " 'could not be sent' lines: heartbeats were queued\n" + out);
        }
    }

    private static SpawnRequest request(final long timestamp, final String nodeAddress, final String name, final long key)
    {
        final byte[] nonce = new byte[RemoteDescriptor.NONCE_LENGTH];
        new SecureRandom().nextBytes(nonce);
        return new SpawnRequest(timestamp, nonce, FRONTEND, key, 12345 + (int)key, RemoteDescriptor.FIRST_PROCESS_STREAM +
            (int)key, 1 << 24, 1 << 24, 16 << 20, ClassPathHash.current(), "127.0.0.1:9", nodeAddress, name, "TEN_SECONDLY", List.of());
    }
}
