package io.tandem.internal.launch.junit;

import java.util.concurrent.CountDownLatch;

/**
 * Lets a backend JVM start without Chronicle loading its native bindings eagerly.
 *
 * <p>When Chronicle's {@code Jvm} class initialises, it loads JNR (for its POSIX calls) and JNA (for CPU
 * affinity), about 0.4 s of CPU and a few hundred classes, unless it believes it runs under JUnit, which it
 * decides by looking for a frame of a class whose name contains {@code ".junit"} on any thread. A backend
 * needs neither binding to start (the POSIX one loads by itself on first use), so while Chronicle
 * initialises, a thread of this class, in a package named {@code junit} for that reason, waits. That is
 * the whole trick; {@code -Dtandem.lazyNative=false} turns it off.
 *
 * <p>Chronicle has no supported switch for this: its {@code Jvm} initialiser (chronicle-core 2026.5, and
 * Chronicle-Core's main branch) reads no property before it loads the bindings, only {@code isJUnitTest0()}'s
 * scan of every thread's stack for {@code ".junit"}. So the trick stays, pinned by {@code LazyNativeInitTest}:
 * it fails when a Chronicle upgrade loads the bindings despite the trick, and when Chronicle stops loading them
 * eagerly (then this class can go).
 */
public final class LazyNativeInit
{
    /** System property: {@code false} keeps Chronicle's eager native initialisation. */
    public static final String PROPERTY = "tandem.lazyNative";

    private LazyNativeInit()
    {
    }

    /** Initialises Chronicle's {@code Jvm} class without its eager native loading. */
    public static void initialiseChronicle()
    {
        if ("false".equals(System.getProperty(PROPERTY)))
        {
            return;
        }
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread marker = new Thread(() -> park(waiting, done), "tandem-lazy-native");
        marker.setDaemon(true);
        marker.start();
        try
        {
            waiting.await();
            Class.forName("net.openhft.chronicle.core.Jvm", true, LazyNativeInit.class.getClassLoader());
        }
        catch (final ClassNotFoundException | InterruptedException ignored)
        {
            // nothing to speed up
        }
        finally
        {
            done.countDown();
        }
    }

    private static void park(final CountDownLatch waiting, final CountDownLatch done)
    {
        waiting.countDown();
        try
        {
            done.await(); // this frame is what Chronicle sees
        }
        catch (final InterruptedException ignored)
        {
            Thread.currentThread().interrupt();
        }
    }
}
