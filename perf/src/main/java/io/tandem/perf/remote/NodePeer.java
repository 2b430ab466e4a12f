package io.tandem.perf.remote;

import io.tandem.perf.ChildJvm;
import io.tandem.remote.TandemNode;

import java.io.IOException;
import java.nio.file.Paths;

/**
 * The other host of the remote round trip: a {@link TandemNode} embedded in its own JVM, on 127.0.0.1 and a port the
 * system chooses, with the node's default options (liveness, grace, its embedded media driver as users get it). Its
 * runtime root is the JVM's {@code -Dtandem.root} (the caller's, under /dev/shm). It prints {@code NODE host:port},
 * then {@link ChildJvm#READY}; the end of its stdin closes the node (its backends stopped, its session removed).
 *
 * <p>Arguments: {@code SECRET_FILE}.
 */
public final class NodePeer
{
    private NodePeer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            throw new IllegalArgumentException("usage: NodePeer SECRET_FILE");
        }
        try (TandemNode node = TandemNode.builder().listen("127.0.0.1:0").secretFile(Paths.get(args[0])).build())
        {
            System.out.println("NODE " + node.endpoint());
            System.out.println(ChildJvm.READY);
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // nothing is said to a node peer; its input only ends
            }
        }
    }
}
