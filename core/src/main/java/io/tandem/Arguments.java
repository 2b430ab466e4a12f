package io.tandem;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;

/**
 * Converts decoded parameter values to the types a handler declares: what crosses the wire as a
 * {@code Long} may be wanted as an {@code int}, a list as an array, a string as an enum.
 * Narrowing checks the range; anything that does not fit is a clear {@link IllegalArgumentException}.
 */
final class Arguments
{
    private Arguments()
    {
    }

    /**
     * @param value the decoded value, may be null.
     * @param type  the declared type.
     * @param what  names the parameter in an error message.
     * @return {@code value} as {@code type}; null (or 0/false for a primitive) when {@code value} is null.
     * @throws IllegalArgumentException if it cannot be converted.
     */
    @SuppressWarnings("unchecked")
    public static <T> T convert(final Object value, final Class<T> type, final String what)
    {
        return (T)convertToObject(value, type, what);
    }

    private static Object convertToObject(final Object value, final Class<?> type, final String what)
    {
        if (value == null)
        {
            return type.isPrimitive() ? defaultValue(type) : null;
        }
        final Class<?> boxed = box(type);
        if (boxed.isInstance(value))
        {
            return value;
        }
        if (value instanceof Number && Number.class.isAssignableFrom(boxed))
        {
            return number((Number)value, boxed, type, what);
        }
        if (value instanceof CharSequence)
        {
            final String s = value.toString();
            if (boxed == String.class)
            {
                return s;
            }
            if (boxed == Character.class && s.length() == 1)
            {
                return s.charAt(0);
            }
            if (type.isEnum())
            {
                for (final Object constant : type.getEnumConstants())
                {
                    if (((Enum<?>)constant).name().equals(s))
                    {
                        return constant;
                    }
                }
                throw mismatch(what, type, value);
            }
        }
        if (type.isArray())
        {
            return array(value, type, what);
        }
        if (boxed == Boolean.class && value instanceof Boolean)
        {
            return value;
        }
        throw mismatch(what, type, value);
    }

    private static Object number(final Number n, final Class<?> boxed, final Class<?> declared, final String what)
    {
        final boolean integral = n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
        if (boxed == Double.class)
        {
            return n.doubleValue();
        }
        if (boxed == Float.class)
        {
            return n.floatValue();
        }
        if (!integral && n.doubleValue() != Math.rint(n.doubleValue()))
        {
            throw mismatch(what, declared, n);
        }
        final long l = n.longValue();
        if (boxed == Long.class)
        {
            return l;
        }
        if (boxed == Integer.class && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE)
        {
            return (int)l;
        }
        if (boxed == Short.class && l >= Short.MIN_VALUE && l <= Short.MAX_VALUE)
        {
            return (short)l;
        }
        if (boxed == Byte.class && l >= Byte.MIN_VALUE && l <= Byte.MAX_VALUE)
        {
            return (byte)l;
        }
        throw mismatch(what, declared, n);
    }

    private static Object array(final Object value, final Class<?> type, final String what)
    {
        final Class<?> component = type.getComponentType();
        final int length;
        final Iterator<?> items;
        if (value instanceof Collection)
        {
            length = ((Collection<?>)value).size();
            items = ((Collection<?>)value).iterator();
        }
        else if (value.getClass().isArray())
        {
            length = Array.getLength(value);
            items = new Iterator<>()
            {
                private int i;

                @Override
                public boolean hasNext()
                {
                    return i < length;
                }

                @Override
                public Object next()
                {
                    return Array.get(value, i++);
                }
            };
        }
        else
        {
            throw mismatch(what, type, value);
        }
        final Object result = Array.newInstance(component, length);
        for (int i = 0; i < length; i++)
        {
            Array.set(result, i, convertToObject(items.next(), component, what + "[" + i + "]"));
        }
        return result;
    }

    private static IllegalArgumentException mismatch(final String what, final Class<?> type, final Object value)
    {
        return new IllegalArgumentException(what + ": expected " + type.getSimpleName() + ", got " +
            value.getClass().getSimpleName() + " " + abbreviate(value));
    }

    private static String abbreviate(final Object value)
    {
        final String s = value.getClass().isArray() ? value.getClass().getComponentType().getSimpleName() + "[" +
            Array.getLength(value) + "]" : String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** @return the wrapper class of a primitive type, or the type itself. */
    public static Class<?> box(final Class<?> type)
    {
        if (!type.isPrimitive())
        {
            return type;
        }
        if (type == int.class)
        {
            return Integer.class;
        }
        if (type == long.class)
        {
            return Long.class;
        }
        if (type == double.class)
        {
            return Double.class;
        }
        if (type == float.class)
        {
            return Float.class;
        }
        if (type == boolean.class)
        {
            return Boolean.class;
        }
        if (type == short.class)
        {
            return Short.class;
        }
        if (type == byte.class)
        {
            return Byte.class;
        }
        if (type == char.class)
        {
            return Character.class;
        }
        return Void.class;
    }

    private static Object defaultValue(final Class<?> primitive)
    {
        if (primitive == boolean.class)
        {
            return false;
        }
        if (primitive == char.class)
        {
            return '\0';
        }
        return number(0L, box(primitive), primitive, "default");
    }
}
