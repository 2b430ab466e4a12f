package io.tandem.examples.remote;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.examples.frames.FramePattern;
import io.tandem.examples.frames.ReportLines;
import io.tandem.examples.tutorial.PingPongExample;
import io.tandem.memory.SharedRing;
import io.tandem.remote.ClusterSecret;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;

/**
 * Beyond one machine, on one: starts a tandem node on 127.0.0.1 in a child JVM (a cluster secret made for the run in a
 * 0600 file, removed at the end), runs the tutorial's ping-pong through it ({@link PingPongExample.MyProcess} with
 * {@code ProcessOptions.remote}: the same lines as {@code ./tandem example ping-pong}; the backend's come from the node),
 * then streams frames from a producer in this JVM to a consumer process on the node, through a ring the node mirrors
 * (BLOCK: nothing lost), printing the consumer's reports as {@code ./tandem example streaming} does, then a summary.
 * Run it with {@code ./tandem example remote [seconds] [--listen HOST:PORT] [--node-secret FILE]}; the last two are for
 * trying what goes wrong (a node that cannot bind, a node with another secret, which refuses the process).
 *
 * <pre>
 * remote: node listening on 127.0.0.1:40123
 * MyProcess.my-process - INFO - ping: sending ping to backend
 * main: waiting reply from multiprocessing backend
 * MyProcess.my-process - INFO - c__ping: got parameter gotcha! - will do some
 * MyProcess.my-process - INFO - c__ping: ..did that!
 * main: got pong with some pudding
 * BLOCK      t=1s  producer  30 frames/s  waited 0 ms for a free slot
 * BLOCK      t=1s  consumer  30 frames/s  dropped 0    corrupt 0  age p50 1.9 ms  max 4.1 ms
 * remote: done: 90 frames through node 127.0.0.1:40123, lost 0, corrupt 0
 * </pre>
 */
public final class RemoteExample
{
    static final int FRAMES_PER_SECOND = 30;
    /** 640 x 360 x 3 bytes: a smaller picture than the local streaming example's, since each frame crosses the network. */
    static final FramePattern FRAMES = new FramePattern(640 * 360 * 3);
    private static final Duration NODE_START = Duration.ofSeconds(60);

    private RemoteExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        int seconds = 3;
        String listen = "127.0.0.1:0";
        Path nodeSecret = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--listen":
                    listen = args[++i];
                    break;
                case "--node-secret":
                    nodeSecret = Path.of(args[++i]);
                    break;
                default:
                    seconds = Integer.parseInt(args[i]);
            }
        }
        final Path secretDir = Files.createTempDirectory("tandem-remote-example-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Thread atExit = new Thread(() -> ExampleNode.deleteTree(secretDir), "tandem-example-secret-removal");
        Runtime.getRuntime().addShutdownHook(atExit); // Ctrl-C: the secret goes too
        int exitCode = 0;
        try
        {
            final Path secret = secretDir.resolve("secret");
            ClusterSecret.create(secret); // 0600: the node and this frontend sign with it
            exitCode = run(secret, nodeSecret != null ? nodeSecret : secret, listen, seconds);
        }
        finally
        {
            ExampleNode.deleteTree(secretDir);
            try
            {
                Runtime.getRuntime().removeShutdownHook(atExit);
            }
            catch (final IllegalStateException ex)
            {
                // this JVM is exiting (Ctrl-C): the hook runs anyway
            }
        }
        if (exitCode != 0)
        {
            System.exit(exitCode);
        }
    }

    private static int run(final Path secret, final Path nodeSecret, final String listen, final int seconds) throws Exception
    {
        final ExampleNode node;
        try
        {
            node = ExampleNode.start(nodeSecret, listen, NODE_START);
        }
        catch (final IllegalStateException ex)
        {
            System.out.println("remote: failed: " + ex.getMessage());
            return 1;
        }
        try
        {
            System.out.println("remote: node listening on " + node.address());
            final ProcessOptions remote = ProcessOptions.builder().remote(node.address()).remoteSecret(secret).build();
            try (PingPongExample.MyProcess p = new PingPongExample.MyProcess("my-process", remote))
            {
                PingPongExample.run(p);
            }
            final long[] result = stream(remote, seconds);
            System.out.printf(Locale.ROOT, "remote: done: %d frames through node %s, lost %d, corrupt %d%n", result[0],
                node.address(), result[0] - result[1], result[2]);
            return result[0] == result[1] && result[2] == 0 ? 0 : 1;
        }
        catch (final RuntimeException ex)
        {
            System.out.println("remote: failed: " + ex.getMessage());
            return 1;
        }
        finally
        {
            node.close();
            System.out.println("remote: node " + node.address() + " (pid " + node.pid() + ") stopped");
        }
    }

    /** @return {frames produced, frames the consumer read intact, frames it found corrupt}. */
    private static long[] stream(final ProcessOptions remote, final int seconds) throws InterruptedException
    {
        try (SharedRing frames = SharedRing.builder("remote-frames").slotCount(8).slotSize(FRAMES.bytes())
                 .policy(RingPolicy.BLOCK).create();
             RemoteFrameConsumer consumer = new RemoteFrameConsumer("consumer", frames, remote))
        {
            consumer.start();
            consumer.awaitStarted(Duration.ofSeconds(60)); // its consumer is on the node's mirror: it sees every frame
            final long start = System.nanoTime();
            final long end = start + Duration.ofSeconds(seconds).toNanos();
            long produced = 0;
            try (RingProducer producer = frames.producer())
            {
                long nextFrameAt = start;
                long reportAt = start + 1_000_000_000L;
                long inWindow = 0;
                long waitedNanos = 0;
                while (System.nanoTime() - end < 0)
                {
                    final long now = System.nanoTime();
                    if (now - reportAt >= 0)
                    {
                        System.out.println(ReportLines.producer(RingPolicy.BLOCK, (now - start) / 1_000_000_000L, "producer",
                            inWindow, waitedNanos / 1_000_000));
                        inWindow = 0;
                        waitedNanos = 0;
                        reportAt += 1_000_000_000L;
                    }
                    printReports(consumer, start);
                    if (now - nextFrameAt < 0)
                    {
                        Thread.sleep(Math.max(0, Math.min(nextFrameAt - now, 5_000_000L) / 1_000_000));
                        continue;
                    }
                    final long before = System.nanoTime();
                    final FrameClaim claim = producer.claim(Duration.ofSeconds(30)); // BLOCK: the consumer sets the pace
                    waitedNanos += System.nanoTime() - before;
                    FRAMES.draw(claim, produced);
                    claim.publish(FRAMES.bytes(), 0, System.nanoTime());
                    produced++;
                    inWindow++;
                    nextFrameAt += 1_000_000_000L / FRAMES_PER_SECOND;
                }
            }
            final ConsumerCommands backend = consumer.backend(ConsumerCommands.class);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long[] totals = backend.totals();
            while (totals[0] + totals[1] < produced && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(20); // the last frames are on their way
                totals = backend.totals();
            }
            printReports(consumer, start);
            return new long[] {produced, totals[0], totals[2]};
        }
    }

    private static void printReports(final RemoteFrameConsumer consumer, final long start)
    {
        MessageObject m;
        while ((m = consumer.tryReceive()) != null)
        {
            System.out.println(ReportLines.consumer(RingPolicy.BLOCK, (System.nanoTime() - start) / 1_000_000_000L,
                "consumer", m));
        }
    }
}
