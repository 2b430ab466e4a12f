package io.tandem.perf.remote;

import io.tandem.ProcessOptions;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.rtt.RoundTrip;
import io.tandem.remote.ClusterSecret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tandem side of {@code remote.rtt}: a call {@link Echo#echo} on an {@link EchoProcess} started with
 * {@code ProcessOptions.builder().remote(node).remoteSecret(file)} (nothing else set: what users meet), the node a
 * {@link NodePeer} in another JVM with a runtime root of its own, this JVM the frontend. A fresh cluster secret (0600)
 * per opening; the node's root and the secret are removed on close.
 *
 * <pre>{@code
 * try (RoundTrip trip = TandemRemoteCall.open("round1"))
 * {
 *     trip.roundTrip(1);   // one remote call
 * }
 * }</pre>
 */
public final class TandemRemoteCall implements RoundTrip
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildJvm node;
    private final Path nodeRoot;
    private final Path secretDir;
    private final EchoProcess process;
    private final Echo echo;

    private TandemRemoteCall(final ChildJvm node, final Path nodeRoot, final Path secretDir, final EchoProcess process)
    {
        this.node = node;
        this.nodeRoot = nodeRoot;
        this.secretDir = secretDir;
        this.process = process;
        this.echo = process.backend(Echo.class);
    }

    /** @return a remote round trip set up: the node JVM started, the remote process started and answering. */
    public static RoundTrip open(final String tag) throws IOException
    {
        final Path secretDir = ChildJvm.shmFile("tandem-secret-" + tag);
        final Path nodeRoot = ChildJvm.shmFile("tandem-node-" + tag);
        ChildJvm node = null;
        EchoProcess process = null;
        try
        {
            Files.createDirectories(secretDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // the node's root is made by the node (private, as Tandem requires)
            final Path secret = secretDir.resolve("secret");
            ClusterSecret.create(secret);
            final List<String> options = new ArrayList<>();
            options.add("-Dtandem.root=" + nodeRoot);
            for (final String name : System.getProperties().stringPropertyNames())
            {
                if (name.startsWith("tandem.aeron.") || name.startsWith("tandem.remote."))
                {
                    options.add("-D" + name + "=" + System.getProperty(name)); // the node's driver configured as ours
                }
            }
            node = ChildJvm.start(options, NodePeer.class, secret.toString());
            final String endpoint = node.awaitLine("NODE", START_TIMEOUT)[1];
            node.awaitReady(START_TIMEOUT);
            process = new EchoProcess("perf-remote-echo-" + tag,
                ProcessOptions.builder().remote(endpoint).remoteSecret(secret).build());
            process.start();
            final TandemRemoteCall call = new TandemRemoteCall(node, nodeRoot, secretDir, process);
            if (call.echo.echo(-1L) != -1L)
            {
                throw new IllegalStateException("the remote echo process does not echo");
            }
            return call;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (process != null)
            {
                process.close();
            }
            if (node != null)
            {
                node.close();
            }
            FileTrees.deleteRecursively(nodeRoot);
            FileTrees.deleteRecursively(secretDir);
            throw ex;
        }
    }

    /** @return the node JVM's pid. */
    long nodePid()
    {
        return node.process().pid();
    }

    /** @return the backend JVM's pid (on this host: the node is a local peer). */
    long backendPid()
    {
        return process.pid();
    }

    @Override
    public void roundTrip(final long value)
    {
        final long echoed = echo.echo(value);
        if (echoed != value)
        {
            throw new IllegalStateException("remote echo of " + value + " came back as " + echoed);
        }
    }

    @Override
    public void close()
    {
        process.close(); // the backend stops, the node removes its directory
        node.close();    // its input ends: the node closes, its session goes
        FileTrees.deleteRecursively(nodeRoot);
        FileTrees.deleteRecursively(secretDir);
    }
}
