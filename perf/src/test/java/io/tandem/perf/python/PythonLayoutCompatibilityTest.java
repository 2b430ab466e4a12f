package io.tandem.perf.python;

import io.tandem.internal.sharedfile.SharedFileDescriptor;
import io.tandem.idle.Doorbell;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArrayDescriptor;
import io.tandem.perf.Json;
import io.tandem.ringbuffer.FrameShapeDescriptor;
import io.tandem.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Python package's layout constants ({@code python3 -m tandem.layout}, JSON) against the Java descriptors, by
 * reflection: every {@code static final int/long} of {@link RingBufferDescriptor}, {@link SharedArrayDescriptor} and
 * {@link SharedFileDescriptor} must be in the Python module with the same value, and every Python constant must be a
 * Java one: a change on either side without the other fails here. The same for the frame shape header
 * ({@link FrameShapeDescriptor}) and for the doorbell's fields ({@link Doorbell}, private in Java, shared by a Python
 * sleeper and a Java ringer). Element types: every {@link ElementType} code, name, NumPy name and size must be
 * Python's, and Python may have none that Java has not.
 */
@Timeout(60)
class PythonLayoutCompatibilityTest
{
    @Test
    void pythonConstantsAreTheJavaDescriptors() throws Exception
    {
        final Map<String, Object> python = pythonLayout();
        compare("RingBufferDescriptor", constants(RingBufferDescriptor.class), Json.map(python.get("RingBufferDescriptor")));
        compare("SharedArrayDescriptor", constants(SharedArrayDescriptor.class), Json.map(python.get("SharedArrayDescriptor")));
        compare("SharedFileDescriptor", constants(SharedFileDescriptor.class), Json.map(python.get("SharedFileDescriptor")));
        compare("FrameShapeDescriptor", constants(FrameShapeDescriptor.class), Json.map(python.get("FrameShapeDescriptor")));
        // the doorbell's fields are private in Java (a ring's bells are at DATA_BELL_OFFSET / SPACE_BELL_OFFSET), but
        // a Python sleeper and a Java ringer (and the reverse) meet on them
        compare("Doorbell", intConstantsIncludingPrivate(Doorbell.class), Json.map(python.get("Doorbell")));

        final Map<String, Object> functions = Json.map(python.get("functions"));
        assertEquals((long)RingBufferDescriptor.slotLength(1000), number(functions.get("slotLength(1000)")));
        assertEquals(RingBufferDescriptor.slotsOffset(40), number(functions.get("slotsOffset(40)")));
        assertEquals(RingBufferDescriptor.fileLength(64, 1000, 40), number(functions.get("fileLength(64,1000,40)")));
        assertEquals(SharedArrayDescriptor.dataOffset(3), number(functions.get("arrayDataOffset(3)")));
    }

    @Test
    void pythonElementTypesAreJavasPlusTheContracts() throws Exception
    {
        final Map<String, Object> python = Json.map(pythonLayout().get("ElementType"));
        for (final ElementType type : ElementType.values())
        {
            final Map<String, Object> p = Json.map(python.get(type.name()));
            assertTrue(p != null, "Python has no element type " + type);
            assertEquals((long)type.code(), number(p.get("code")), type + " code");
            assertEquals(type.numpyName(), p.get("numpy"), type + " NumPy name");
            assertEquals((long)type.size(), number(p.get("size")), type + " size");
        }
        for (final String name : python.keySet())
        {
            boolean known = false;
            for (final ElementType type : ElementType.values())
            {
                known |= type.name().equals(name);
            }
            assertTrue(known, "Python has element type " + name + ", which Java's ElementType has not");
        }
    }

    private static void compare(final String descriptor, final Map<String, Long> java, final Map<String, Object> python)
    {
        final List<String> problems = new ArrayList<>();
        for (final String name : new TreeSet<>(java.keySet()))
        {
            if (!python.containsKey(name))
            {
                problems.add(name + " = " + java.get(name) + " is missing in Python");
            }
            else if (number(python.get(name)) != java.get(name).longValue())
            {
                problems.add(name + ": Java " + java.get(name) + ", Python " + python.get(name));
            }
        }
        for (final String name : new TreeSet<>(python.keySet()))
        {
            if (!java.containsKey(name))
            {
                problems.add(name + " = " + python.get(name) + " is in Python but not in Java");
            }
        }
        assertTrue(problems.isEmpty(), descriptor + " differs between python/tandem/layout.py and Java:\n  " +
            String.join("\n  ", problems));
    }

    private static Map<String, Long> constants(final Class<?> type) throws IllegalAccessException
    {
        final Map<String, Long> constants = new java.util.TreeMap<>();
        for (final Field field : type.getDeclaredFields())
        {
            final int m = field.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m) &&
                (field.getType() == int.class || field.getType() == long.class))
            {
                constants.put(field.getName(), ((Number)field.get(null)).longValue());
            }
        }
        return constants;
    }

    /** @return every static final int of {@code type}, private ones too (a layout kept private on the Java side). */
    private static Map<String, Long> intConstantsIncludingPrivate(final Class<?> type) throws IllegalAccessException
    {
        final Map<String, Long> constants = new java.util.TreeMap<>();
        for (final Field field : type.getDeclaredFields())
        {
            final int m = field.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == int.class)
            {
                field.setAccessible(true);
                constants.put(field.getName(), ((Number)field.get(null)).longValue());
            }
        }
        return constants;
    }

    /** Python writes every value as a decimal string: exact, where a JSON number would be read as a double. */
    private static long number(final Object value)
    {
        return Long.parseLong((String)value);
    }

    private static Map<String, Object> pythonLayout() throws IOException, InterruptedException
    {
        RequirePython.assumeAvailable("PythonLayoutCompatibilityTest");
        final ProcessBuilder builder = new ProcessBuilder("python3", "-m", "tandem.layout");
        builder.environment().put("PYTHONPATH", PythonProcess.packageDirectory().toString());
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "python3 -m tandem.layout did not finish");
        assertEquals(0, process.exitValue(), "python3 -m tandem.layout failed: " + err);
        return Json.object(out);
    }
}
