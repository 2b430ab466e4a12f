package io.tandem.state;

import io.tandem.MessageProcess;
import io.tandem.ProcessResource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@link ProcessResource}s a process holds in its shipped (non-static, non-transient) fields. */
public final class ResourceFields
{
    private ResourceFields()
    {
    }

    /** @return the resources in {@code process}'s fields, its own class's first. */
    public static List<ProcessResource> of(final MessageProcess process)
    {
        final List<ProcessResource> resources = new ArrayList<>();
        for (Class<?> c = process.getClass(); c != null && c != MessageProcess.class; c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                if ((field.getModifiers() & (Modifier.STATIC | Modifier.TRANSIENT)) != 0 ||
                    !ProcessResource.class.isAssignableFrom(field.getType()) && field.getType() != Object.class)
                {
                    continue;
                }
                try
                {
                    field.setAccessible(true);
                    final Object value = field.get(process);
                    if (value instanceof ProcessResource && !resources.contains(value))
                    {
                        resources.add((ProcessResource)value);
                    }
                }
                catch (final ReflectiveOperationException | RuntimeException ignored)
                {
                    // not readable: not ours to manage
                }
            }
        }
        return resources;
    }

    /** Closes each resource of {@code process}, going on past failures. */
    public static void closeAll(final MessageProcess process)
    {
        for (final ProcessResource resource : of(process))
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
}
