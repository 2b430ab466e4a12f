package io.tandem.flow;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BacklogFullException;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.test.Await;
import io.tandem.test.SmallTmpfs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;

/**
 * A frontend JVM for {@link FlowControlTest}: runs one scenario against a child backend and prints what
 * happened as {@code KEY value} lines, then {@code DONE}. A JVM that dies (a SIGBUS from a full tmpfs, say)
 * prints no {@code DONE}. Where the test must look at the machine mid-scenario, it prints a line and waits for
 * {@code GO} on its standard input.
 */
public final class FlowFrontendMain
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private FlowFrontendMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "commands":
                floodCommands(Integer.parseInt(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
                break;
            case "replies":
                floodReplies(Paths.get(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
                break;
            case "rolling":
                rollThroughCycles(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                break;
            case "tmpfs-full":
                fillTmpfsMidRun(Paths.get(args[1]), Paths.get(args[2]));
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    /** A busy backend; the frontend sends numbered commands of {@code padding} characters until the backlog is full. */
    private static void floodCommands(final int padding, final long backlog, final long sendTimeoutMillis) throws Exception
    {
        final ProcessOptions options = ProcessOptions.builder().commandBacklog(backlog)
            .sendTimeout(Duration.ofMillis(sendTimeoutMillis)).build();
        try (FlowProcess p = new FlowProcess("flooded", options))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FlowCommands commands = p.backend(FlowCommands.class);
            commands.busy(600_000); // until the test says GO (then it is stopped by close)
            final String pad = "c".repeat(padding);
            long accepted = 0;
            long sendStart = 0;
            try
            {
                while (true)
                {
                    sendStart = System.nanoTime();
                    commands.record(accepted, pad);
                    accepted++;
                }
            }
            catch (final BacklogFullException full)
            {
                System.out.println("FULL " + full.getMessage());
                // how long the refused send waited for room before it gave up: the send timeout
                System.out.println("FULL_AFTER_MS " + (System.nanoTime() - sendStart) / 1_000_000);
                System.out.println("BACKLOG " + full.backlogBytes() + " " + full.limitBytes());
            }
            System.out.println("ACCEPTED " + accepted);
            awaitGo("FLOODED");
            System.out.println("ALIVE " + p.isAlive());
        }
    }

    /**
     * Commands of {@code padding} characters at {@code perSecond} for {@code seconds}, on one-second cycle files, to a
     * backend that keeps up: each passed file is deleted by its reader, and must leave tmpfs (nothing may keep it
     * mapped). Prints {@code SENT n} and, from the backend, {@code RECORDED n}.
     */
    private static void rollThroughCycles(final int padding, final int perSecond, final int seconds)
    {
        final ProcessOptions options = ProcessOptions.builder().rollCycle("ONE_SECONDLY").commandBacklog(8L << 20).build();
        try (FlowProcess p = new FlowProcess("rolling", options))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FlowCommands commands = p.backend(FlowCommands.class);
            final String pad = "r".repeat(padding);
            final long start = System.nanoTime();
            final long total = (long)perSecond * seconds;
            for (long seq = 0; seq < total; seq++)
            {
                final long due = start + seq * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due)
                {
                    Thread.onSpinWait();
                }
                commands.record(seq, pad);
            }
            System.out.println("SENT " + total);
            System.out.println("RECORDED " + commands.recorded().length);
        }
    }

    /**
     * The backend sends numbered replies the frontend does not read until the backend's send gives up; then the
     * frontend reads them all.
     */
    private static void floodReplies(final Path markers, final long backlog, final long sendTimeoutMillis)
    {
        final ProcessOptions options = ProcessOptions.builder().replyBacklog(backlog)
            .sendTimeout(Duration.ofMillis(sendTimeoutMillis)).build();
        try (FlowProcess p = new FlowProcess("flooding", options, markers))
        {
            p.start();
            p.awaitStarted(WAIT);
            p.backend(FlowCommands.class).emit(0, 1_000_000, 4000);
            Await.until(WAIT, () -> Files.exists(markers.resolve("emit-done")), "the backend's emit to give up");
            long expected = 0;
            boolean inOrder = true;
            MessageObject m;
            while ((m = p.tryReceive()) != null)
            {
                inOrder &= ((Number)m.get("seq")).longValue() == expected;
                expected++;
            }
            final long[] emitted = p.backend(FlowCommands.class).emitted();
            System.out.println("EMITTED " + emitted.length);
            System.out.println("RECEIVED " + expected + " " + inOrder);
            System.out.println("FAILURE " + p.backend(FlowCommands.class).lastFailure());
        }
    }

    /**
     * Traffic both ways on a tmpfs that another program fills mid-run: sends fail with an exception naming the
     * file, nothing crashes, and once there is room again every message acknowledged was delivered once.
     */
    private static void fillTmpfsMidRun(final Path mountPoint, final Path markers) throws Exception
    {
        try (FlowProcess p = new FlowProcess("filled", ProcessOptions.defaults(), markers))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FlowCommands commands = p.backend(FlowCommands.class);
            final String pad = "f".repeat(1000);
            long seq = 0;
            final long[] acknowledged = new long[100_000];
            int ackCount = 0;
            for (; seq < 100; seq++)
            {
                commands.record(seq, pad);
                acknowledged[ackCount++] = seq;
            }
            commands.busy(1000);
            commands.emit(1_000_000, 20_000, 1000); // queued: the backend meets the full tmpfs too
            final Path filler = SmallTmpfs.fill(mountPoint);
            System.out.println("FILLED " + Files.size(filler));
            int refused = 0;
            String firstRefusal = null;
            for (int i = 0; i < 20_000; i++, seq++)
            {
                try
                {
                    commands.record(seq, pad);
                    acknowledged[ackCount++] = seq;
                }
                catch (final RuntimeDirectoryException ex)
                {
                    refused++;
                    if (firstRefusal == null)
                    {
                        firstRefusal = ex.getMessage();
                    }
                }
            }
            System.out.println("REFUSED " + refused);
            System.out.println("REFUSAL " + firstRefusal);
            Await.until(WAIT, () -> Files.exists(markers.resolve("emit-done")), "the backend's emit to stop");
            Files.delete(filler);
            final long[] recorded = commands.recorded();
            System.out.println("COMMANDS_DELIVERED " + Arrays.equals(recorded, Arrays.copyOf(acknowledged, ackCount)) + " " +
                recorded.length + " of " + ackCount);
            long received = 0;
            boolean inOrder = true;
            MessageObject m;
            while ((m = p.tryReceive()) != null)
            {
                inOrder &= ((Number)m.get("seq")).longValue() == 1_000_000 + received;
                received++;
            }
            final long[] emitted = commands.emitted();
            System.out.println("REPLIES_DELIVERED " + (inOrder && received == emitted.length) + " " + received + " of " +
                emitted.length);
            System.out.println("REPLY_FAILURE " + commands.lastFailure());
            System.out.println("ROOT " + RuntimeRoot.configured());
        }
    }

    private static void awaitGo(final String what) throws java.io.IOException
    {
        System.out.println(what);
        System.out.flush();
        final String line = IN.readLine();
        if (!"GO".equals(line))
        {
            throw new IllegalStateException("expected GO, got " + line);
        }
    }
}
