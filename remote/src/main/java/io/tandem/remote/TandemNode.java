package io.tandem.remote;

import io.tandem.remote.internal.NodeConductor;
import io.tandem.remote.internal.SecretFile;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The tandem node: runs backends on this host for frontends on other hosts ({@code ProcessOptions.remote("host:port")}).
 * It listens on one UDP endpoint (loopback unless told otherwise), accepts only requests signed with the cluster
 * secret whose class path hash matches its own, launches each backend JVM here with its own class path, in a session
 * of its own (so {@code tandem ps} and {@code tandem dump} work on this host too), and tethers each backend to its
 * frontend: when the frontend's heartbeats stop for the liveness timeout, the backend is stopped (postRun runs) and
 * killed after the stop grace. When the node dies, its backends exit with it.
 * <p>
 * A request's JVM arguments are checked against an allow-list (any holder of the secret could otherwise have the node
 * write files or run code through {@code -Xlog:...:file=}, {@code -javaagent:}, {@code -XX:OnOutOfMemoryError=}...):
 * heap, stack and GC sizing and {@code -D} of application properties by default; {@link Builder#allowJvmArgs} adds
 * more. A request with any other argument is refused, naming it.
 *
 * <pre>{@code
 * try (TandemNode node = TandemNode.builder()
 *         .listen("127.0.0.1:40123")
 *         .secretFile(Path.of("/etc/tandem/secret"))
 *         .build())
 * {
 *     System.out.println("node listening on " + node.endpoint());
 *     node.awaitClose();
 * }
 * }</pre>
 * From the command line: {@code ./tandem node --listen 127.0.0.1:40123 --secret FILE}. The runtime root (where the
 * node's session lives) is the JVM's: {@code -Dtandem.root}, as for any Tandem program.
 */
public final class TandemNode implements AutoCloseable
{
    /** The port a node listens on when none is given. */
    public static final int DEFAULT_PORT = 40123;

    private final NodeConductor conductor;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private TandemNode(final Builder b)
    {
        this.conductor = new NodeConductor(b.listen, SecretFile.load(b.secretFile), b.liveness, b.stopGrace,
            b.allowedJvmArgs);
    }

    /** @return a builder: loopback, port {@value #DEFAULT_PORT}, the default secret file, 3 s liveness, 2 s grace. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the endpoint the node listens on, {@code host:port} (the port resolved if 0 was asked for). */
    public String endpoint()
    {
        return conductor.endpoint();
    }

    /** @return the node's session directory on this host: its backends' queues and its media driver's files. */
    public Path sessionDirectory()
    {
        return conductor.sessionDir();
    }

    /** Blocks until {@link #close()}. */
    public void awaitClose() throws InterruptedException
    {
        closed.await();
    }

    /** Stops the node: its backends are killed, its session's files removed. */
    @Override
    public void close()
    {
        conductor.close();
        closed.countDown();
    }

    /** Configures a {@link TandemNode}. */
    public static final class Builder
    {
        private String listen = "127.0.0.1:" + DEFAULT_PORT;
        private Path secretFile;
        private Duration liveness = Duration.ofSeconds(3);
        private Duration stopGrace = Duration.ofSeconds(2);
        private final java.util.List<String> allowedJvmArgs = new java.util.ArrayList<>();

        private Builder()
        {
        }

        /**
         * @param endpoint {@code host:port} to listen on; the host is an address of this machine (loopback by
         *                 default: give the host's address to serve other hosts); port 0 picks a free one.
         */
        public Builder listen(final String endpoint)
        {
            final int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("listen takes host:port (e.g. 127.0.0.1:40123), got '" + endpoint + "'");
            }
            Integer.parseInt(endpoint.substring(colon + 1));
            this.listen = endpoint;
            return this;
        }

        /** @param file the cluster secret (0600, shared by the hosts); default {@code -Dtandem.secret}, else {@code ~/.tandem/secret}. */
        public Builder secretFile(final Path file)
        {
            this.secretFile = file;
            return this;
        }

        /** @param timeout how long a frontend may stay silent before its backends are stopped (default 3 s). */
        public Builder liveness(final Duration timeout)
        {
            this.liveness = positive(timeout, "liveness");
            return this;
        }

        /** @param grace how long a backend stopped for a lost frontend may run its postRun before it is killed (default 2 s). */
        public Builder stopGrace(final Duration grace)
        {
            this.stopGrace = positive(grace, "stopGrace");
            return this;
        }

        /**
         * Allows JVM arguments beyond the defaults (heap, stack and GC sizing; {@code -D} of properties that are not
         * the JVM's, nor Tandem's paths) on the backends this node starts for remote frontends.
         * <pre>{@code
         * TandemNode.builder().allowJvmArgs("-XX:+UseLargePages", "-XX:NewRatio=*")
         * }</pre>
         *
         * @param patterns each an argument exactly, or a prefix ending in {@code *}; adds to earlier calls.
         */
        public Builder allowJvmArgs(final String... patterns)
        {
            for (final String pattern : patterns)
            {
                if (pattern == null || pattern.isEmpty() || pattern.equals("*"))
                {
                    throw new IllegalArgumentException("allowJvmArgs takes an argument or a prefix ending in '*' " +
                        "(not a bare '*'), got '" + pattern + "'");
                }
                allowedJvmArgs.add(pattern);
            }
            return this;
        }

        /**
         * Binds the endpoint and starts serving.
         *
         * @throws IllegalStateException if the secret file is missing, too short or not 0600 (naming it and the fix),
         *                               or the endpoint cannot be bound.
         */
        public TandemNode build()
        {
            return new TandemNode(this);
        }

        private static Duration positive(final Duration d, final String what)
        {
            if (d == null || d.isNegative() || d.isZero())
            {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
