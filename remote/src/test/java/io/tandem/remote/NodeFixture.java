package io.tandem.remote;

import io.tandem.internal.runtime.FileTrees;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A cluster secret made for a test (created by {@link ClusterSecret#create} in a temporary directory of its own) and,
 * unless made {@link #secretOnly()}, a node in a child JVM ({@link NodeChild}) that uses it: the set-up the remote
 * tests each repeated. Closing stops the node and removes the directory. Two ways to use it:
 * <ul>
 * <li>for a whole test class: {@code @RegisterExtension static final NodeFixture NODE = NodeFixture.withNode(...)};
 *     made before the class's tests, closed after them, and then {@link NoLeftovers#check} (the media driver's files
 *     too);</li>
 * <li>for one test: {@code try (NodeFixture cluster = NodeFixture.withNode(...).start())}, closed with the try.</li>
 * </ul>
 */
public final class NodeFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable
{
    private final boolean withNode;
    private final List<String> jvmArgs;
    private final String[] nodeArgs;
    private Path dir;
    private Path secret;
    private NodeChild node;

    private NodeFixture(final boolean withNode, final List<String> jvmArgs, final String... nodeArgs)
    {
        this.withNode = withNode;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.nodeArgs = nodeArgs.clone();
    }

    /** @return a fixture of a secret and a node started with {@code nodeArgs} ({@code --listen} and {@code --secret} given). */
    public static NodeFixture withNode(final String... nodeArgs)
    {
        return new NodeFixture(true, List.of(), nodeArgs);
    }

    /** As {@link #withNode(String...)}, with {@code jvmArgs} for the node's JVM. */
    public static NodeFixture withNode(final List<String> jvmArgs, final String... nodeArgs)
    {
        return new NodeFixture(true, jvmArgs, nodeArgs);
    }

    /** @return a fixture of a secret only: the test starts its nodes itself (with {@link #secret()}). */
    public static NodeFixture secretOnly()
    {
        return new NodeFixture(false, List.of());
    }

    /**
     * Creates the secret, then starts the node (waiting, bounded, until it listens); on failure removes what it made.
     *
     * @return this.
     */
    public NodeFixture start() throws IOException
    {
        dir = Files.createTempDirectory("tandem-secret-");
        try
        {
            secret = dir.resolve("secret");
            ClusterSecret.create(secret);
            if (withNode)
            {
                node = NodeChild.start(secret, jvmArgs, nodeArgs);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            FileTrees.deleteRecursively(dir);
            throw ex;
        }
        return this;
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException
    {
        start();
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        close();
        NoLeftovers.check(context.getRequiredTestClass().getSimpleName());
    }

    /** @return the cluster secret's file. */
    public Path secret()
    {
        return secret;
    }

    /** @return the temporary directory that holds the secret, removed on close: room for a test's other files. */
    public Path dir()
    {
        return dir;
    }

    /** @return the node. */
    public NodeChild node()
    {
        return node;
    }

    /** @return where the node listens, {@code 127.0.0.1:port}. */
    public String address()
    {
        return node.address;
    }

    /** Stops the node (if one was started) and removes the secret's directory. */
    @Override
    public void close()
    {
        try
        {
            if (node != null)
            {
                node.close();
            }
        }
        finally
        {
            if (dir != null)
            {
                FileTrees.deleteRecursively(dir);
            }
        }
    }
}
