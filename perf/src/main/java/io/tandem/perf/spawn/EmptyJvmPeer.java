package io.tandem.perf.spawn;

/** The JDK's floor for a worker JVM: starts, prints {@code READY}, exits. */
public final class EmptyJvmPeer
{
    private EmptyJvmPeer()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("READY");
    }
}
