package io.tandem.internal.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Implements a command or reply interface with a class of its own instead of a {@link java.lang.reflect.Proxy}: a
 * proxy boxes every primitive argument and packs the arguments in an array on every call, and a reflective call
 * follows. On a path measured in hundreds of nanoseconds that is a tenth of the time, and the garbage (40-odd bytes
 * a message) makes each side touch fresh heap pages now and then, a slow message every few dozen. A stub's method
 * calls the current writer's method directly, typed (see {@link StubClassFile}).
 *
 * <p>The class is written in bytes and defined as a hidden class beside {@link WriterStub} (no javac: microseconds,
 * so it is made at once, not tiered). Where it cannot be (an interface or a type in its methods that is not public,
 * or not visible from Tandem's class loader, or a method with more arguments than a stub takes), {@link #create}
 * returns null and the caller keeps its proxy.
 *
 * <pre>{@code
 * Ping ping = WriterStubs.create(Ping.class, target, true); // null: use a Proxy instead
 * ping.ping(42);                                            // ((Ping) target.writer()).ping(42)
 * }</pre>
 */
public final class WriterStubs
{
    private static final Logger LOG = LoggerFactory.getLogger(WriterStubs.class);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    /** One class per interface (the Class itself, not its name: two loaders may each have one) and kind. */
    private static final ClassValue<Class<?>> CALL_STUBS = new ClassValue<>()
    {
        @Override
        protected Class<?> computeValue(final Class<?> type)
        {
            return define(type, true);
        }
    };
    private static final ClassValue<Class<?>> WRITE_STUBS = new ClassValue<>()
    {
        @Override
        protected Class<?> computeValue(final Class<?> type)
        {
            return define(type, false);
        }
    };

    private WriterStubs()
    {
    }

    /**
     * @return the methods a stub of {@code type} implements, in the order that gives each its index: every
     * non-static method but {@code Object}'s, by name (names are unique, see {@link ProtocolNames#checkInterface}).
     */
    public static Method[] methods(final Class<?> type)
    {
        final List<Method> methods = new ArrayList<>();
        for (final Method m : type.getMethods())
        {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class)
            {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(Method::getName));
        return methods.toArray(new Method[0]);
    }

    /**
     * @param callsForValues true: a method with a result goes to {@link StubTarget#call} (a command interface);
     *                       false: every method writes (a reply interface).
     * @return a stub of {@code type} calling {@code target}, or null if no stub can be made for it.
     */
    public static <T> T create(final Class<T> type, final StubTarget target, final boolean callsForValues)
    {
        final Class<?> stubClass = (callsForValues ? CALL_STUBS : WRITE_STUBS).get(type);
        if (stubClass == NotPossible.class)
        {
            return null;
        }
        try
        {
            return type.cast(stubClass.getDeclaredConstructor(StubTarget.class).newInstance(target));
        }
        catch (final ReflectiveOperationException | LinkageError ex)
        {
            LOG.debug("no stub for {}, a proxy instead: {}", type.getName(), ex.toString());
            return null;
        }
    }

    private static Class<?> define(final Class<?> type, final boolean callsForValues)
    {
        final Method[] methods = methods(type);
        final String why = whyNot(type, methods);
        if (why != null)
        {
            LOG.debug("no stub for {}, a proxy instead: {}", type.getName(), why);
            return NotPossible.class;
        }
        try
        {
            final String name = WriterStub.class.getName() + "$$" + type.getSimpleName();
            return LOOKUP.defineHiddenClass(StubClassFile.of(name, type, methods, callsForValues), true).lookupClass();
        }
        catch (final IllegalAccessException | RuntimeException | LinkageError ex)
        {
            LOG.debug("no stub for {}, a proxy instead: {}", type.getName(), ex.toString());
            return NotPossible.class;
        }
    }

    /** @return why a stub cannot implement {@code type}, or null if it can. */
    private static String whyNot(final Class<?> type, final Method[] methods)
    {
        if (!type.isInterface() || !reachable(type))
        {
            return "the interface is not public, or not visible from Tandem's class loader";
        }
        for (final Method m : methods)
        {
            final List<Class<?>> types = new ArrayList<>(Arrays.asList(m.getParameterTypes()));
            types.add(m.getReturnType());
            for (final Class<?> t : types)
            {
                if (!reachable(t))
                {
                    return m.getName() + " uses " + t.getName() + ", not public or not visible from Tandem's class loader";
                }
            }
            if (StubClassFile.argSlots(m) > 200)
            {
                return m.getName() + " has too many arguments for a stub";
            }
        }
        return null;
    }

    /** @return true if a class in Tandem's package can name {@code type}: public, and the same class by its name. */
    private static boolean reachable(final Class<?> type)
    {
        Class<?> t = type;
        while (t.isArray())
        {
            t = t.getComponentType();
        }
        if (t.isPrimitive())
        {
            return true;
        }
        for (Class<?> c = t; c != null; c = c.getEnclosingClass())
        {
            if (!Modifier.isPublic(c.getModifiers()))
            {
                return false;
            }
        }
        try
        {
            return Class.forName(t.getName(), false, WriterStub.class.getClassLoader()) == t;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return false;
        }
    }

    /** Marks an interface no stub can implement. */
    private static final class NotPossible
    {
    }
}
