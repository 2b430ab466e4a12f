package io.tandem.spare;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.time.Duration;

/**
 * A frontend with spares to kill: boots {@code args[0]} spares, prints {@code SPARE <pid>} for each and
 * {@code READY}, then waits to be killed.
 */
public final class SpareFrontendMain
{
    private SpareFrontendMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ProcessOptions o = ProcessOptions.builder().lean().spares(Integer.parseInt(args[0])).build();
        MessageProcess.prepareSpares(o);
        if (!MessageProcess.awaitSpares(o, Duration.ofSeconds(60)))
        {
            System.out.println("NOT READY");
            System.exit(1);
        }
        for (final long pid : Spares.pids())
        {
            System.out.println("SPARE " + pid);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
