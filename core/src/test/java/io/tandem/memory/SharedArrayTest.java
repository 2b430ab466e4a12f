package io.tandem.memory;

import io.tandem.internal.sharedfile.SharedFileDescriptor;

import io.tandem.ProcessOptions;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.failure.TandemException;
import io.tandem.internal.runtime.Session;
import io.tandem.test.NoLeftovers;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared arrays within one JVM: the API, its errors, the file layout and the close contract. */
@Timeout(30)
@ExtendWith(NoLeftovers.class)
class SharedArrayTest
{
    @Test
    void aServerAndAClientShareTheSameMemory() throws IOException
    {
        try (SharedArray server = SharedArray.create("shared", ElementType.LONG, 10);
             SharedArray client = SharedArray.attach("shared", ElementType.LONG, 10))
        {
            assertTrue(server.isOwner());
            assertFalse(client.isOwner());
            assertEquals(server.path(), client.path());
            assertEquals(NoLeftovers.sessionDir().resolve("arrays").resolve("shared"), server.path());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())));
            assertEquals(ProcessHandle.current().pid(), client.creatorPid());

            server.setLong(9, 123);
            assertEquals(123, client.getLong(9));
            client.setLong(0, -1);
            assertEquals(-1, server.getLong(0));
            assertEquals(0, server.getLong(5), "a new array is zeroed");
            assertEquals(10, client.length());
            assertEquals(80, client.byteSize());
            assertArrayEquals(new long[] {10}, client.shape());
        }
    }

    @Test
    void theFileLayoutIsTheDescriptorsOne() throws IOException
    {
        try (SharedArray a = SharedArray.create("layout", ElementType.FLOAT, 3, 5, 7))
        {
            a.setFloat(a.index(2, 4, 6), 2.5f);
            final ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(a.path())).order(ByteOrder.nativeOrder());
            assertEquals("TNDARRAY", new String(file.array(), 0, 8, StandardCharsets.US_ASCII));
            assertEquals(SharedArrayDescriptor.MAGIC, file.getLong(SharedFileDescriptor.MAGIC_OFFSET));
            assertEquals(SharedArrayDescriptor.LAYOUT_VERSION, file.getInt(SharedFileDescriptor.LAYOUT_VERSION_OFFSET));
            assertEquals(ElementType.FLOAT.code(), file.getInt(SharedArrayDescriptor.ELEMENT_TYPE_OFFSET));
            assertEquals(3, file.getInt(SharedArrayDescriptor.RANK_OFFSET));
            assertEquals(4, file.getInt(SharedArrayDescriptor.ELEMENT_SIZE_OFFSET));
            assertEquals(105, file.getLong(SharedArrayDescriptor.LENGTH_OFFSET));
            assertEquals(4096, file.getLong(SharedArrayDescriptor.DATA_OFFSET_OFFSET));
            assertEquals(420, file.getLong(SharedArrayDescriptor.DATA_LENGTH_OFFSET));
            assertEquals(4096 + 420, file.getLong(SharedFileDescriptor.FILE_LENGTH_OFFSET));
            assertEquals(4096 + 420, file.capacity());
            assertEquals(ProcessHandle.current().pid(), file.getLong(SharedFileDescriptor.CREATOR_PID_OFFSET));
            assertEquals(SharedFileDescriptor.READY, file.getLong(SharedFileDescriptor.READY_OFFSET));
            assertEquals(5, file.getLong(SharedArrayDescriptor.dimOffset(1)));
            assertEquals(2.5f, file.getFloat(4096 + 4 * 104), "row-major: the last element is the last in the file");
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void everyElementTypeReadsBackWhatItWroteAndTheRawViewAgrees(final ElementType type)
    {
        try (SharedArray a = SharedArray.create("typed-" + type, type, 4, 3))
        {
            final BytesStore<?, Void> raw = a.bytesStore();
            final long last = a.length() - 1;
            switch (type)
            {
                case BYTE:
                    a.setByte(1, 2, (byte)-7);
                    assertEquals(-7, a.getByte(5));
                    assertEquals(-7, raw.readByte(5));
                    a.setByte(a.index(new long[] {3, 2}), (byte)9);
                    assertEquals(9, a.getByte(last));
                    break;
                case SHORT:
                    a.setShort(1, 2, (short)-7000);
                    assertEquals(-7000, a.getShort(5));
                    assertEquals(-7000, raw.readShort(10));
                    a.setShort(a.index(new long[] {3, 2}), (short)9);
                    assertEquals(9, a.getShort(last));
                    break;
                case INT:
                    a.setInt(1, 2, -70_000_000);
                    assertEquals(-70_000_000, a.getInt(5));
                    assertEquals(-70_000_000, raw.readInt(20));
                    a.setInt(a.index(new long[] {3, 2}), 9);
                    assertEquals(9, a.getInt(last));
                    break;
                case LONG:
                    a.setLong(1, 2, Long.MIN_VALUE);
                    assertEquals(Long.MIN_VALUE, a.getLong(5));
                    assertEquals(Long.MIN_VALUE, raw.readLong(40));
                    a.setLong(a.index(new long[] {3, 2}), 9);
                    assertEquals(9, a.getLong(last));
                    break;
                case FLOAT:
                    a.setFloat(1, 2, 1.25f);
                    assertEquals(1.25f, a.getFloat(5));
                    assertEquals(1.25f, raw.readFloat(20));
                    a.setFloat(a.index(new long[] {3, 2}), 9f);
                    assertEquals(9f, a.getFloat(last));
                    break;
                case DOUBLE:
                    a.setDouble(1, 2, Math.PI);
                    assertEquals(Math.PI, a.getDouble(5));
                    assertEquals(Math.PI, raw.readDouble(40));
                    a.setDouble(a.index(new long[] {3, 2}), 9.0);
                    assertEquals(9.0, a.getDouble(last));
                    break;
                case UINT8:
                    a.setUint8(1, 2, 250);
                    assertEquals(250, a.getUint8(5), "widened: 250, not -6");
                    assertEquals((byte)250, raw.readByte(5));
                    a.setUint8(a.index(new long[] {3, 2}), 9);
                    assertEquals(9, a.getUint8(last));
                    break;
                case UINT16:
                    a.setUint16(1, 2, 60_000);
                    assertEquals(60_000, a.getUint16(5));
                    assertEquals((short)60_000, raw.readShort(10));
                    a.setUint16(a.index(new long[] {3, 2}), 9);
                    assertEquals(9, a.getUint16(last));
                    break;
                case UINT32:
                    a.setUint32(1, 2, 4_000_000_000L);
                    assertEquals(4_000_000_000L, a.getUint32(5));
                    assertEquals((int)4_000_000_000L, raw.readInt(20));
                    a.setUint32(a.index(new long[] {3, 2}), 9);
                    assertEquals(9, a.getUint32(last));
                    break;
                case BOOL:
                    a.setBool(1, 2, true);
                    assertTrue(a.getBool(5));
                    assertEquals(1, raw.readByte(5), "true is stored as 1");
                    raw.writeByte(4, (byte)7);
                    assertTrue(a.getBool(4), "any non-zero byte reads as true");
                    a.setBool(a.index(new long[] {3, 2}), false);
                    assertFalse(a.getBool(last));
                    break;
                case FLOAT16:
                    a.setFloat16(1, 2, 1.25f);
                    assertEquals(1.25f, a.getFloat16(5));
                    assertEquals(0x3D00, raw.readShort(10), "binary16 bits of 1.25");
                    a.setFloat16(a.index(new long[] {3, 2}), 0.1f);
                    assertEquals(0.099975586f, a.getFloat16(last), "the nearest half");
                    break;
                default:
                    throw new AssertionError(type);
            }
            assertEquals(type, a.elementType());
            assertEquals(12L * type.size(), a.byteSize());
            assertEquals(a.byteSize(), raw.capacity());
        }
    }

    @Test
    void multiIndicesAreRowMajorAndCheckedPerAxis()
    {
        try (SharedArray a = SharedArray.create("cube", ElementType.INT, 2, 3, 4);
             SharedArray m = SharedArray.create("square", ElementType.DOUBLE, 100, 100))
        {
            assertEquals(1 * 12 + 2 * 4 + 3, a.index(1, 2, 3));
            assertEquals(a.index(1, 2, 3), a.index(new long[] {1, 2, 3}));
            assertEquals(23, a.index(1, 2, 3), "the last element");
            assertEquals(3, a.rank());
            assertEquals(4, a.dim(2));
            assertEquals(100 * 3 + 4, m.index(3, 4));

            final IndexOutOfBoundsException axis = assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(3, 100));
            assertTrue(axis.getMessage().contains("index [3, 100] is out of bounds for shared array 'square' of shape [100, 100]") &&
                axis.getMessage().contains("on axis 1"), axis.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> m.setDouble(-1, 0, 1.0));
            assertThrows(IndexOutOfBoundsException.class, () -> a.index(2, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(a.index(new long[] {0, 3, 0})));

            final IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> a.getInt(1, 2));
            assertTrue(rank.getMessage().contains("has 2 dimension(s) but shared array 'cube' has shape [2, 3, 4] (rank 3)"),
                rank.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.index(1, 2, 3));
            assertThrows(IllegalArgumentException.class, () -> m.getDouble(m.index(new long[] {1})));

            final IndexOutOfBoundsException flat = assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(10_000));
            assertTrue(flat.getMessage().contains("index 10000 is out of bounds for shared array 'square' of length 10000"),
                flat.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> m.setDouble(-1, 0.0));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(Long.MIN_VALUE));
        }
    }

    @Test
    void anAccessorOfAnotherTypeIsRefusedAndSaysWhichToUse()
    {
        try (SharedArray a = SharedArray.create("doubles", ElementType.DOUBLE, 8))
        {
            final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> a.getLong(0));
            assertTrue(e.getMessage().contains("holds DOUBLE elements, not LONG: use getDouble/setDouble"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> a.setInt(0, 1));
            assertThrows(UnsupportedOperationException.class, () -> a.getLongVolatile(0));
            assertThrows(UnsupportedOperationException.class, () -> a.copies().copyFrom(0, new float[2]));
            assertThrows(UnsupportedOperationException.class, () -> a.copies().copyTo(0, LongBuffer.allocate(2)));
            assertThrows(UnsupportedOperationException.class, () -> a.fillByte((byte)1));
        }
    }

    @Test
    void unsignedWritesOutOfRangeAreRefusedNamingIndexValueAndType()
    {
        try (SharedArray u8 = SharedArray.create("u8", ElementType.UINT8, 4);
             SharedArray u16 = SharedArray.create("u16", ElementType.UINT16, 4);
             SharedArray u32 = SharedArray.create("u32", ElementType.UINT32, 4))
        {
            u8.setUint8(2, 255);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> u8.setUint8(2, 256));
            assertEquals("value 256 for index 2 of shared array 'u8' is out of range for UINT8 (uint8, 0 to 255)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> u8.setUint8(2, -1));
            assertEquals(255, u8.getUint8(2), "a refused write changes nothing");
            assertThrows(IllegalArgumentException.class, () -> u8.fillUint8(300));
            assertThrows(IllegalArgumentException.class, () -> u16.setUint16(0, 65_536));
            assertThrows(IllegalArgumentException.class, () -> u16.setUint16(0, -1));
            u16.setUint16(0, 65_535);
            assertEquals(65_535, u16.getUint16(0));
            final IllegalArgumentException e32 = assertThrows(IllegalArgumentException.class, () -> u32.setUint32(3, 1L << 32));
            assertTrue(e32.getMessage().contains("value 4294967296 for index 3") && e32.getMessage().contains("UINT32"),
                e32.getMessage());
            assertThrows(IllegalArgumentException.class, () -> u32.setUint32(3, -1));
            assertThrows(IndexOutOfBoundsException.class, () -> u8.setUint8(4, 1), "the index is checked first");
            final UnsupportedOperationException wrong = assertThrows(UnsupportedOperationException.class, () -> u8.getByte(0));
            assertTrue(wrong.getMessage().contains("holds UINT8 elements, not BYTE: use getUint8/setUint8 and byte[] " +
                "buffers (raw uint8 bits)"), wrong.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> u16.getUint8(0));
        }
    }

    @Test
    void theNewTypesFillAndCopyTheirRawBitsThroughTheJavaArrayOfTheirWidth()
    {
        try (SharedArray image = SharedArray.create("image", ElementType.UINT8, 2, 3);
             SharedArray mask = SharedArray.create("mask", ElementType.BOOL, 4);
             SharedArray halves = SharedArray.create("halves", ElementType.FLOAT16, 4);
             SharedArray counts = SharedArray.create("counts", ElementType.UINT32, 2))
        {
            image.copies().copyFrom(0, new byte[] {0, 1, 2, (byte)200, (byte)254, (byte)255});
            assertEquals(200, image.getUint8(1, 0));
            final byte[] pixels = new byte[6];
            image.copies().copyTo(0, pixels);
            assertEquals((byte)255, pixels[5]);
            image.fillUint8(3, 6, 128);
            assertEquals(128, image.getUint8(5));
            assertEquals(2, image.getUint8(2), "the fill's range only");
            assertThrows(UnsupportedOperationException.class, () -> image.copies().copyFrom(0, new short[2]));
            assertThrows(UnsupportedOperationException.class, () -> image.fillByte((byte)1), "fills are typed");

            mask.fillBool(true);
            assertTrue(mask.getBool(3));
            mask.copies().copyFrom(1, new byte[] {0});
            assertFalse(mask.getBool(1));

            halves.fillFloat16(-2.5f);
            assertEquals(-2.5f, halves.getFloat16(3));
            final short[] bits = new short[4];
            halves.copies().copyTo(0, bits);
            assertEquals(io.tandem.ringbuffer.Float16.toBits(-2.5f), bits[0]);
            halves.copies().copyFrom(0, ShortBuffer.wrap(new short[] {0x3C00}));
            assertEquals(1f, halves.getFloat16(0));
            assertThrows(UnsupportedOperationException.class, () -> halves.copies().copyFrom(0, new float[1]));

            counts.fillUint32(3_000_000_000L);
            final int[] raw = new int[2];
            counts.copies().copyTo(0, raw);
            assertEquals(3_000_000_000L, raw[1] & 0xFFFF_FFFFL);
        }
    }

    @Test
    void attachingWithAnotherTypeOrShapeSaysExpectedAndFound()
    {
        try (SharedArray a = SharedArray.create("m", ElementType.INT, 200, 200))
        {
            final SharedArrayMismatchException type = assertThrows(SharedArrayMismatchException.class,
                () -> SharedArray.attach("m", ElementType.DOUBLE, 200, 200));
            assertTrue(type.getMessage().contains("shared array 'm' (" + a.path() + ") is INT[200, 200], expected DOUBLE[200, 200]"),
                type.getMessage());
            assertEquals("INT[200, 200]", type.found());
            assertEquals("DOUBLE[200, 200]", type.expected());
            assertEquals(a.path(), type.path());

            final SharedArrayMismatchException shape = assertThrows(SharedArrayMismatchException.class,
                () -> SharedArray.attach("m", ElementType.INT, 100, 100));
            assertTrue(shape.getMessage().contains("is INT[200, 200], expected INT[100, 100]"), shape.getMessage());
            assertThrows(SharedArrayMismatchException.class, () -> SharedArray.attach("m", ElementType.INT, 40_000));
            assertThrows(SharedArrayMismatchException.class, () -> SharedArray.createOrAttach("m", ElementType.INT, 2, 200, 100));

            try (SharedArray any = SharedArray.builder("m").attach())
            {
                assertEquals(ElementType.INT, any.elementType(), "a builder without type or shape takes what is there");
                assertArrayEquals(new long[] {200, 200}, any.shape());
            }
        }
    }

    @Test
    void aMissingArrayIsAnErrorNamingThePath()
    {
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class,
            () -> SharedArray.attach("nowhere", ElementType.LONG, 1));
        assertEquals(NoLeftovers.sessionDir().resolve("arrays").resolve("nowhere"), e.path());
        assertTrue(e.getMessage().contains("no shared array named 'nowhere' exists in this session") &&
            e.getMessage().contains("Create it first"), e.getMessage());
    }

    @Test
    void attachCanWaitForItsCreator() throws Exception
    {
        final CompletableFuture<SharedArray> attached = CompletableFuture.supplyAsync(() ->
            SharedArray.builder("later").elementType(ElementType.LONG).shape(4).attachTimeout(Duration.ofSeconds(10)).attach());
        Thread.sleep(50);
        try (SharedArray server = SharedArray.create("later", ElementType.LONG, 4);
             SharedArray client = attached.get(10, TimeUnit.SECONDS))
        {
            server.setLong(3, 33);
            assertEquals(33, client.getLong(3));
        }
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class, () ->
            SharedArray.builder("never").attachTimeout(Duration.ofMillis(20)).attach());
        assertTrue(e.getMessage().contains("(waited 20 ms)"), e.getMessage());
    }

    @Test
    void aNameInUseFailsCreateButCreateOrAttachAttaches()
    {
        try (SharedArray first = SharedArray.create("taken", ElementType.LONG, 16))
        {
            first.setLong(0, 7);
            final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class,
                () -> SharedArray.create("taken", ElementType.LONG, 16));
            assertTrue(e.getMessage().contains("shared array 'taken' already exists in this session (LONG[16], created by pid " +
                ProcessHandle.current().pid() + ")") && e.getMessage().contains("createOrAttach"), e.getMessage());
            try (SharedArray second = SharedArray.createOrAttach("taken", ElementType.LONG, 16))
            {
                assertFalse(second.isOwner(), "it attached");
                assertEquals(7, second.getLong(0));
            }
            assertEquals(7, first.getLong(0), "the first array is unharmed");
        }
        try (SharedArray fresh = SharedArray.createOrAttach("taken", ElementType.LONG, 16))
        {
            assertTrue(fresh.isOwner(), "the name was free again: it created");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../escape", "a/b", ".hidden", "-dash", "sp ace",
        "a-name-that-is-much-too-long-for-a-file-under-the-session-directory-x"})
    void badNamesAreRefusedBeforeAnythingIsTouched(final String name)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SharedArray.create(name, ElementType.BYTE, 1));
        assertTrue(e.getMessage().startsWith("invalid array name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedArray.attach(name, ElementType.BYTE, 1));
    }

    @Test
    void badShapesAreRefused()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SharedArray.create("s", ElementType.BYTE))
            .getMessage().contains("1 to 32 dimensions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SharedArray.create("s", ElementType.BYTE, 3, 0))
            .getMessage().contains("dimension 1 of shape [3, 0] is 0"));
        assertThrows(IllegalArgumentException.class, () -> SharedArray.create("s", ElementType.BYTE, -1));
        assertThrows(IllegalArgumentException.class, () -> SharedArray.create("s", ElementType.LONG, 1L << 40, 1L << 40));
        assertThrows(IllegalArgumentException.class, () -> SharedArray.create("s", ElementType.LONG, 1L << 61));
        assertThrows(IllegalArgumentException.class, () -> SharedArray.create("s", ElementType.LONG, new long[33]));
        assertThrows(IllegalArgumentException.class, () -> SharedArray.builder("s").shape(4).create());
    }

    @Test
    void anArrayLargerThanTheFreeSpaceFailsCleanlyAndLeavesNothing()
    {
        final RuntimeDirectoryException e = assertThrows(RuntimeDirectoryException.class,
            () -> SharedArray.create("huge", ElementType.DOUBLE, 1L << 40)); // 8 TiB
        assertTrue(e.getMessage().contains("MiB free") && e.getMessage().contains("MiB are needed"), e.getMessage());
    }

    @Test
    void closingTheServerRemovesTheFileAndClosingAClientDoesNot()
    {
        final SharedArray server = SharedArray.create("closing", ElementType.SHORT, 5);
        final SharedArray client = SharedArray.attach("closing", ElementType.SHORT, 5);
        final Path path = server.path();
        client.close();
        assertTrue(Files.exists(path), "a client's close only unmaps");
        assertTrue(client.isClosed());
        client.close(); // idempotent
        server.setShort(0, (short)1);
        server.close();
        assertFalse(Files.exists(path), "the server's close removes the file");
        server.close();

        assertThrows(IllegalStateException.class, () -> server.getShort(0));
        assertThrows(IllegalStateException.class, () -> client.setShort(0, (short)2));
        assertThrows(IllegalStateException.class, () -> server.index(new long[] {0}));
        assertThrows(IllegalStateException.class, server::bytesStore);
        assertThrows(IllegalStateException.class, () -> server.copies().copyFrom(0, new short[1]));
        assertTrue(server.toString().contains("closed"), server.toString());
    }

    @Test
    void eachArrayHoldsTheSessionDirectoryUntilItCloses()
    {
        final SharedArray server = SharedArray.create("held", ElementType.INT, 3);
        final SharedArray client = SharedArray.attach("held", ElementType.INT, 3);
        server.setInt(2, 5);
        server.close();
        assertTrue(Files.isDirectory(NoLeftovers.sessionDir()), "the client still holds the session");
        assertEquals(5, client.getInt(2), "and still maps the memory the server removed");
        client.close();
        assertFalse(Files.exists(NoLeftovers.sessionDir()), "the last reference let the session go");
    }

    @Test
    void viewsTakenBeforeCloseThrowAfterItInsteadOfTouchingUnmappedMemory()
    {
        final SharedArray a = SharedArray.create("views", ElementType.LONG, 4);
        final BytesStore<?, Void> store = a.bytesStore();
        final Bytes<Void> bytes = a.bytes();
        assertEquals(32, bytes.readRemaining());
        a.close();
        assertThrows(NullPointerException.class, () -> store.readLong(0));
        assertThrows(NullPointerException.class, bytes::readLong);
    }

    @Test
    void theRawViewsReadAndWriteTheElements()
    {
        try (SharedArray a = SharedArray.create("raw", ElementType.DOUBLE, 16))
        {
            a.bytesStore().writeDouble(8 * 3, 6.5);
            assertEquals(6.5, a.getDouble(3));
            final Bytes<Void> out = a.bytes();
            out.clear();
            for (int i = 0; i < 16; i++)
            {
                out.writeDouble(i);
            }
            assertThrows(RuntimeException.class, () -> out.writeDouble(16), "the view ends where the array does");
            assertEquals(15.0, a.getDouble(15));
            final Bytes<Void> in = a.bytes();
            assertEquals(0.0, in.readDouble());
            assertEquals(1.0, in.readDouble());
            assertNotSame(in, a.bytes(), "each call is a new cursor");
            assertEquals(a.bytesStore().addressForRead(0), a.address());
        }
    }

    @Test
    void bulkCopiesWithJavaArraysRespectOffsetsAndBounds()
    {
        try (SharedArray l = SharedArray.create("l", ElementType.LONG, 10);
             SharedArray b = SharedArray.create("b", ElementType.BYTE, 10);
             SharedArray s = SharedArray.create("s", ElementType.SHORT, 10);
             SharedArray i = SharedArray.create("i", ElementType.INT, 10);
             SharedArray f = SharedArray.create("f", ElementType.FLOAT, 10);
             SharedArray d = SharedArray.create("d", ElementType.DOUBLE, 10))
        {
            l.copies().copyFrom(2, new long[] {9, 1, 2, 3, 9}, 1, 3);
            final long[] longs = new long[6];
            l.copies().copyTo(1, longs, 1, 4);
            assertArrayEquals(new long[] {0, 0, 1, 2, 3, 0}, longs);
            l.copies().copyFrom(7, new long[] {7, 8, 9});
            final long[] all = new long[10];
            l.copies().copyTo(0, all);
            assertArrayEquals(new long[] {0, 0, 1, 2, 3, 0, 0, 7, 8, 9}, all);

            b.copies().copyFrom(0, new byte[] {1, 2, 3});
            s.copies().copyFrom(0, new short[] {1, 2, 3});
            i.copies().copyFrom(0, new int[] {1, 2, 3});
            f.copies().copyFrom(0, new float[] {1, 2, 3});
            d.copies().copyFrom(0, new double[] {1, 2, 3});
            final byte[] bytes = new byte[3];
            b.copies().copyTo(0, bytes);
            final short[] shorts = new short[3];
            s.copies().copyTo(0, shorts);
            final int[] ints = new int[3];
            i.copies().copyTo(0, ints);
            final float[] floats = new float[3];
            f.copies().copyTo(0, floats);
            final double[] doubles = new double[3];
            d.copies().copyTo(0, doubles);
            assertArrayEquals(new byte[] {1, 2, 3}, bytes);
            assertArrayEquals(new short[] {1, 2, 3}, shorts);
            assertArrayEquals(new int[] {1, 2, 3}, ints);
            assertArrayEquals(new float[] {1, 2, 3}, floats);
            assertArrayEquals(new double[] {1, 2, 3}, doubles);

            assertThrows(IndexOutOfBoundsException.class, () -> l.copies().copyFrom(8, new long[3]));
            assertThrows(IndexOutOfBoundsException.class, () -> l.copies().copyFrom(-1, new long[1]));
            assertThrows(IndexOutOfBoundsException.class, () -> l.copies().copyTo(0, new long[3], 2, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> l.copies().copyFrom(0, new long[3], 0, -1));
            assertArrayEquals(new long[] {0, 0, 1, 2, 3, 0, 0, 7, 8, 9}, longs(l), "a refused copy changes nothing");
        }
    }

    @Test
    void bulkCopiesWithNioBuffersMoveValuesAndAdvanceThePosition()
    {
        try (SharedArray a = SharedArray.create("nio", ElementType.LONG, 8);
             SharedArray f = SharedArray.create("nio-f", ElementType.FLOAT, 4))
        {
            // raw bytes, heap and direct, in native order whatever the buffer's order() says
            final ByteBuffer heap = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(11).putLong(12).flip();
            a.copies().copyFrom(0, heap);
            assertEquals(16, heap.position());
            final ByteBuffer direct = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).putLong(13).putLong(14).flip();
            a.copies().copyFrom(2, direct);
            assertFalse(direct.hasRemaining());
            final ByteBuffer readOnly = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 15).asReadOnlyBuffer();
            a.copies().copyFrom(4, readOnly);

            // values: a LongBuffer in the other byte order is converted, native ones copied
            final LongBuffer bigEndian = ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN).asLongBuffer().put(16).put(17).flip();
            a.copies().copyFrom(5, bigEndian);
            a.copies().copyFrom(7, LongBuffer.wrap(new long[] {0, 18}, 1, 1));
            assertArrayEquals(new long[] {11, 12, 13, 14, 15, 16, 17, 18}, longs(a));

            final LongBuffer out = LongBuffer.allocate(10);
            out.position(2);
            a.copies().copyTo(0, out.slice().limit(8));
            assertEquals(11, out.get(2), "a slice's array offset is honoured");
            assertEquals(18, out.get(9));
            final LongBuffer outBigEndian = ByteBuffer.allocateDirect(24).order(ByteOrder.BIG_ENDIAN).asLongBuffer();
            a.copies().copyTo(5, outBigEndian);
            assertEquals(18, outBigEndian.get(2));
            final ByteBuffer raw = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            a.copies().copyTo(7, raw);
            assertEquals(18, raw.getLong(0));
            assertEquals(8, raw.position());

            assertThrows(IllegalArgumentException.class, () -> a.copies().copyFrom(0, ByteBuffer.allocate(7)), "not whole elements");
            assertThrows(IndexOutOfBoundsException.class, () -> a.copies().copyFrom(7, LongBuffer.allocate(2)));
            assertThrows(ReadOnlyBufferException.class, () -> a.copies().copyTo(0, LongBuffer.allocate(1).asReadOnlyBuffer()));

            f.copies().copyFrom(0, FloatBuffer.wrap(new float[] {1.5f, 2.5f}));
            f.copies().copyFrom(2, ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().put(3.5f).put(4.5f).flip());
            final FloatBuffer floats = FloatBuffer.allocate(4);
            f.copies().copyTo(0, floats);
            assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f, 4.5f}, floats.array());
        }
        try (SharedArray s = SharedArray.create("nio-s", ElementType.SHORT, 2);
             SharedArray i = SharedArray.create("nio-i", ElementType.INT, 2);
             SharedArray d = SharedArray.create("nio-d", ElementType.DOUBLE, 2))
        {
            s.copies().copyFrom(0, ShortBuffer.wrap(new short[] {1, 2}));
            i.copies().copyFrom(0, IntBuffer.wrap(new int[] {3, 4}));
            d.copies().copyFrom(0, DoubleBuffer.wrap(new double[] {5, 6}));
            final ShortBuffer shorts = ShortBuffer.allocate(2);
            s.copies().copyTo(0, shorts);
            final IntBuffer ints = IntBuffer.allocate(2);
            i.copies().copyTo(0, ints);
            final DoubleBuffer doubles = DoubleBuffer.allocate(2);
            d.copies().copyTo(0, doubles);
            assertArrayEquals(new short[] {1, 2}, shorts.array());
            assertArrayEquals(new int[] {3, 4}, ints.array());
            assertArrayEquals(new double[] {5, 6}, doubles.array());
        }
    }

    @Test
    void theCopiesViewIsOnePerArrayRefusesOtherBuffersAndThrowsOnceTheArrayIsClosed()
    {
        final SharedArray a = SharedArray.create("view", ElementType.INT, 4);
        final ArrayCopies copies = a.copies();
        assertSame(copies, a.copies(), "taking the view allocates nothing");

        final IllegalArgumentException chars = assertThrows(IllegalArgumentException.class,
            () -> copies.copyFrom(0, CharBuffer.wrap("ab")));
        assertTrue(chars.getMessage().contains("'view'") && chars.getMessage().contains("CharBuffer"), chars.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> copies.copyFrom(0, FloatBuffer.allocate(1)),
            "a typed buffer must match the element type");
        assertThrows(UnsupportedOperationException.class, () -> copies.copyTo(0, LongBuffer.allocate(1)));
        a.setInt(3, 42);
        final IntBuffer one = IntBuffer.allocate(2).limit(1);
        copies.copyTo(3, one);
        assertEquals(42, one.get(0));
        assertEquals(1, one.position());

        a.close();
        final IllegalStateException closed = assertThrows(IllegalStateException.class, () -> copies.copyTo(0, new int[1]));
        assertTrue(closed.getMessage().contains("'view' is closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, () -> copies.copyFrom(0, IntBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> a.copies().copyFrom(0, ByteBuffer.allocate(4)));
    }

    @Test
    void fillSetsEveryElementOfTheRangeAndNothingElse()
    {
        try (SharedArray d = SharedArray.create("fill-d", ElementType.DOUBLE, 1000, 3);
             SharedArray b = SharedArray.create("fill-b", ElementType.BYTE, 10);
             SharedArray i = SharedArray.create("fill-i", ElementType.INT, 10))
        {
            d.fillDouble(1.5); // 24000 bytes: the block-and-copy path, with a tail
            for (long k = 0; k < d.length(); k++)
            {
                assertEquals(1.5, d.getDouble(k), "element " + k);
            }
            d.fillDouble(7, 2993, -0.25);
            assertEquals(1.5, d.getDouble(6));
            assertEquals(-0.25, d.getDouble(7));
            assertEquals(-0.25, d.getDouble(2992));
            assertEquals(1.5, d.getDouble(2993));
            d.zero();
            assertEquals(0.0, d.getDouble(1000));

            b.fillByte(2, 5, (byte)-1); // byte-uniform: memset
            assertArrayEquals(new byte[] {0, 0, -1, -1, -1, 0, 0, 0, 0, 0}, bytes(b));
            i.fillInt(0x01020304);
            i.fillInt(9, 10, -1);
            assertEquals(0x01020304, i.getInt(8));
            assertEquals(-1, i.getInt(9));

            assertThrows(IndexOutOfBoundsException.class, () -> i.fillInt(5, 11, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> i.fillInt(6, 5, 0));
        }
    }

    @Test
    void orderedAndAtomicAccessors()
    {
        try (SharedArray l = SharedArray.create("atomics-l", ElementType.LONG, 4);
             SharedArray i = SharedArray.create("atomics-i", ElementType.INT, 4);
             SharedArray d = SharedArray.create("atomics-d", ElementType.DOUBLE, 4);
             SharedArray other = SharedArray.attach("atomics-l", ElementType.LONG, 4))
        {
            l.setLongRelease(1, 5);
            assertEquals(5, other.getLongVolatile(1));
            assertTrue(other.compareAndSetLong(1, 5, 6));
            assertFalse(l.compareAndSetLong(1, 5, 7));
            assertEquals(6, l.getAndAddLong(1, 10));
            l.setLongVolatile(2, 3);
            assertEquals(16, other.getLong(1));
            assertEquals(3, other.getLong(2));

            i.setIntRelease(0, 1);
            i.setIntVolatile(1, 2);
            assertTrue(i.compareAndSetInt(0, 1, 4));
            assertEquals(4, i.getAndAddInt(0, 1));
            assertEquals(5, i.getIntVolatile(0));
            assertEquals(2, i.getIntVolatile(1));

            d.setDoubleRelease(3, 2.75);
            assertEquals(2.75, d.getDoubleVolatile(3));
            assertThrows(IndexOutOfBoundsException.class, () -> d.getDoubleVolatile(4));
        }
    }

    @Test
    void aFileLeftByADeadCreatorIsReplacedAndItsOldServerDoesNotRemoveTheNewOne() throws Exception
    {
        final SharedArray orphan = SharedArray.create("orphan", ElementType.LONG, 2);
        final Path path = orphan.path();
        final Process dead = new ProcessBuilder("true").start();
        assertTrue(dead.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            final ByteBuffer pid = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, dead.pid());
            channel.write(pid, SharedFileDescriptor.CREATOR_PID_OFFSET);
        }
        try (SharedArray fresh = SharedArray.create("orphan", ElementType.DOUBLE, 3))
        {
            assertTrue(fresh.isOwner());
            orphan.close();
            assertTrue(Files.exists(path), "the old server's close left the new file alone");
            try (SharedArray attached = SharedArray.builder("orphan").attach())
            {
                assertEquals(ElementType.DOUBLE, attached.elementType());
            }
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void filesThatAreNotSharedArraysAreRefusedWithTheirPath() throws IOException
    {
        final Session session = Session.acquire();
        try
        {
            final Path junk = session.resourceDirectory("arrays").resolve("junk");
            Files.write(junk, new byte[8192]);
            final RuntimeDirectoryException notReady = assertThrows(RuntimeDirectoryException.class,
                () -> SharedArray.attach("junk", ElementType.BYTE, 1));
            assertTrue(notReady.getMessage().startsWith(junk + ": has no magic yet"), notReady.getMessage());
            Files.write(junk, "hello, this is not an array".repeat(10).getBytes(StandardCharsets.US_ASCII));
            assertTrue(assertThrows(RuntimeDirectoryException.class, () -> SharedArray.attach("junk", ElementType.BYTE, 1))
                .getMessage().contains("does not start with the shared array magic"));
            assertTrue(assertThrows(RuntimeDirectoryException.class, () -> SharedArray.create("junk", ElementType.BYTE, 1))
                .getMessage().contains("already exists in this session (not a usable shared array"));
            Files.delete(junk);

            try (SharedArray a = SharedArray.create("cut", ElementType.LONG, 1024))
            {
                try (FileChannel channel = FileChannel.open(a.path(), StandardOpenOption.WRITE))
                {
                    channel.truncate(4096 + 100); // the server must not touch its memory from here on
                }
                final RuntimeDirectoryException cut = assertThrows(RuntimeDirectoryException.class,
                    () -> SharedArray.attach("cut", ElementType.LONG, 1024));
                assertTrue(cut.getMessage().contains("is 4196 bytes long but its header (LONG[1024]) needs 12288") &&
                    cut.getMessage().contains("truncated"), cut.getMessage());
            }
        }
        finally
        {
            session.release();
        }
    }

    private static long[] longs(final SharedArray a)
    {
        final long[] values = new long[(int)a.length()];
        a.copies().copyTo(0, values);
        return values;
    }

    private static byte[] bytes(final SharedArray a)
    {
        final byte[] values = new byte[(int)a.length()];
        a.copies().copyTo(0, values);
        return values;
    }
}
