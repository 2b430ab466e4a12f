package io.tandem.remote;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tandem node}: runs a {@link TandemNode} until killed (SIGTERM or Ctrl-C close it cleanly).
 * <pre>
 * tandem node --listen 127.0.0.1:40123 --secret FILE [--liveness-ms 3000] [--grace-ms 2000]
 *             [--allow-jvm-arg ARG|PREFIX*]...
 * tandem node --new-secret FILE
 * </pre>
 * Prints {@code node listening on host:port} once it serves.
 */
public final class NodeMain
{
    private NodeMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final TandemNode.Builder builder = TandemNode.builder();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--listen":
                        builder.listen(value(args, ++i));
                        break;
                    case "--secret":
                        builder.secretFile(Path.of(value(args, ++i)));
                        break;
                    case "--liveness-ms":
                        builder.liveness(Duration.ofMillis(Long.parseLong(value(args, ++i))));
                        break;
                    case "--grace-ms":
                        builder.stopGrace(Duration.ofMillis(Long.parseLong(value(args, ++i))));
                        break;
                    case "--allow-jvm-arg":
                        builder.allowJvmArgs(value(args, ++i));
                        break;
                    case "--new-secret":
                        final Path file = Path.of(value(args, ++i));
                        ClusterSecret.create(file);
                        System.out.println("wrote a new cluster secret to " + file + " (mode 0600): copy it to every host");
                        return;
                    default:
                        usage("unknown argument '" + args[i] + "'");
                        return;
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            usage(ex.getMessage());
            return;
        }
        final TandemNode node;
        try
        {
            node = builder.build();
        }
        catch (final IllegalStateException | io.tandem.failure.TandemException | java.io.UncheckedIOException ex)
        {
            // a start-up problem the message names (secret file, runtime root, endpoint): no stack trace
            System.err.println("tandem node: " + ex.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "tandem-node-shutdown"));
        System.out.println("node listening on " + node.endpoint());
        System.out.flush();
        node.awaitClose();
    }

    private static String value(final String[] args, final int i)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(final String problem)
    {
        System.err.println("tandem node: " + problem + "\nusage: tandem node --listen HOST:PORT --secret FILE " +
            "[--liveness-ms N] [--grace-ms N] [--allow-jvm-arg ARG|PREFIX*]...\n       tandem node --new-secret FILE");
        System.exit(2);
    }
}
