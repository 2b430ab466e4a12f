package io.tandem.process;

/** Runs without Chronicle's JVM flags: creating a process must fail with one clear error. */
public final class NoFlagsMain
{
    private NoFlagsMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            new EchoProcess("no-flags");
            System.out.println("NO ERROR");
        }
        catch (final RuntimeException e)
        {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
