package io.tandem.ringbuffer;

import io.tandem.idle.WaitMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.tandem.ringbuffer.FrameShapeDescriptor.*;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shaped frames: the header layout, a round trip of every element type, and bad headers refused by name. */
@Timeout(20)
class FrameShapeTest
{
    private final Path path = TestPaths.newPath("shape");
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RingProducer producer;
    private RingConsumer consumer;

    @AfterEach
    void closeAndDelete() throws Exception
    {
        Collections.reverse(resources);
        for (final AutoCloseable resource : resources)
        {
            resource.close();
        }
        TestPaths.deleteAll();
    }

    private void ring(final RingPolicy policy, final int slotSize)
    {
        final RingBuffer ring = RingBuffer.create(path).slotCount(4).slotSize(slotSize).policy(policy)
            .producerTimeout(Duration.ZERO).waitMode(WaitMode.BUSY_SPIN).build();
        resources.add(ring);
        consumer = ring.consumer("c");
        resources.add(consumer);
        producer = ring.producer();
        resources.add(producer);
    }

    @Test
    void theHeaderIsTheDescriptorsLayout()
    {
        ring(RingPolicy.BLOCK, 256);
        final FrameClaim claim = producer.claim();
        final FrameArray image = claim.shaped(TYPE_UINT8, 2, 3, 4);
        image.setUserDouble(127.5);
        claim.publish(9, 77L);

        final Frame frame = consumer.tryReceive();
        assertNotNull(frame);
        assertEquals(HEADER_LENGTH + 24, frame.length(), "header + 2 * 3 * 4 bytes");
        final long p = frame.address();
        assertEquals(MAGIC, MEMORY.readInt(p + MAGIC_OFFSET));
        assertEquals('S', MEMORY.readByte(p), "'S','H','A','P' in memory");
        assertEquals('P', MEMORY.readByte(p + 3));
        assertEquals(TYPE_UINT8, MEMORY.readByte(p + ELEMENT_TYPE_OFFSET));
        assertEquals(3, MEMORY.readByte(p + RANK_OFFSET));
        assertEquals(0, MEMORY.readShort(p + RESERVED_OFFSET));
        assertEquals(2, MEMORY.readInt(p + dimOffset(0)));
        assertEquals(4, MEMORY.readInt(p + dimOffset(2)));
        assertEquals(0, MEMORY.readInt(p + dimOffset(3)), "past the rank: zero");
        assertEquals(127.5, Double.longBitsToDouble(MEMORY.readLong(p + USER_VALUE_OFFSET)));
        assertEquals(0, (p + HEADER_LENGTH) % 8, "the data is 8-aligned");
        assertEquals(32, HEADER_LENGTH);
        assertEquals(24, USER_VALUE_OFFSET);
        assertEquals(0x5041_4853, MAGIC);
        assertTrue(consumer.release());
    }

    @Test
    void everyTypeRoundTripsThroughTheRing()
    {
        ring(RingPolicy.BLOCK, 1024);
        for (int code = TYPE_INT8; code <= TYPE_FLOAT16; code++)
        {
            final FrameClaim claim = producer.claim();
            final FrameArray out = claim.shaped(code, 3, 5);
            out.setUserValue(1000 + code);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 5; j++)
                {
                    put(out, code, out.index(i, j), i * 5 + j);
                }
            }
            claim.publish(code, 0L);

            final Frame frame = consumer.tryReceive();
            assertNotNull(frame);
            final FrameArray in = frame.array();
            assertNotNull(in, "a shaped frame has an array view");
            assertEquals(code, in.typeCode());
            assertEquals(numpyName(code), in.numpyName());
            assertEquals(elementSize(code), in.elementSize());
            assertArrayEquals(new int[] {3, 5}, in.dims());
            assertEquals(15, in.length());
            assertEquals(15L * elementSize(code), in.byteSize());
            assertEquals(HEADER_LENGTH + in.byteSize(), frame.length());
            assertEquals(1000 + code, in.userValue());
            assertEquals(frame.address() + HEADER_LENGTH, in.address());
            for (int v = 0; v < 15; v++)
            {
                final double expected = code == TYPE_BOOL ? v % 2 : v;
                assertEquals(expected, in.getAsDouble(v), numpyName(code) + " element " + v);
                assertEquals(expected, get(in, code, v), numpyName(code) + " element " + v);
            }
            assertEquals(in.getAsDouble(7), in.getAsDouble(in.index(1, 2)));
            final byte[] raw = new byte[(int)in.byteSize() + 3];
            assertEquals(in.byteSize(), in.copyTo(raw, 3));
            assertEquals(MEMORY.readByte(in.address() + in.byteSize() - 1), raw[raw.length - 1]);
            assertEquals(in.byteSize(), in.bytesStore().capacity());
            assertEquals(MEMORY.readByte(in.address() + 2), in.bytesStore().readByte(2));
            assertTrue(consumer.release());
        }
    }

    private static void put(final FrameArray a, final int code, final long index, final int v)
    {
        switch (code)
        {
            case TYPE_INT8: a.setByte(index, (byte)v); break;
            case TYPE_INT16: a.setShort(index, (short)v); break;
            case TYPE_INT32: a.setInt(index, v); break;
            case TYPE_INT64: a.setLong(index, v); break;
            case TYPE_FLOAT32: a.setFloat(index, v); break;
            case TYPE_FLOAT64: a.setDouble(index, v); break;
            case TYPE_UINT8: a.setUint8(index, v); break;
            case TYPE_UINT16: a.setUint16(index, v); break;
            case TYPE_UINT32: a.setUint32(index, v); break;
            case TYPE_BOOL: a.setBool(index, v % 2 == 1); break;
            case TYPE_FLOAT16: a.setFloat16(index, v); break;
            default: throw new AssertionError(code);
        }
    }

    private static double get(final FrameArray a, final int code, final long index)
    {
        switch (code)
        {
            case TYPE_INT8: return a.getByte(index);
            case TYPE_INT16: return a.getShort(index);
            case TYPE_INT32: return a.getInt(index);
            case TYPE_INT64: return a.getLong(index);
            case TYPE_FLOAT32: return a.getFloat(index);
            case TYPE_FLOAT64: return a.getDouble(index);
            case TYPE_UINT8: return a.getUint8(index);
            case TYPE_UINT16: return a.getUint16(index);
            case TYPE_UINT32: return a.getUint32(index);
            case TYPE_BOOL: return a.getBool(index) ? 1 : 0;
            case TYPE_FLOAT16: return a.getFloat16(index);
            default: throw new AssertionError(code);
        }
    }

    @Test
    void unsignedValuesWidenOnReadAndAreRangeCheckedOnWrite()
    {
        ring(RingPolicy.BLOCK, 256);
        final FrameClaim claim = producer.claim();
        final FrameArray u8 = claim.shaped(TYPE_UINT8, 4);
        u8.setUint8(0, 255);
        u8.setUint8(1, 0);
        final IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> u8.setUint8(2, 256));
        assertEquals("value 256 for index 2 is out of range for uint8 (0 to 255)", big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> u8.setUint8(2, -1));
        assertEquals(255, u8.getUint8(0), "255, not -1");
        final UnsupportedOperationException wrongType = assertThrows(UnsupportedOperationException.class, () -> u8.getByte(0));
        assertTrue(wrongType.getMessage().contains("holds uint8 elements, not int8"), wrongType.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> u8.getUint8(4));
        assertThrows(IndexOutOfBoundsException.class, () -> u8.getUint8(-1));

        final FrameArray u16 = claim.shaped(TYPE_UINT16, 2);
        u16.setUint16(0, 65535);
        assertEquals(65535, u16.getUint16(0));
        assertThrows(IllegalArgumentException.class, () -> u16.setUint16(1, 65536));
        final FrameArray u32 = claim.shaped(TYPE_UINT32, 2);
        u32.setUint32(1, 0xFFFF_FFFFL);
        assertEquals(4294967295L, u32.getUint32(1));
        final IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> u32.setUint32(0, -1));
        assertTrue(neg.getMessage().contains("index 0") && neg.getMessage().contains("uint32"), neg.getMessage());
        claim.abort();
    }

    @Test
    void aConsumersViewIsReadOnlyAndPlainFramesHaveNone()
    {
        ring(RingPolicy.BLOCK, 256);
        producer.claim().putLong(0, 42).publish(8, 0, 0L);
        final FrameClaim shaped = producer.claim();
        shaped.shaped(TYPE_FLOAT32, 2, 2).setFloat(3, 1.5f);
        shaped.publish();

        final Frame plain = consumer.tryReceive();
        assertNull(plain.array(), "no magic: plain bytes");
        assertTrue(consumer.release());
        final Frame frame = consumer.tryReceive();
        final FrameArray view = frame.array();
        assertSame(view, frame.array(), "one reusable view");
        assertEquals(1.5f, view.getFloat(view.index(1, 1)));
        assertThrows(UnsupportedOperationException.class, () -> view.setFloat(0, 2f));
        assertThrows(UnsupportedOperationException.class, () -> view.setUserValue(1));
        assertThrows(UnsupportedOperationException.class, () -> view.copyFrom(new byte[16], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> view.index(2, 0));
        assertThrows(IllegalArgumentException.class, () -> view.index(1, 1, 1));
        assertTrue(consumer.release());
    }

    @Test
    void aShapeThatDoesNotFitTheSlotIsRefusedByTheProducer()
    {
        ring(RingPolicy.BLOCK, 128);
        final FrameClaim claim = producer.claim();
        assertEquals(96, claim.shaped(TYPE_FLOAT64, 3, 4).byteSize(), "fits exactly: 32 + 3 * 4 * 8 = 128");
        final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
            () -> claim.shaped(TYPE_FLOAT64, 3, 5));
        assertEquals("cannot shape a frame: its data (float64[3, 5], 120 bytes) is longer than the 96 bytes after the " +
            "32-byte header", tooBig.getMessage());
        claim.abort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"type 0", "type 12", "rank 0", "rank 5", "dim -1", "dim 0", "too long"})
    void aBadHeaderIsRefusedNamingTheField(final String fault)
    {
        ring(RingPolicy.BLOCK, 256);
        final FrameClaim claim = producer.claim();
        claim.shaped(TYPE_INT32, 2, 3);
        final long p = claim.address();
        final String expected;
        switch (fault)
        {
            case "type 0":
                MEMORY.writeByte(p + ELEMENT_TYPE_OFFSET, (byte)0);
                expected = "element type code 0 is not one of 1 (int8) to 11 (float16)";
                break;
            case "type 12":
                MEMORY.writeByte(p + ELEMENT_TYPE_OFFSET, (byte)12);
                expected = "element type code 12";
                break;
            case "rank 0":
                MEMORY.writeByte(p + RANK_OFFSET, (byte)0);
                expected = "rank 0 is not 1 to 4";
                break;
            case "rank 5":
                MEMORY.writeByte(p + RANK_OFFSET, (byte)5);
                expected = "rank 5 is not 1 to 4";
                break;
            case "dim -1":
                MEMORY.writeInt(p + dimOffset(1), -1);
                expected = "dimension 1 is -1";
                break;
            case "dim 0":
                MEMORY.writeInt(p + dimOffset(0), 0);
                expected = "dimension 0 is 0";
                break;
            default:
                MEMORY.writeInt(p + dimOffset(1), 1_000_000);
                expected = "int32[2, 1000000], 8000000 bytes) is longer than the 24 bytes after the 32-byte header";
                break;
        }
        claim.publish();   // header + the 24 bytes of int32[2, 3]
        final Frame frame = consumer.tryReceive();
        assertEquals(HEADER_LENGTH + 24, frame.length());
        final RingBufferException refused = assertThrows(RingBufferException.class, frame::array);
        assertTrue(refused.getMessage().startsWith("frame 0 starts with a shape header, but "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertEquals(HEADER_LENGTH + 24, frame.bytes().readRemaining(), "the raw payload is still there");
        assertTrue(consumer.release());
    }

    @Test
    void theProducerRefusesBadShapesBeforeWritingAnything()
    {
        ring(RingPolicy.BLOCK, 256);
        final FrameClaim claim = producer.claim();
        claim.putInt(0, 7);
        assertThrows(IllegalArgumentException.class, () -> claim.shaped(99, 2));
        assertThrows(IllegalArgumentException.class, () -> claim.shaped(TYPE_UINT8));
        assertThrows(IllegalArgumentException.class, () -> claim.shaped(TYPE_UINT8, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> claim.shaped(TYPE_UINT8, 4, 0));
        assertEquals(7, MEMORY.readInt(claim.address()), "nothing written");
        assertFalse(isKnownType(0));
        assertFalse(isKnownType(12));
        assertThrows(IllegalArgumentException.class, () -> elementSize(12));
        claim.abort();
    }

    @Test
    void aHeaderOverwrittenWhileReadInPlaceIsReportedAsOverwrittenAndReleaseSaysSo()
    {
        ring(RingPolicy.OVERWRITE, 256);
        final FrameClaim first = producer.claim();
        first.shaped(TYPE_UINT8, 8);
        first.publish();
        final Frame frame = consumer.tryReceive();
        assertNotNull(frame.array());
        for (int i = 0; i < 4; i++)                      // a lap: frame 4 lands in frame 0's slot
        {
            producer.claim().putInt(0, 0x5041_4853).putInt(4, 0x0000_0063).publish(64, 0, 0L);  // magic, type 99
        }
        final RingBufferException overwritten = assertThrows(RingBufferException.class, frame::array);
        assertTrue(overwritten.getMessage().startsWith("frame 0 was overwritten while its shape header was read"),
            overwritten.getMessage());
        assertFalse(consumer.release(), "the torn frame counts as dropped");
    }

    @Test
    void aShapedFrameOnAnOverwriteRingIsSeenInTheConsumersCopy()
    {
        ring(RingPolicy.OVERWRITE, 256);
        final FrameClaim claim = producer.claim();
        claim.shaped(TYPE_UINT16, 2, 2).setUint16(3, 40_000);
        claim.publish();
        final int[] seen = new int[2];
        assertEquals(1, consumer.poll(frame -> {
            seen[0] = frame.array().getUint16(3);
            seen[1] = frame.array().rank();
        }, 8));
        assertArrayEquals(new int[] {40_000, 2}, seen);
    }
}
