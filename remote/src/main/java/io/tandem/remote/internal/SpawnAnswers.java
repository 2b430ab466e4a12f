package io.tandem.remote.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spawn requests a frontend waits an answer for, by process key: an answer counts only if it echoes the request's
 * nonce, and only the first (a request replayed to another node cannot answer for it, nor a second answer overwrite
 * the first). Thread-safe: requests are made on callers' threads, answers read on the conductor's.
 */
final class SpawnAnswers
{
    private final Map<Long, byte[]> awaiting = new ConcurrentHashMap<>();

    /** The request of process {@code key} carries {@code nonce}. */
    void expect(final long key, final byte[] nonce)
    {
        awaiting.put(key, nonce.clone());
    }

    /** @return null if an answer to {@code key} echoing {@code nonce} is the first (and takes it), else why it is ignored. */
    String take(final long key, final byte[] nonce)
    {
        final byte[] expected = awaiting.get(key);
        if (expected == null)
        {
            return "the process has its answer already, or asked for none";
        }
        if (!Arrays.equals(expected, nonce))
        {
            return "it does not echo the request's nonce";
        }
        return awaiting.remove(key, expected) ? null : "the process has its answer already";
    }

    void forget(final long key)
    {
        awaiting.remove(key);
    }
}
