package io.tandem.remote.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frontend's side of freshness: a node heartbeat counts only if newer than the last and within the window; a
 * spawn answer only if it echoes the request's nonce, and only the first.
 */
class FreshnessTest
{
    @Test
    void aNodeHeartbeatCountsOnlyIfNewerAndWithinTheWindow()
    {
        final RemoteClient.NodeLink link = new RemoteClient.NodeLink("127.0.0.1:1", "127.0.0.1:1",
            new Signer(new byte[32]), null);
        final long now = System.currentTimeMillis();
        assertTrue(link.fresh(now - 10, now));
        assertFalse(link.fresh(now - 10, now), "the same one again: a replay");
        assertFalse(link.fresh(now - 20, now), "an older one");
        assertTrue(link.fresh(now - 9, now));
        assertFalse(link.fresh(now + NodeConductor.TIMESTAMP_WINDOW_MILLIS + 1_000, now), "from the far future");
        assertTrue(link.fresh(now, now));
    }

    @Test
    void aSpawnAnswerCountsOnlyWithTheRequestsNonceAndOnlyOnce()
    {
        final SpawnAnswers answers = new SpawnAnswers();
        final byte[] nonce = {1, 2, 3};
        answers.expect(7, nonce);
        assertEquals("it does not echo the request's nonce", answers.take(7, new byte[] {1, 2, 4}));
        assertNull(answers.take(7, nonce.clone()));
        assertEquals("the process has its answer already, or asked for none", answers.take(7, nonce),
            "a second answer (another node's, to a replayed request) does not overwrite the first");
        assertEquals("the process has its answer already, or asked for none", answers.take(8, nonce));
    }
}
