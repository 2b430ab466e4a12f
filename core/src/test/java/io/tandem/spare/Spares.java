package io.tandem.spare;

import io.tandem.internal.launch.SparePool;

import java.util.Set;
import java.util.TreeSet;

/** This JVM's spare backend JVMs (booting or warm, not yet claimed), as the pool holds them. */
public final class Spares
{
    private Spares()
    {
    }

    /** @return the pids of this JVM's spares now. */
    public static Set<Long> pids()
    {
        final SparePool pool = SparePool.existing();
        return pool == null ? Set.of() : new TreeSet<>(pool.pids());
    }
}
