package io.tandem.process;

import io.tandem.jvm.JvmFlags;

/**
 * Prints what {@link JvmFlags} says of the JVM it runs in ({@code JdkFlagsTest} starts it on each JDK with some or
 * none of the list): {@code missing=[...]}, then {@code verified} or the {@code MissingJvmFlagsException}'s message.
 */
public final class FlagsProbeMain
{
    private FlagsProbeMain()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("jdk=" + Runtime.version().feature());
        System.out.println("missing=" + JvmFlags.missingFlags());
        try
        {
            JvmFlags.verifyCurrentJvm();
            System.out.println("verified");
        }
        catch (final RuntimeException e)
        {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
