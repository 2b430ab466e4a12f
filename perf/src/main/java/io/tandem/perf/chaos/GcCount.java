package io.tandem.perf.chaos;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * How many garbage collections this JVM has run. The soak waits for every JVM's first before it judges RSS:
 * until then a JVM's resident memory grows as it first touches its young generation (about 100 MiB with the
 * default heap on this machine), which is the heap reaching its working size, not a leak.
 */
final class GcCount
{
    private GcCount()
    {
    }

    /** @return the collections of every collector of this JVM so far. */
    static long inThisJvm()
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
