package io.tandem.test;

import java.lang.reflect.Method;

/**
 * For {@code LazyNativeInitTest}: initialises Chronicle's {@code Jvm} the way a backend does, then prints
 * {@code LOADED <class> <true|false>} for the native bindings Chronicle loads eagerly. Lives outside any
 * {@code junit} package on purpose: its own frames must not be what Chronicle sees.
 */
public final class NativeInitProbe
{
    /** What Chronicle's Jvm initialiser loads unless it believes it runs under JUnit. */
    public static final String[] EAGER_CLASSES = {"net.openhft.affinity.Affinity", "net.openhft.posix.PosixAPI"};

    private NativeInitProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        io.tandem.internal.launch.junit.LazyNativeInit.initialiseChronicle();
        Class.forName("net.openhft.chronicle.core.Jvm"); // initialised already, unless the trick was switched off
        final ClassLoader loader = NativeInitProbe.class.getClassLoader();
        final Method findLoaded = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
        findLoaded.setAccessible(true); // a look at what is loaded, without loading it
        for (final String name : EAGER_CLASSES)
        {
            System.out.println("LOADED " + name + " " + (findLoaded.invoke(loader, name) != null));
        }
    }
}
