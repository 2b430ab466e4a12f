package io.tandem;

import io.tandem.failure.TandemException;
import io.tandem.internal.channel.LocalValues;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireType;

import java.lang.reflect.Field;
import java.util.List;

/**
 * Ships a process object to its backend, as fork copies it in Python: the frontend object's non-transient
 * fields (its whole class hierarchy) are written with Chronicle Wire, each as a self-describing value; the
 * backend allocates an instance of the same class <em>without running any constructor</em> and sets the
 * fields. Transient fields
 * start as null/0/false in the backend (create such things in {@code preRun}). Resource fields (shared
 * arrays, event groups, rings) ship as their names and re-attach.
 *
 * <p>The start document, the first on a command queue:
 * <pre>
 * tandemStart: { class: com.example.MyProcess, state: { name: my-process, ... fields ... } }
 * </pre>
 *
 * <p>Which fields ship is {@link ShippedFields}' decision, the same one that decides what closes with the process.
 */
final class StateShipper
{
    /** Event name of the start document. */
    static final String START_EVENT = "tandemStart";

    private StateShipper()
    {
    }

    /**
     * Encodes the start document of {@code process}.
     *
     * @return the document's bytes, ready to be written into a queue document.
     * @throws TandemException naming the field that cannot be shipped and what to do about it.
     */
    static Bytes<?> encode(final MessageProcess process)
    {
        checkFields(process);
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        final Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        try
        {
            writeStart(process, wire);
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw unshippable(process, ex);
        }
        return bytes;
    }

    private static void writeStart(final MessageProcess process, final Wire wire)
    {
        wire.write(START_EVENT).marshallable(start ->
        {
            start.write("class").text(process.getClass().getName());
            start.write("state").marshallable(state ->
            {
                for (final Field field : ShippedFields.of(process.getClass()).fields())
                {
                    state.write(ShippedFields.key(field)).object(boxed(field.getType()), read(field, process));
                }
            });
        });
    }

    /*
     * The fields that ship come from ShippedFields. (Chronicle's own WireMarshaller would do, but it builds a default
     * instance with the no-argument constructor when there is one, which could open resources as a side effect.)
     */

    private static Object read(final Field field, final Object target)
    {
        try
        {
            return field.get(target);
        }
        catch (final IllegalAccessException ex)
        {
            throw new TandemException("cannot read field " + ShippedFields.key(field), ex);
        }
    }

    private static Class<?> boxed(final Class<?> type)
    {
        return io.tandem.Arguments.box(type);
    }

    /**
     * Reads a start document: allocates the process (no constructor runs) and fills its fields.
     *
     * @param wire        positioned at the start event.
     * @param classLoader where to find the process class.
     * @return the backend's instance, as the runtime sees it.
     * @throws TandemException if the document is not a start document or the class cannot be made.
     */
    static BackendAgent decode(final WireIn wire, final ClassLoader classLoader)
    {
        return decodeProcess(wire, classLoader).backendAgent();
    }

    /** {@link #decode}, giving the process object itself. */
    static MessageProcess decodeProcess(final WireIn wire, final ClassLoader classLoader)
    {
        final StringBuilder event = new StringBuilder();
        final ValueIn in = wire.readEventName(event);
        if (!START_EVENT.contentEquals(event))
        {
            throw new TandemException("the command queue does not start with a " + START_EVENT + " document (found '" +
                event + "'): it was not written by a Tandem frontend of this version");
        }
        final MessageProcess[] result = new MessageProcess[1];
        in.marshallable(start ->
        {
            final String className = start.read("class").text();
            final Class<?> type;
            try
            {
                type = Class.forName(className, false, classLoader);
            }
            catch (final ClassNotFoundException ex)
            {
                throw new TandemException("process class " + className + " is not on the backend's class path", ex);
            }
            if (!MessageProcess.class.isAssignableFrom(type))
            {
                throw new TandemException(className + " is not a MessageProcess");
            }
            final MessageProcess process;
            try
            {
                process = (MessageProcess)OS.memory().allocateInstance(type);
            }
            catch (final InstantiationException ex)
            {
                throw new TandemException("cannot allocate " + className + " in the backend (is it abstract?)", ex);
            }
            final List<Field> fields = ShippedFields.of(type).fields();
            start.read("state").marshallable(state ->
            {
                for (final Field field : fields)
                {
                    final Object value = state.read(ShippedFields.key(field)).object(boxed(field.getType()));
                    try
                    {
                        if (field.getType().isPrimitive() && value == null)
                        {
                            continue; // absent: keep the zero the allocation left
                        }
                        field.set(process, value);
                    }
                    catch (final IllegalAccessException | IllegalArgumentException ex)
                    {
                        throw new TandemException("cannot set field " + ShippedFields.key(field) + " of " + type.getName() +
                            " in the backend: " + ex, ex);
                    }
                }
            });
            result[0] = process;
        });
        return result[0];
    }

    /**
     * Refuses fields whose values only make sense in this JVM: threads, class loaders, processes, executors,
     * loggers, lambdas, and open resources (anything AutoCloseable that does not ship itself by name as a
     * {@code Marshallable} does). Chronicle Wire would copy their fields and hand the backend a broken object.
     */
    private static void checkFields(final MessageProcess process)
    {
        for (final Field field : ShippedFields.of(process.getClass()).fields())
        {
            final Object value;
            try
            {
                value = field.get(process);
            }
            catch (final ReflectiveOperationException | RuntimeException ex)
            {
                continue;
            }
            final String problem = LocalValues.whyLocal(field.getType(), value);
            if (problem != null)
            {
                throw new TandemException("cannot ship field '" + field.getName() + "' (" +
                    (value == null ? field.getType().getName() : value.getClass().getName()) + ") of " +
                    field.getDeclaringClass().getName() + " to its backend: " + problem +
                    ". Mark it transient and create it in preRun() (in the backend)");
            }
        }
    }

    private static TandemException unshippable(final MessageProcess process, final Throwable failure)
    {
        for (final Field field : ShippedFields.of(process.getClass()).fields())
        {
            final Object value;
            try
            {
                value = field.get(process);
            }
            catch (final ReflectiveOperationException | RuntimeException ex)
            {
                continue;
            }
            try
            {
                WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap(64)).getValueOut().object(value);
            }
            catch (final RuntimeException | StackOverflowError ex)
            {
                return new TandemException("cannot ship field '" + field.getName() + "' (" +
                    (value == null ? field.getType().getName() : value.getClass().getName()) + ") of " +
                    field.getDeclaringClass().getName() + " to its backend: " + ex + ". Mark it transient and create " +
                    "it in preRun(), or make its type serialisable by Chronicle Wire (e.g. Marshallable)", ex);
            }
        }
        return new TandemException("cannot ship the state of " + process.getClass().getName() + " to its backend: " +
            failure + ". Mark fields the backend does not need transient", failure);
    }
}
