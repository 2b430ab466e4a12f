package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.Invocation;
import net.openhft.chronicle.bytes.MethodReaderInterceptorReturns;
import net.openhft.chronicle.wire.GeneratingMethodReaderInterceptorReturns;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Hands each event's arguments to its handler for good. A Chronicle method reader keeps the objects it decoded
 * for an event and decodes the next event of that method into them: it clears and refills a list or a map, and
 * overwrites a marshallable. Fine for a handler that only looks at its arguments during the call (Chronicle's
 * contract); not for Tandem's, whose commands and replies are values a handler may keep, and whose asynchronous
 * handlers still run on another thread while the reader decodes the next command. So every Tandem reader
 * ({@link TieredReader}) takes its arguments away from the reader once they are handed over:
 * <ul>
 *   <li>the reflective reader: the handler gets a copy of the argument array, and the reader's own array is
 *       emptied, so its next decode starts from nothing;</li>
 *   <li>the generated reader: the code around each call sets the argument fields to null in a {@code finally}
 *       (the generator is also told not to keep one object per class for {@code Object}-typed arguments). A
 *       {@link Bytes} field is left alone: Chronicle decodes into the one it made (interfaces may not declare
 *       {@code Bytes} parameters, see {@link ProtocolNames}, but a type variable may stand for one).</li>
 * </ul>
 * It wraps the reader's own interceptor, which must generate code too (or be null): a plain interceptor is only
 * called by a reflective reader.
 */
final class FreshArguments implements GeneratingMethodReaderInterceptorReturns
{
    private final MethodReaderInterceptorReturns inner;
    private final GeneratingMethodReaderInterceptorReturns generating;

    /** @param inner the reader's own interceptor, generating code, or null. */
    FreshArguments(final MethodReaderInterceptorReturns inner)
    {
        if (inner != null && !(inner instanceof GeneratingMethodReaderInterceptorReturns))
        {
            throw new IllegalArgumentException("a Tandem reader's interceptor must generate its code: " + inner.getClass());
        }
        this.inner = inner;
        this.generating = (GeneratingMethodReaderInterceptorReturns)inner;
    }

    @Override
    public Object intercept(final Method method, final Object target, final Object[] args, final Invocation invocation)
        throws InvocationTargetException
    {
        final Object[] own = args.clone();
        Arrays.fill(args, null); // the reader's array: its next decode makes new objects
        return inner != null ? inner.intercept(method, target, own, invocation) : invocation.invoke(method, target, own);
    }

    @Override
    public String generatorId()
    {
        return generating != null ? generating.generatorId() + "Fresh" : "tandemFresh";
    }

    @Override
    public String codeBeforeCall(final Method method, final String objectName, final String[] argumentNames)
    {
        final String before = generating != null ? orEmpty(generating.codeBeforeCall(method, objectName, argumentNames)) : "";
        return releases(method, argumentNames).isEmpty() ? before : "try {\n" + before;
    }

    @Override
    public String codeAfterCall(final Method method, final String objectName, final String[] argumentNames)
    {
        final String after = generating != null ? orEmpty(generating.codeAfterCall(method, objectName, argumentNames)) : "";
        final String releases = releases(method, argumentNames);
        // each '}' opens its line: Chronicle's source formatter cuts a line back to its start where it meets one
        return releases.isEmpty() ? after : after + "\n}\nfinally {\n" + releases + "}";
    }

    /**
     * @return the statements that set the method's reference arguments to null, one per line; a {@link Bytes} one is
     * left alone. The generator may have resolved a type variable to {@code Bytes} where this method's erased type
     * says {@code Object}: an argument that could hold a {@code Bytes} is looked at when the code runs.
     */
    static String releases(final Method method, final String[] argumentNames)
    {
        final Class<?>[] types = method.getParameterTypes();
        final StringBuilder code = new StringBuilder();
        for (int i = 0; i < types.length && i < argumentNames.length; i++)
        {
            final Class<?> type = types[i];
            if (type.isPrimitive() || Bytes.class.isAssignableFrom(type))
            {
                continue;
            }
            if (type.isAssignableFrom(Bytes.class))
            {
                code.append("if (!(((Object) ").append(argumentNames[i]).append(") instanceof ")
                    .append(Bytes.class.getName()).append(")) ");
            }
            code.append(argumentNames[i]).append(" = null;\n");
        }
        return code.toString();
    }

    private static String orEmpty(final String code)
    {
        return code == null ? "" : code;
    }
}
