package io.tandem.ringbuffer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class RingBufferBuilderTest
{
    private final Path path = TestPaths.newPath("builder");

    @AfterEach
    void deleteFiles() throws Exception
    {
        TestPaths.deleteAll();
    }

    @Test
    void slotCountMustBeAPowerOfTwoFromTwo()
    {
        for (final int bad : new int[] {-8, 0, 1, 3, 1000, Integer.MAX_VALUE, 1 << 31})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).slotCount(bad));
            assertTrue(ex.getMessage().contains("power of two") && ex.getMessage().contains(Integer.toString(bad)), ex.getMessage());
        }
        RingBuffer.create(path).slotCount(2).slotCount(1 << 30);
    }

    @Test
    void slotSizeMustBePositive()
    {
        for (final int bad : new int[] {-1, 0, Integer.MAX_VALUE})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).slotSize(bad));
            assertTrue(ex.getMessage().contains("slotSize"), ex.getMessage());
        }
    }

    @Test
    void maxConsumersMustBeFromOneTo4096()
    {
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).maxConsumers(0));
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).maxConsumers(4097));
        RingBuffer.create(path).maxConsumers(1).maxConsumers(4096);
    }

    @Test
    void timeoutsMustBeSensible()
    {
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).heartbeatTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).heartbeatTimeout(null));
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).producerTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.create(path).attachTimeout(Duration.ofMillis(-1)));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RingBuffer.create(path).heartbeatTimeout(Duration.ofNanos(999_999)));
        assertTrue(ex.getMessage().contains("at least 1 ms"), ex.getMessage());
    }

    @Test
    void nullsAreRejected()
    {
        assertThrows(NullPointerException.class, () -> RingBuffer.create(null));
        assertThrows(NullPointerException.class, () -> RingBuffer.create(path).policy(null));
        assertThrows(NullPointerException.class, () -> RingBuffer.create(path).waitMode(null));
        assertThrows(NullPointerException.class, () -> RingBuffer.create(path).clock(null));
    }

    @Test
    void aRingLargerThanOneTebibyteIsRefusedBeforeAnythingIsCreated()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RingBuffer.create(path).slotCount(1 << 30).slotSize(1 << 20).build());
        assertTrue(ex.getMessage().contains("1099511627776"), ex.getMessage());
    }

    @Test
    void consumerNamesAreCheckedAndFramesMustFitASlot()
    {
        try (RingBuffer ring = RingBuffer.create(path).slotCount(4).slotSize(16).build();
             RingProducer producer = ring.producer())
        {
            assertThrows(IllegalArgumentException.class, () -> ring.consumer(""));
            assertThrows(IllegalArgumentException.class, () -> ring.consumer("x".repeat(65)));
            assertThrows(IllegalArgumentException.class, () -> ring.consumer("é".repeat(33)), "66 bytes in UTF-8");
            assertThrows(IllegalArgumentException.class, () -> ring.consumer("a\nb"));
            assertThrows(NullPointerException.class, () -> ring.consumer(null));
            ring.consumer("x".repeat(64)).close();

            final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> producer.publish(new byte[17]));
            assertTrue(tooBig.getMessage().contains("17 bytes does not fit a slot of 16"), tooBig.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> producer.publish(new byte[8], 4, 8));
            assertEquals(0, producer.position(), "nothing was published");
        }
    }
}
