package io.tandem.examples.remote;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A tandem node in a child JVM on this host ({@code tandem node --listen 127.0.0.1:0 --secret FILE}): the same java,
 * flags and class path as this JVM (the node checks that a frontend's classes are its own), its own runtime root in a
 * temporary directory. Its backends' output (they inherit the node's) is copied to this JVM's standard output. Closing
 * stops it (SIGTERM: it kills its backends and removes its files), kills it if it does not exit, and removes its root;
 * so does this JVM's exit (Ctrl-C).
 */
final class ExampleNode implements AutoCloseable
{
    private static final String LISTENING = "node listening on ";
    private static final Object EOF = new Object();
    /** The prefix of the node's own log lines. */
    private static final String NODE_LOGGERS = "io.tandem.remote.";

    private final Process process;
    private final Path root;
    private final String address;
    private final Thread pump;
    private final Thread atExit;
    private final LinkedBlockingQueue<Object> lines;

    private ExampleNode(final Process process, final Path root, final String address, final Thread pump,
        final Thread atExit, final LinkedBlockingQueue<Object> lines)
    {
        this.process = process;
        this.root = root;
        this.address = address;
        this.pump = pump;
        this.atExit = atExit;
        this.lines = lines;
    }

    /**
     * Starts the node and waits until it listens.
     *
     * @throws IllegalStateException with the node's own output if it exits or does not listen within {@code timeout}.
     */
    static ExampleNode start(final Path secret, final String listen, final Duration timeout) throws IOException
    {
        final Path shm = Paths.get("/dev/shm");
        final Path root = Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, "tandem-example-node-") : Files.createTempDirectory("tandem-example-node-");
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-agentlib:") && !arg.startsWith("-javaagent:") && !arg.startsWith("-Xrunjdwp"))
            {
                command.add(arg); // this JVM's flags (Chronicle's among them); not a debugger's or an agent's port
            }
        }
        command.add("-Dtandem.root=" + root); // after this JVM's own: the last one wins
        command.add("-cp");
        command.add(classPath());
        command.add("io.tandem.remote.NodeMain");
        command.addAll(List.of("--listen", listen, "--secret", secret.toString()));
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            deleteTree(root);
            throw ex;
        }
        final Thread atExit = new Thread(() ->
        {
            stop(process);
            deleteTree(root);
        }, "tandem-example-node-stop");
        Runtime.getRuntime().addShutdownHook(atExit);
        final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
        final Thread pump = new Thread(() -> readLines(process, lines), "tandem-example-node-output");
        pump.setDaemon(true);
        pump.start();
        final List<String> before = new ArrayList<>();
        final long deadline = System.nanoTime() + timeout.toNanos();
        String address = null;
        try
        {
            while (address == null)
            {
                final Object line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line == EOF)
                {
                    break;
                }
                final String text = (String)line;
                if (text.startsWith(LISTENING))
                {
                    address = text.substring(LISTENING.length()).trim();
                }
                else
                {
                    before.add(text);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final ExampleNode node = new ExampleNode(process, root, address, pump, atExit, lines);
        if (address == null)
        {
            node.close();
            throw new IllegalStateException("the tandem node did not start (" + (process.isAlive() ? "no answer within " +
                timeout.toSeconds() + " s" : "exit code " + process.exitValue()) + "): " +
                (before.isEmpty() ? "it printed nothing" : String.join(" | ", before)));
        }
        final Thread echo = new Thread(node::echo, "tandem-example-node-echo");
        echo.setDaemon(true);
        echo.start();
        return node;
    }

    /** @return where the node listens, {@code host:port}. */
    String address()
    {
        return address;
    }

    /** @return the node JVM's pid. */
    long pid()
    {
        return process.pid();
    }

    /**
     * Copies the backends' lines to standard output; the node's own log lines (its loggers' names start with
     * {@link #NODE_LOGGERS}: processes started and stopped, ring senders come and gone) are left out, so the example
     * prints what the local examples print. A node that fails to start has all its lines in the error.
     */
    private void echo()
    {
        try
        {
            Object line;
            while ((line = lines.take()) != EOF)
            {
                if (!((String)line).startsWith(NODE_LOGGERS))
                {
                    System.out.println(line);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void readLines(final Process process, final LinkedBlockingQueue<Object> lines)
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final IOException ex)
        {
            // the node is gone: its output ends here
        }
        lines.add(EOF);
    }

    /** SIGTERM (the node closes cleanly, its backends with it), then SIGKILL if it has not exited in time. */
    private static void stop(final Process process)
    {
        process.destroy();
        try
        {
            if (!process.waitFor(15, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        stop(process);
        try
        {
            pump.join(2_000); // its last lines printed
            Thread.sleep(50);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(atExit);
        }
        catch (final IllegalStateException ex)
        {
            // this JVM is exiting: the hook runs anyway
        }
        deleteTree(root);
    }

    private static String classPath()
    {
        final StringJoiner absolute = new StringJoiner(File.pathSeparator);
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1))
        {
            if (!entry.isEmpty())
            {
                absolute.add(Paths.get(entry).toAbsolutePath().toString());
            }
        }
        return absolute.toString();
    }

    static void deleteTree(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(root))
        {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
