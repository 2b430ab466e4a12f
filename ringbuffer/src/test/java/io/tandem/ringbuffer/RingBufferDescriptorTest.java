package io.tandem.ringbuffer;

import io.tandem.internal.sharedfile.SharedFileDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.tandem.ringbuffer.RingBufferDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class RingBufferDescriptorTest
{
    @Test
    void magicReadsTndmringInAHexDump()
    {
        final byte[] bytes = new byte[8];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC);
        assertEquals("TNDMRING", new String(bytes, StandardCharsets.US_ASCII));
    }

    @Test
    void metadataFieldsAreAlignedAndInsideTheMetadata()
    {
        final int[][] fields = {
            {SharedFileDescriptor.MAGIC_OFFSET, 8}, {SharedFileDescriptor.LAYOUT_VERSION_OFFSET, 4},
            {SharedFileDescriptor.FILE_LENGTH_OFFSET, 8}, {SharedFileDescriptor.CREATOR_PID_OFFSET, 8},
            {SharedFileDescriptor.CREATOR_START_TIME_OFFSET, 8}, {SharedFileDescriptor.CREATED_TIME_OFFSET, 8},
            {SharedFileDescriptor.READY_OFFSET, 8},
            {POLICY_OFFSET, 4}, {SLOT_COUNT_OFFSET, 4}, {SLOT_SIZE_OFFSET, 4},
            {SLOT_LENGTH_OFFSET, 4}, {MAX_CONSUMERS_OFFSET, 4}, {SLOTS_OFFSET_OFFSET, 8}, {HEARTBEAT_TIMEOUT_OFFSET, 8},
        };
        assertNoOverlap(fields, 0, METADATA_LENGTH);
        assertTrue(POLICY_OFFSET >= SharedFileDescriptor.HEADER_LENGTH, "the ring metadata follows the common header");
    }

    @Test
    void producerPositionIsAloneOnAPaddedPairOfCacheLines()
    {
        assertEquals(0, PRODUCER_POSITION_OFFSET % PADDED_LENGTH);
        assertEquals(128, PADDED_LENGTH);
        assertTrue(PRODUCER_OWNER_OFFSET >= PRODUCER_POSITION_OFFSET + PADDED_LENGTH, "nothing shares the producer position's lines");
        final int[][] fields = {
            {PRODUCER_OWNER_OFFSET, 8}, {PRODUCER_START_TIME_OFFSET, 8}, {PRODUCER_HEARTBEAT_OFFSET, 8}, {PRODUCER_STATE_OFFSET, 4},
            {PRODUCER_BLOCKED_COUNT_OFFSET, 8}, {CONSUMERS_EVICTED_OFFSET, 8}, {CONSUMER_HIGH_WATER_OFFSET, 4},
            {CONSUMERS_REGISTERED_OFFSET, 8},
        };
        assertNoOverlap(fields, PRODUCER_OWNER_OFFSET, CONSUMER_TABLE_OFFSET);
    }

    @Test
    void consumerEntriesArePaddedAndHoldTheirFields()
    {
        assertEquals(0, CONSUMER_TABLE_OFFSET % PADDED_LENGTH);
        assertEquals(128, CONSUMER_ENTRY_LENGTH);
        for (int i = 0; i < 70; i++)
        {
            assertEquals(0, consumerEntryOffset(i) % PADDED_LENGTH, "entry " + i + " on its own 128-byte pair of lines");
        }
        final int[][] fields = {
            {CONSUMER_POSITION_OFFSET, 8}, {CONSUMER_CONSUMED_OFFSET, 8}, {CONSUMER_DROPPED_OFFSET, 8}, {CONSUMER_HEARTBEAT_OFFSET, 8},
            {CONSUMER_STATE_OFFSET, 8}, {CONSUMER_PID_OFFSET, 8}, {CONSUMER_START_TIME_OFFSET, 8}, {CONSUMER_NAME_LENGTH_OFFSET, 4},
            {CONSUMER_NAME_OFFSET, MAX_CONSUMER_NAME_LENGTH},
        };
        assertNoOverlap(fields, 0, CONSUMER_ENTRY_LENGTH);
        assertEquals(64, MAX_CONSUMER_NAME_LENGTH);
    }

    @Test
    void slotsFollowTheConsumerTableOnAPageBoundary()
    {
        assertEquals(4096, slotsOffset(1));
        assertEquals(12288, slotsOffset(64));
        assertEquals(4096 * 129, slotsOffset(4096), "512 + 4096 * 128 rounded up to a page");
        for (final int consumers : new int[] {1, 7, 64, 100, 4096})
        {
            assertEquals(0, slotsOffset(consumers) % FILE_ALIGNMENT);
            assertTrue(slotsOffset(consumers) >= consumerEntryOffset(consumers));
        }
    }

    @Test
    void slotLengthIsHeaderPlusPayloadRoundedToEightBytes()
    {
        assertEquals(24, SLOT_HEADER_LENGTH);
        assertEquals(32, slotLength(1));
        assertEquals(32, slotLength(8));
        assertEquals(88, slotLength(64));
        assertEquals(24 + (1 << 20), slotLength(1 << 20));
        final int[][] fields = {{SLOT_STAMP_OFFSET, 8}, {SLOT_LENGTH_FIELD_OFFSET, 4}, {SLOT_TAG_OFFSET, 4}, {SLOT_TIMESTAMP_OFFSET, 8}};
        assertNoOverlap(fields, 0, SLOT_HEADER_LENGTH);
    }

    @Test
    void fileLengthCoversEverySlotAndIsPageAligned()
    {
        assertEquals(12288 + 1024 * 4120, fileLength(1024, 4096, 64), "already a page multiple");
        assertEquals(128, slotLength(100));
        assertEquals(8192, fileLength(8, 100, 3), "4096 + 8 * 128, rounded up to a page");
        for (final int slots : new int[] {2, 8, 1024})
        {
            for (final int size : new int[] {1, 100, 4096, 1 << 20})
            {
                final long length = fileLength(slots, size, 64);
                assertEquals(0, length % FILE_ALIGNMENT);
                assertTrue(length >= slotsOffset(64) + (long)slots * slotLength(size));
                assertTrue(length < slotsOffset(64) + (long)slots * slotLength(size) + FILE_ALIGNMENT);
            }
        }
    }

    @Test
    void slotOffsetWrapsWithTheMask()
    {
        final long slots = slotsOffset(64);
        assertEquals(slots, slotOffset(slots, 8, 88, 0));
        assertEquals(slots + 7 * 88, slotOffset(slots, 8, 88, 7));
        assertEquals(slots, slotOffset(slots, 8, 88, 8));
        assertEquals(slots + 3 * 88, slotOffset(slots, 8, 88, 8 * 1_000_000_003L + 3));
    }

    @Test
    void stampsTellCommittedWritingNotYetAndLapped()
    {
        assertEquals(1, committedStamp(0));
        assertEquals(-1, writingStamp(0));
        assertEquals(43, committedStamp(42));
        assertEquals(-43, writingStamp(42));
        final long s = 100;
        assertFalse(isLapped(0, s), "never written");
        assertFalse(isLapped(committedStamp(s - 8), s), "previous lap's frame: not yet");
        assertFalse(isLapped(writingStamp(s), s), "being written: not yet");
        assertFalse(isLapped(committedStamp(s), s), "ready");
        assertTrue(isLapped(writingStamp(s + 8), s), "a later frame is being written over it");
        assertTrue(isLapped(committedStamp(s + 8), s), "a later frame replaced it");
    }

    @Test
    void consumerStateWordsCarryStateAndGeneration()
    {
        final long word = consumerStateWord(12345, CONSUMER_ACTIVE);
        assertEquals(CONSUMER_ACTIVE, consumerState(word));
        assertEquals(12345, consumerGeneration(word));
        assertEquals(CONSUMER_FREE, consumerState(0));
        assertEquals(0, consumerGeneration(0));
    }

    @Test
    void everyOffsetIsAPublicConstant() throws IllegalAccessException
    {
        int offsets = 0;
        for (final Field field : RingBufferDescriptor.class.getDeclaredFields())
        {
            if (field.getName().endsWith("_OFFSET"))
            {
                assertTrue(Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers()) &&
                    Modifier.isFinal(field.getModifiers()), field.getName());
                final int value = field.getInt(null);
                assertTrue(value >= 0, field.getName());
                offsets++;
            }
        }
        assertTrue(offsets >= 30, "offsets: " + offsets);
    }

    private static void assertNoOverlap(final int[][] fields, final int from, final int to)
    {
        for (int i = 0; i < fields.length; i++)
        {
            final int offset = fields[i][0];
            final int size = fields[i][1];
            assertTrue(offset >= from && offset + size <= to, "field at " + offset + " inside [" + from + ", " + to + ")");
            if (size == 8 || size == 4)
            {
                assertEquals(0, offset % size, "field at " + offset + " is naturally aligned");
            }
            for (int j = i + 1; j < fields.length; j++)
            {
                final int otherOffset = fields[j][0];
                final int otherSize = fields[j][1];
                assertTrue(offset + size <= otherOffset || otherOffset + otherSize <= offset,
                    "fields at " + offset + " and " + otherOffset + " overlap");
            }
        }
    }
}
