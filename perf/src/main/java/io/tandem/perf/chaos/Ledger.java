package io.tandem.perf.chaos;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's own record of every message on a surviving path, by end-to-end sequence number (the Jepsen way:
 * the clients' records decide what was lost, not the system's counters). Each stream numbers its messages
 * 0, 1, 2, ...; a number received twice is a duplicate, a number sent and never received is lost.
 */
public final class Ledger
{
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Map<String, long[]> counted = new ConcurrentHashMap<>();

    /** @return the next sequence number of {@code stream}, counted as sent. */
    public long send(final String stream)
    {
        return streams.computeIfAbsent(stream, k -> new Stream()).send();
    }

    /** Takes back the last number of {@code stream}: the send failed, as the contract allows (nothing was written). */
    public void unsend(final String stream, final long seq)
    {
        streams.get(stream).unsend(seq);
    }

    /** Counts {@code seq} of {@code stream} as received. */
    public void receive(final String stream, final long seq)
    {
        streams.computeIfAbsent(stream, k -> new Stream()).receive(seq);
    }

    /**
     * Records a stream whose numbers another process checked (a ring reader): how many were due, how many it saw
     * once each, how many it saw again.
     */
    public void count(final String stream, final long due, final long receivedOnce, final long duplicates)
    {
        counted.put(stream, new long[] {due, receivedOnce, Math.max(0, due - receivedOnce), duplicates});
    }

    /** @return one line per stream that received numbers it never sent (each is an error of the run). */
    public java.util.List<String> errors()
    {
        final java.util.List<String> out = new java.util.ArrayList<>();
        new TreeMap<>(streams).forEach((k, s) ->
        {
            if (s.neverSent() > 0)
            {
                out.add(k + ": received " + s.neverSent() + " numbers never sent");
            }
        });
        return out;
    }

    public long sent()
    {
        return total(0);
    }

    public long received()
    {
        return total(1);
    }

    public long lost()
    {
        return total(2);
    }

    public long duplicated()
    {
        return total(3);
    }

    private long total(final int column)
    {
        return byStream().values().stream().mapToLong(v -> v[column]).sum();
    }

    /** @return per stream: sent, received, lost, duplicated. */
    public Map<String, long[]> byStream()
    {
        final Map<String, long[]> out = new TreeMap<>();
        streams.forEach((k, s) -> out.put(k, new long[] {s.sent(), s.received(), s.lost(), s.duplicated()}));
        out.putAll(counted);
        return out;
    }

    private static final class Stream
    {
        private long next;
        private final BitSet sent = new BitSet();
        private final BitSet received = new BitSet();
        private long receivedCount;
        private long duplicates;
        private long neverSent;

        synchronized long send()
        {
            final long seq = next++;
            sent.set(Math.toIntExact(seq));
            return seq;
        }

        synchronized void unsend(final long seq)
        {
            sent.clear(Math.toIntExact(seq));
        }

        synchronized void receive(final long seq)
        {
            if (seq < 0 || seq >= next)
            {
                neverSent++; // a number this stream never handed out: a corrupted or misrouted message
                return;
            }
            final int i = Math.toIntExact(seq);
            if (received.get(i) || !sent.get(i) && i < next)
            {
                duplicates++; // twice, or a number whose send was taken back and still arrived
                return;
            }
            received.set(i);
            receivedCount++;
        }

        synchronized long sent()
        {
            return sent.cardinality();
        }

        synchronized long received()
        {
            return receivedCount;
        }

        synchronized long lost()
        {
            final BitSet missing = (BitSet)sent.clone();
            missing.andNot(received);
            return missing.cardinality();
        }

        synchronized long duplicated()
        {
            return duplicates;
        }

        synchronized long neverSent()
        {
            return neverSent;
        }
    }
}
