package io.tandem.process;

import io.tandem.ProcessOptions;
import io.tandem.flow.FlowCommands;
import io.tandem.flow.FlowProcess;
import io.tandem.internal.runtime.Session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A frontend JVM for the tether test: {@code TetheredFrontendMain <idle> <busy> <markerDir> [<replying>]} starts
 * that many idle backends, backends busy in a long command, and backends replying every 20 ms in a long command,
 * each writing its markers under {@code markerDir/<name>}; prints each as {@code BACKEND <pid> <name>}, then the
 * session directory, then READY, and waits to be killed.
 */
public final class TetheredFrontendMain
{
    private TetheredFrontendMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int idle = Integer.parseInt(args[0]);
        final int busy = Integer.parseInt(args[1]);
        final Path markers = Paths.get(args[2]);
        final int replying = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        for (int i = 0; i < idle + busy + replying; i++)
        {
            final String name = (i < idle ? "idle-" : i < idle + busy ? "busy-" : "replying-") + i;
            final FlowProcess p = new FlowProcess(name, ProcessOptions.defaults(),
                Files.createDirectories(markers.resolve(name)));
            p.start();
            p.awaitStarted(java.time.Duration.ofSeconds(60));
            if (i >= idle)
            {
                if (i < idle + busy)
                {
                    p.backend(FlowCommands.class).busy(600_000);
                }
                else
                {
                    p.backend(FlowCommands.class).replyUntilItFails(600_000);
                }
                final Path busyMarker = markers.resolve(name).resolve("busy");
                final long deadline = System.nanoTime() + 60_000_000_000L;
                while (!Files.exists(busyMarker) && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(5); // until the long command runs: a stop before it would skip it
                }
            }
            System.out.println("BACKEND " + p.pid() + " " + name);
        }
        final Session session = Session.acquire();
        System.out.println("SESSION " + session.dir());
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
