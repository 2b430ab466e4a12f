package io.tandem;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/**
 * What a call's path needs of its method, worked out once per method instead of on every call: the event name,
 * the parameter types (a {@link Method} copies its array on each ask), the class its result is converted to, and
 * whether it returns a future. Immutable.
 *
 * <pre>{@code
 * CallShape shape = CallShape.of(Calculator.class.getMethod("add", int.class, int.class));
 * Object sum = calls.call(shape, new Object[] {1, 2}, timeout);   // an Integer
 * }</pre>
 */
final class CallShape
{
    final String name;
    final Class<?>[] parameterTypes;
    /** The result's class: the return type, or a future's value type (raw). */
    final Class<?> resultType;
    /** The method returns a {@link CompletableFuture}: the call returns at once. */
    final boolean async;

    private CallShape(final String name, final Class<?>[] parameterTypes, final Class<?> resultType, final boolean async)
    {
        this.name = name;
        this.parameterTypes = parameterTypes;
        this.resultType = resultType;
        this.async = async;
    }

    /** @return the shape of a call to {@code method}. */
    static CallShape of(final Method method)
    {
        final boolean async = CompletableFuture.class.isAssignableFrom(method.getReturnType());
        final Type result = async ? futureValueType(method) : method.getGenericReturnType();
        return new CallShape(method.getName(), method.getParameterTypes(), rawClass(result), async);
    }

    private static Type futureValueType(final Method method)
    {
        final Type generic = method.getGenericReturnType();
        if (generic instanceof ParameterizedType)
        {
            return ((ParameterizedType)generic).getActualTypeArguments()[0];
        }
        return Object.class;
    }

    private static Class<?> rawClass(final Type type)
    {
        if (type instanceof Class)
        {
            return (Class<?>)type;
        }
        if (type instanceof ParameterizedType)
        {
            return (Class<?>)((ParameterizedType)type).getRawType();
        }
        return Object.class;
    }
}
