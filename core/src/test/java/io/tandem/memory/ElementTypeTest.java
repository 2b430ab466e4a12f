package io.tandem.memory;

import io.tandem.ringbuffer.FrameShapeDescriptor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The element type codes are one table: ElementType's, a shaped frame's (ringbuffer) and Python's (NumPy names). */
class ElementTypeTest
{
    @Test
    void theRingBuffersTypeCodesAreElementTypesCodes()
    {
        final Map<ElementType, Integer> ring = Map.ofEntries(
            Map.entry(ElementType.BYTE, FrameShapeDescriptor.TYPE_INT8),
            Map.entry(ElementType.SHORT, FrameShapeDescriptor.TYPE_INT16),
            Map.entry(ElementType.INT, FrameShapeDescriptor.TYPE_INT32),
            Map.entry(ElementType.LONG, FrameShapeDescriptor.TYPE_INT64),
            Map.entry(ElementType.FLOAT, FrameShapeDescriptor.TYPE_FLOAT32),
            Map.entry(ElementType.DOUBLE, FrameShapeDescriptor.TYPE_FLOAT64),
            Map.entry(ElementType.UINT8, FrameShapeDescriptor.TYPE_UINT8),
            Map.entry(ElementType.UINT16, FrameShapeDescriptor.TYPE_UINT16),
            Map.entry(ElementType.UINT32, FrameShapeDescriptor.TYPE_UINT32),
            Map.entry(ElementType.BOOL, FrameShapeDescriptor.TYPE_BOOL),
            Map.entry(ElementType.FLOAT16, FrameShapeDescriptor.TYPE_FLOAT16));
        assertEquals(ElementType.values().length, ring.size(), "every element type has a ring code");
        for (final ElementType type : ElementType.values())
        {
            final int code = ring.get(type);
            assertEquals(type.code(), code, type + "'s code");
            assertSame(type, ElementType.ofCode(code));
            assertEquals(type.size(), FrameShapeDescriptor.elementSize(code), type + "'s size");
            assertEquals(type.numpyName(), FrameShapeDescriptor.numpyName(code), type + "'s NumPy name");
        }
        for (int code = 1; code < 64; code++)
        {
            assertEquals(FrameShapeDescriptor.isKnownType(code), ElementType.ofCode(code) != null, "code " + code);
        }
        assertNull(ElementType.ofCode(0));
        assertNull(ElementType.ofCode(12));
    }

    @Test
    void theContractsCodesAndNames()
    {
        // the table shared with the Python package (python/tandem): changing it breaks files and frames in the wild
        final String[] names = {"int8", "int16", "int32", "int64", "float32", "float64", "uint8", "uint16", "uint32",
            "bool", "float16"};
        final int[] sizes = {1, 2, 4, 8, 4, 8, 1, 2, 4, 1, 2};
        for (int code = 1; code <= 11; code++)
        {
            assertEquals(names[code - 1], ElementType.ofCode(code).numpyName());
            assertEquals(sizes[code - 1], ElementType.ofCode(code).size());
        }
    }
}
