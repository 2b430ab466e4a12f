package io.tandem.remote;

import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tandem node in a child JVM with a runtime root of its own (a temporary directory under /dev/shm, removed on close):
 * another host, as far as the tests can tell.
 */
public final class NodeChild implements AutoCloseable
{
    public final ChildProgram program;
    public final Path root;
    public final String address;

    private NodeChild(final ChildProgram program, final Path root, final String address)
    {
        this.program = program;
        this.root = root;
        this.address = address;
    }

    /** Starts a node on a free loopback port with {@code secret}; {@code extraJvmArgs} go before the main class. */
    public static NodeChild start(final Path secret, final List<String> extraJvmArgs, final String... nodeArgs)
    {
        return start(secret, extraJvmArgs, null, nodeArgs);
    }

    /** As above, with {@code extraClassPathEntry} appended to the node's class path (null: none). */
    public static NodeChild start(final Path secret, final List<String> extraJvmArgs, final Path extraClassPathEntry,
        final String... nodeArgs)
    {
        final Path root;
        try
        {
            root = Files.createTempDirectory(Paths.get("/dev/shm"), "tandem-node-test-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<String> jvmArgs = new ArrayList<>(extraJvmArgs);
        jvmArgs.add("-Dtandem.root=" + root);
        final List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--secret", secret.toString()));
        args.addAll(List.of(nodeArgs));
        final List<String> command = new ArrayList<>(TestJvm.command(jvmArgs, NodeMain.class.getName(),
            args.toArray(new String[0])));
        if (extraClassPathEntry != null)
        {
            final int cp = command.indexOf("-cp") + 1;
            command.set(cp, command.get(cp) + java.io.File.pathSeparator + extraClassPathEntry);
        }
        final ChildProgram program = ChildProgram.start(command);
        try
        {
            return new NodeChild(program, root, program.awaitLine("node listening on", Duration.ofSeconds(30)));
        }
        catch (final RuntimeException | Error ex)
        {
            program.close();
            io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
            throw ex;
        }
    }

    /** @return the node JVM's pid. */
    public long pid()
    {
        return program.process().pid();
    }

    @Override
    public void close()
    {
        program.close();
        io.tandem.internal.runtime.FileTrees.deleteRecursively(root);
    }
}
