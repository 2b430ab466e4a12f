package io.tandem.manager;

import io.tandem.ProcessOptions;
import io.tandem.internal.runtime.Session;

/**
 * A manager program for the signal tests: starts {@code args[0]} workers, prints their pids, its session
 * directory and READY, then runs until Ctrl-C / SIGTERM, and prints BYE after closing.
 */
public final class ManagerMain
{
    private ManagerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (EchoManager manager = new EchoManager("managed-", Integer.parseInt(args[0]), ProcessOptions.defaults(),
            RestartPolicy.never()))
        {
            manager.stopOnSignals();
            manager.start();
            for (final io.tandem.MessageProcess p : manager.processes())
            {
                p.awaitStarted(java.time.Duration.ofSeconds(30));
                System.out.println("WORKER " + p.pid());
            }
            final Session session = Session.acquire();
            System.out.println("SESSION " + session.dir());
            session.release();
            System.out.println("READY");
            manager.run();
        }
        System.out.println("BYE");
    }
}
