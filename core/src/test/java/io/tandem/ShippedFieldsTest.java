package io.tandem;

import io.tandem.failure.TandemException;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.test.NoLeftovers;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One walk decides what ships and what closes: a resource in a field that ships is exactly one close() closes. */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class ShippedFieldsTest
{
    /** A resource that counts its closes; ships as its name, as the real ones do. */
    static final class CountedResource implements ProcessResource, Marshallable
    {
        String name;
        transient int closes;

        CountedResource(final String name)
        {
            this.name = name;
        }

        @Override
        public void close()
        {
            closes++;
        }
    }

    /** Fields of the kinds a process may hold a resource in; the superclass holds one too. */
    static class BaseHolder extends MessageProcess
    {
        ProcessResource inherited = new CountedResource("inherited");

        BaseHolder()
        {
            super("holder");
        }
    }

    static final class Holder extends BaseHolder
    {
        ProcessResource direct = new CountedResource("direct");
        Object asObject = new CountedResource("object");
        // The old close-side walk looked only at fields declared ProcessResource or Object: these two shipped (a
        // Marshallable resource passes the shipping check) but were never closed.
        AutoCloseable asAutoCloseable = new CountedResource("auto-closeable");
        Marshallable asMarshallable = new CountedResource("marshallable");
        ProcessResource sameAgain = direct;
        transient ProcessResource local = new CountedResource("transient");
        String text = "not a resource";
        int number = 3;
    }

    @Test
    void theResourcesAreExactlyTheResourceValuesOfTheShippedFields() throws Exception
    {
        final Holder holder = new Holder();
        final ShippedFields walk = ShippedFields.of(Holder.class);
        assertSame(walk, ShippedFields.of(Holder.class), "walked once per class");

        final Map<Object, Boolean> shippedResources = new IdentityHashMap<>();
        final List<String> shippedNames = new ArrayList<>();
        for (final Field field : walk.fields())
        {
            shippedNames.add(field.getName());
            final Object value = field.get(holder);
            if (value instanceof ProcessResource)
            {
                shippedResources.put(value, Boolean.TRUE);
            }
        }
        assertFalse(shippedNames.contains("local"), "transient fields stay home: " + shippedNames);
        assertTrue(shippedNames.containsAll(List.of("asAutoCloseable", "asMarshallable", "inherited", "name")),
            "every field kind ships, the superclasses' too: " + shippedNames);

        final List<ProcessResource> resources = walk.resources(holder);
        assertEquals(shippedResources.size(), resources.size(), "each resource once: " + resources);
        for (final ProcessResource resource : resources)
        {
            assertTrue(shippedResources.containsKey(resource), "only shipped resources: " + resource);
        }
        assertEquals(5, resources.size(), "direct, object, auto-closeable, marshallable, inherited");

        final String document = StateShipper.encode(holder).toString();
        for (final ProcessResource resource : resources)
        {
            assertTrue(document.contains(((CountedResource)resource).name), "it ships: " + document);
        }
        assertFalse(document.contains("transient"), "the transient one does not ship");
    }

    @Test
    void closeClosesEveryShippedResourceOnceAndNothingElse()
    {
        final Holder holder = new Holder();
        holder.close(); // never started: close() only closes the resources
        for (final ProcessResource resource : List.of(holder.direct, (ProcessResource)holder.asObject,
            (ProcessResource)holder.asAutoCloseable, (ProcessResource)holder.asMarshallable, holder.inherited))
        {
            assertEquals(1, ((CountedResource)resource).closes, "closed once: " + ((CountedResource)resource).name);
        }
        assertEquals(0, ((CountedResource)holder.local).closes, "a transient resource is the process's own business");
    }

    /** A process holding a shared array in a field, as users write it. */
    static final class ArrayHolder extends MessageProcess
    {
        final SharedArray matrix = SharedArray.create("shipped-matrix", ElementType.DOUBLE, 100, 100);

        ArrayHolder()
        {
            super("shipped");
        }
    }

    /** The path a field of a process takes to its backend: StateShipper's Wire round trip, here in one JVM. */
    @Test
    void aFieldOfAProcessShipsAsItsNameAndAttachesAsAClient()
    {
        try (ArrayHolder process = new ArrayHolder())
        {
            process.matrix.setDouble(5, 6, 8.0);
            final Bytes<?> document = StateShipper.encode(process);
            final String text = document.toString(); // binary wire: the strings show through as they are
            assertTrue(text.contains("shipped-matrix") && text.contains("DOUBLE"), "name and type travel: " + text);
            assertTrue(document.readRemaining() < 1024, "the elements do not travel: " + document.readRemaining() + " bytes");

            final MessageProcess copy = StateShipper.decodeProcess(WireType.BINARY_LIGHT.apply(document),
                getClass().getClassLoader());
            final SharedArray backendSide = ((ArrayHolder)copy).matrix;
            try
            {
                assertNotSame(process.matrix, backendSide);
                assertFalse(backendSide.isOwner(), "the copy is a client");
                assertEquals(process.matrix.path(), backendSide.path());
                assertArrayEquals(new long[] {100, 100}, backendSide.shape());
                assertEquals(8.0, backendSide.getDouble(5, 6));
                backendSide.setDouble(0, 0, -1.0);
                assertEquals(-1.0, process.matrix.getDouble(0, 0));
                assertThrows(IllegalStateException.class, () -> backendSide.readMarshallable(WireType.BINARY_LIGHT.apply(
                    Bytes.allocateElasticOnHeap())), "an attached array is never re-read in place");
            }
            finally
            {
                backendSide.close();
            }

            process.matrix.close();
            final TandemException closed = assertThrows(TandemException.class, () -> StateShipper.encode(process));
            assertTrue(closed.getMessage().contains("matrix") && closed.getMessage().contains("is closed"), closed.getMessage());
        }
    }
}
