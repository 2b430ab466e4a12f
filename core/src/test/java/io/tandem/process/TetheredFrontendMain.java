package io.tandem.process;

import io.tandem.runtime.Session;

/**
 * A frontend JVM for the tether test: starts {@code args[0]} backends, prints each pid and the session
 * directory, then READY, and waits to be killed.
 */
public final class TetheredFrontendMain
{
    private TetheredFrontendMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int count = Integer.parseInt(args[0]);
        for (int i = 0; i < count; i++)
        {
            final EchoProcess p = new EchoProcess("tethered-" + i);
            p.start();
            p.awaitStarted(java.time.Duration.ofSeconds(30));
            System.out.println("BACKEND " + p.pid());
        }
        final Session session = Session.acquire();
        System.out.println("SESSION " + session.dir());
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
