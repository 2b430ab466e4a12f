package io.tandem.cli;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.flow.FlowCommands;
import io.tandem.flow.FlowProcess;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.process.EchoCommands;
import io.tandem.process.EchoProcess;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tandem ps, clean and dump. */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class TandemCliTest
{
    @TempDir
    Path tmp;

    @Test
    @Timeout(90) // up to 30 s waiting for a fresh hour, then the test
    void psListsLiveProcessesWithStateAndBacklogAndDumpPrintsTheirCommands() throws InterruptedException
    {
        // A queue file a reader has passed is deleted when the cycle rolls, and with the default ten-second cycle a
        // roll between start and dump took tandemStarted with it (a CI failure). An hourly cycle, entered with
        // half a minute to spare, keeps every document of this test in one file.
        awaitAnHourWithHalfAMinuteToSpare();
        try (EchoProcess p = new EchoProcess("listed", ProcessOptions.builder().rollCycle("FAST_HOURLY").build()))
        {
            p.start();
            p.backend(EchoCommands.class).echo("visible");
            p.sendMessageToBack(new MessageObject("echo", "text", "by name"));
            p.receive(Duration.ofSeconds(20));
            p.receive(Duration.ofSeconds(20));
            final String ps = run("ps");
            assertTrue(ps.contains("session " + NoLeftovers.sessionDir().getFileName()), ps);
            assertTrue(ps.matches("(?s).*listed\\s+EchoProcess\\s+" + p.pid() + "\\s+running\\s+2\\s+0/16M\\s+3\\s+0/16M\\s+CHILD_JVM.*"),
                ps);

            p.call(new MessageObject("add", "a", 40, "b", 2L)); // a call (its result: none): its events travel by id
            final String session = NoLeftovers.sessionDir().getFileName().toString();
            final String dump = run("dump", session, "listed");
            assertTrue(dump.contains("tandemStart"), dump);
            assertTrue(dump.contains("echo: visible"), dump);
            assertTrue(dump.contains("tandemMessage"), dump);
            assertTrue(dump.contains("by name"), dump);
            assertTrue(dump.matches("(?s).*tandemCall: \\d+\\s+tandemMessage:.*"), "a call's events by name again: " + dump);
            final String replies = run("dump", session, "listed", "reply");
            assertTrue(replies.contains("tandemStarted"), replies);
            assertTrue(replies.matches("(?s).*tandemResult: \\d+\\s+tandemValue:.*"), replies);
            assertTrue(run("dump", Long.toString(ProcessHandle.current().pid()), "listed").contains("echo: visible"),
                "a session named by its owner's pid");
            assertTrue(run("dump", session, "nobody").contains("no queue"), "a clear message for a wrong name");
        }
    }

    @Test
    void psAndTopShowABacklogAsUsedOverLimitAndTopGivesRates()
    {
        try (FlowProcess p = new FlowProcess("backlogged", ProcessOptions.builder().commandBacklog(8L << 20).build()))
        {
            p.start();
            p.awaitStarted(Duration.ofSeconds(30));
            final FlowCommands commands = p.backend(FlowCommands.class);
            commands.busy(5_000);
            final String pad = "b".repeat(1000);
            for (int i = 0; i < 100; i++)
            {
                commands.record(i, pad);
            }
            final String ps = run("ps");
            assertTrue(ps.matches("(?s).*backlogged\\s+FlowProcess\\s+" + p.pid() + "\\s+running\\s+101\\s+(9[0-9]|10[0-9])K/8\\.0M\\s+" +
                "1\\s+0/16M\\s+CHILD_JVM.*"), ps);

            final String top = run("top", "-n", "2", NoLeftovers.sessionDir().getFileName().toString());
            final String[] frames = top.split("\n\n(?=tandem top)");
            assertEquals(2, frames.length, top);
            assertTrue(frames[0].matches("(?s).*backlogged\\s+running\\s+" + p.pid() + "\\s+-\\s+-\\s+(9[0-9]|10[0-9])K/8\\.0M\\s+0/16M.*"),
                "the first frame has no rates yet:\n" + top);
            assertTrue(frames[1].matches("(?s).*backlogged\\s+running\\s+" + p.pid() + "\\s+0\\s+0\\s+(9[0-9]|10[0-9])K/8\\.0M.*"),
                "the second has rates (none while the backend is busy):\n" + top);
            for (final String line : top.split("\n"))
            {
                assertTrue(line.length() <= 80, "fits 80 columns: " + line);
            }
        }
    }

    @Test
    void psShowsRingsAndTheirConsumers()
    {
        final io.tandem.internal.runtime.Session session = io.tandem.internal.runtime.Session.acquire();
        try (io.tandem.ringbuffer.RingBuffer ring = io.tandem.ringbuffer.RingBuffer.create(
                session.resourceDirectory("rings").resolve("camera")).slotCount(8).slotSize(64).build();
             io.tandem.ringbuffer.RingConsumer consumer = ring.consumer("detector");
             io.tandem.ringbuffer.RingProducer producer = ring.producer())
        {
            producer.publish(new byte[] {1});
            producer.publish(new byte[] {2});
            consumer.poll(frame -> { }, 1);
            final String ps = run("ps");
            assertTrue(ps.matches("(?s).*ring camera\\s+BLOCK\\s+8 x 64 bytes\\s+published 2.*"), ps);
            assertTrue(ps.matches("(?s).*consumer detector\\s+pid " + ProcessHandle.current().pid() +
                "\\s+consumed 1\\s+dropped 0\\s+lag 1.*"), ps);
        }
        finally
        {
            session.release();
        }
    }

    @Test
    void psShowsSparesAsSpareWithTheirPidUntilClaimed()
    {
        final ProcessOptions o = ProcessOptions.builder().lean().spares(1).build();
        try
        {
            io.tandem.MessageProcess.prepareSpares(o);
            assertTrue(io.tandem.MessageProcess.awaitSpares(o, Duration.ofSeconds(50)), "a spare to be warm");
            final long spare = io.tandem.spare.Spares.pids().iterator().next();
            final String ps = run("ps");
            assertTrue(ps.matches("(?s).*spare:\\d+\\s+-\\s+" + spare + "\\s+spare\\s+.*SPARE.*"), ps);
            try (EchoProcess p = new EchoProcess("claims-it", ProcessOptions.builder().lean().build()))
            {
                p.start();
                p.awaitStarted(Duration.ofSeconds(30));
                assertEquals(spare, p.pid(), "the start took the spare");
                final String after = run("ps");
                assertTrue(after.matches("(?s).*claims-it\\s+EchoProcess\\s+" + spare + "\\s+running.*"), after);
            }
        }
        finally
        {
            io.tandem.MessageProcess.closeSpares();
        }
    }

    @Test
    void cleanRemovesDeadSessionsAndSaysWhat() throws Exception
    {
        final Path root = tmp.resolve("root");
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path dead = Files.createDirectory(root.resolve("2147483646-1000"));
        Files.writeString(dead.resolve("session.yaml"), "pid: 2147483646\n");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int code = new TandemCli(new PrintStream(bytes, true, StandardCharsets.UTF_8), root).run(new String[] {"clean"});
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(out.contains("removed " + dead + " (its owner, pid 2147483646, is gone)"), out);
        assertFalse(Files.exists(dead));
        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        new TandemCli(new PrintStream(again, true, StandardCharsets.UTF_8), root).run(new String[] {"clean"});
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("nothing to clean"));
    }

    private static void awaitAnHourWithHalfAMinuteToSpare() throws InterruptedException
    {
        final long hourMillis = 3_600_000L;
        final long untilNextHour = hourMillis - System.currentTimeMillis() % hourMillis;
        if (untilNextHour < 30_000L) // the test takes a few seconds; a roll inside it would remove what it checks
        {
            Thread.sleep(untilNextHour + 100L);
        }
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TandemCli(new PrintStream(bytes, true, StandardCharsets.UTF_8), RuntimeRoot.configured()).run(args);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
