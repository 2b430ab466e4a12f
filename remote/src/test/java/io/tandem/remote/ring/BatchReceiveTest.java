package io.tandem.remote.ring;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.test.Await;
import io.tandem.test.ShmDir;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static io.tandem.remote.ring.RemoteFrameDescriptor.FLAGS_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.FLAG_JOIN;
import static io.tandem.remote.ring.RemoteFrameDescriptor.HEADER_LENGTH;
import static io.tandem.remote.ring.RemoteFrameDescriptor.LENGTH_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.SEQUENCE_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.VERSION;
import static io.tandem.remote.ring.RemoteFrameDescriptor.VERSION_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches (several records in one message, {@link RemoteFrameDescriptor}) from two senders into one BLOCK mirror of two
 * slots, so that nearly every batch stops part-way: each record is published exactly once, in its sender's order,
 * however the two senders' messages interleave while one of them waits to be resumed.
 */
@Timeout(120)
class BatchReceiveTest
{
    private static final int SENDERS = 2;
    private static final int BATCHES = 150;
    private static final int RECORDS_PER_BATCH = 5;
    private static final int PAYLOAD = 16; // sender id, then its sequence
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-batch-receive-");


    @Test
    void twoSendersBatchesStoppedPartWayArePublishedOnceEachInOrder() throws Exception
    {
        try (TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer mirror = RingBuffer.create(shm.path().resolve("mirror")).slotCount(2).slotSize(64)
                 .policy(RingPolicy.BLOCK).build();
             RingConsumer consumer = mirror.consumer("test");
             RingReceiver receiver = RingReceiver.builder(aeron.client(), mirror).endpoint("127.0.0.1:0").build().start())
        {
            final String channel = "aeron:udp?endpoint=" + receiver.resolvedEndpoint(Duration.ofSeconds(20));
            final List<ExclusivePublication> senders = new ArrayList<>();
            try
            {
                for (int s = 0; s < SENDERS; s++)
                {
                    senders.add(aeron.client().addExclusivePublication(channel, RingSender.DEFAULT_STREAM_ID));
                }
                for (final ExclusivePublication p : senders)
                {
                    Await.until(Duration.ofSeconds(20), p::isConnected, "a sender to connect");
                }
                final long[] next = new long[SENDERS];
                final long[] offered = new long[SENDERS];
                final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(
                    RECORDS_PER_BATCH * RemoteFrameDescriptor.recordLength(PAYLOAD)));
                final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                long received = 0;
                int turn = 0;
                while (received < (long)SENDERS * BATCHES * RECORDS_PER_BATCH)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "all records within 60 s; got " + received);
                    // the senders take turns offering their next batch, so both images hold batches at once
                    final int s = turn++ % SENDERS;
                    if (offered[s] < BATCHES)
                    {
                        final int length = encode(batch, s, offered[s] * RECORDS_PER_BATCH);
                        final long result = senders.get(s).offer(batch, 0, length);
                        if (result > 0)
                        {
                            offered[s]++;
                        }
                        else if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
                        {
                            throw new AssertionError("offer failed: " + Publication.errorString(result));
                        }
                    }
                    // read one frame at most per turn: the mirror (2 slots) stays full, batches stop part-way
                    final Frame frame = consumer.tryReceive();
                    if (frame != null)
                    {
                        final int sender = (int)frame.getLong(0);
                        final long sequence = frame.getLong(8);
                        assertEquals(next[sender], sequence, "sender " + sender + ": each record once, in order");
                        next[sender]++;
                        received++;
                        consumer.release();
                    }
                    else
                    {
                        LockSupport.parkNanos(1_000);
                    }
                }
                for (int s = 0; s < SENDERS; s++)
                {
                    assertEquals((long)BATCHES * RECORDS_PER_BATCH, next[s], "sender " + s + ": all of them");
                }
                assertTrue(receiver.stalls() > 0, "the mirror filled part-way through batches: " + receiver.stalls());
                assertEquals(0, receiver.framesRejected());
            }
            finally
            {
                senders.forEach(ExclusivePublication::close);
            }
        }
    }

    /** Writes a batch of {@link #RECORDS_PER_BATCH} records of {@code sender} from {@code first}. @return its length. */
    private static int encode(final UnsafeBuffer batch, final int sender, final long first)
    {
        int at = 0;
        for (int i = 0; i < RECORDS_PER_BATCH; i++)
        {
            batch.setMemory(at, HEADER_LENGTH, (byte)0);
            batch.putLong(at + SEQUENCE_OFFSET, first + i);
            batch.putInt(at + LENGTH_OFFSET, PAYLOAD);
            // every batch starts a join: two senders' sequences interleave, and the receiver's gap count is not at issue
            batch.putInt(at + FLAGS_OFFSET, i == 0 ? FLAG_JOIN : 0);
            batch.putInt(at + VERSION_OFFSET, VERSION);
            batch.putLong(at + HEADER_LENGTH, sender);
            batch.putLong(at + HEADER_LENGTH + 8, first + i);
            at += RemoteFrameDescriptor.recordLength(PAYLOAD);
        }
        return at;
    }
}
