package io.tandem.remote;

import io.tandem.ProcessOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A frontend in a JVM of its own, to be killed: {@code RemoteFrontendMain <node> <secret> <markerDir>} starts a
 * {@link RemoteWorker} on the node, prints {@code started <remote pid>}, then sleeps.
 */
public final class RemoteFrontendMain
{
    private RemoteFrontendMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final RemoteWorker worker = new RemoteWorker("remote-abandoned", ProcessOptions.builder().remote(args[0])
            .remoteSecret(Path.of(args[1])).remoteLiveness(Duration.ofMillis(1500)).build(), Path.of(args[2]));
        worker.start();
        worker.backend(RemoteCommands.class).add(1, 1);
        System.out.println("started " + worker.pid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
