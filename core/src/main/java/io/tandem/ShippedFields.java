package io.tandem;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one walk of a process class's fields: it decides, once per class, which fields ship to the backend and which
 * of those may hold a {@link ProcessResource} (to bind at start and close with the process). Shipping
 * ({@link StateShipper}) and closing read the same decision, so a resource that ships is exactly one that closes.
 *
 * <p>A field ships when it is neither static, transient nor synthetic, in the class and every superclass up to
 * {@code Object} ({@link MessageProcess}'s own name and options included). It may hold a resource when its declared
 * type could refer to one: a {@code ProcessResource}, or any reference type that is not an array, a primitive or a
 * final class unrelated to {@code ProcessResource} ({@code Object}, {@code AutoCloseable}, {@code Marshallable}, an
 * interface, a non-final class). Whether it does is the value's business, checked each time.
 */
final class ShippedFields
{
    private static final ClassValue<ShippedFields> BY_CLASS = new ClassValue<>()
    {
        @Override
        protected ShippedFields computeValue(final Class<?> type)
        {
            return new ShippedFields(type);
        }
    };

    private final List<Field> shipped;
    private final List<Field> resourceHolders;

    private ShippedFields(final Class<?> type)
    {
        final List<Field> fields = new ArrayList<>();
        final List<Field> holders = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                if ((field.getModifiers() & (Modifier.STATIC | Modifier.TRANSIENT)) != 0 || field.isSynthetic())
                {
                    continue;
                }
                field.setAccessible(true);
                fields.add(field);
                if (mayHoldResource(field.getType()))
                {
                    holders.add(field);
                }
            }
        }
        this.shipped = List.copyOf(fields);
        this.resourceHolders = List.copyOf(holders);
    }

    /** @return the walk of {@code type}, made on first use and kept for the class's lifetime. */
    static ShippedFields of(final Class<?> type)
    {
        return BY_CLASS.get(type);
    }

    /** @return the fields that ship, the class's own first, then each superclass's; accessible. */
    List<Field> fields()
    {
        return shipped;
    }

    /** @return the field's key in the start document: its name, qualified by its class when a subclass hides it. */
    static String key(final Field field)
    {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    /** @return the resources {@code process} holds in its shipped fields, each once, its own class's first. */
    List<ProcessResource> resources(final Object process)
    {
        final Map<ProcessResource, Boolean> found = new IdentityHashMap<>();
        final List<ProcessResource> resources = new ArrayList<>();
        for (final Field field : resourceHolders)
        {
            final Object value;
            try
            {
                value = field.get(process);
            }
            catch (final IllegalAccessException ex)
            {
                continue; // made accessible above: cannot happen
            }
            if (value instanceof ProcessResource && found.put((ProcessResource)value, Boolean.TRUE) == null)
            {
                resources.add((ProcessResource)value);
            }
        }
        return resources;
    }

    /** Closes each resource {@code process} holds in its shipped fields, going on past failures. */
    static void closeAll(final Object process)
    {
        for (final ProcessResource resource : of(process.getClass()).resources(process))
        {
            try
            {
                resource.close();
            }
            catch (final RuntimeException ignored)
            {
                // close() of a resource must not throw; one that does still lets the others close
            }
        }
    }

    private static boolean mayHoldResource(final Class<?> declared)
    {
        if (declared.isPrimitive() || declared.isArray())
        {
            return false;
        }
        return ProcessResource.class.isAssignableFrom(declared) || declared.isInterface() ||
            !Modifier.isFinal(declared.getModifiers());
    }
}
