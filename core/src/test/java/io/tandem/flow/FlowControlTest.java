package io.tandem.flow;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.BacklogFullException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.Direction;
import io.tandem.failure.MessageTooLargeException;
import io.tandem.test.Await;
import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.SmallTmpfs;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.tandem.test.FailureBounds.DEATH_NOTICE_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded by design: each queue's backlog has a limit a sender waits at, a full tmpfs is an exception and
 * never a SIGBUS, a message too large fails in its sender, a send to a dead backend fails at once. The
 * scenarios that could crash a JVM run their frontend in a JVM of its own ({@link FlowFrontendMain}), on a
 * real small tmpfs, and the test reads what it printed.
 */
@Timeout(180)
@ExtendWith(NoLeftovers.class)
class FlowControlTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * What a queue's writer may hold on tmpfs beyond the unread messages: its reservation ahead of the writer
     * (up to 1 MiB), pre-created cycle files and the queue's metadata and index (a few hundred KiB).
     */
    private static final long QUEUE_OVERHEAD = 2L << 20;

    @TempDir
    Path temp;

    @Test
    void aFrontendFloodingABusyBackendIsHeldAtTheCommandBacklogOnASmallTmpfs()
    {
        final long backlog = 16L << 20;
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(64);
             ChildProgram frontend = frontend(tmpfs, "commands", "4000", Long.toString(backlog), "1000"))
        {
            final String full = frontend.awaitLine("FULL ", WAIT);
            assertTrue(full.contains("process 'flooded': command backlog full") && full.contains("(limit " + backlog +
                " bytes)") && full.contains("ProcessOptions.commandBacklog"), full);
            final long fullAfterMs = Long.parseLong(frontend.awaitLine("FULL_AFTER_MS", WAIT));
            assertTrue(fullAfterMs >= 1000 && fullAfterMs <= 1000 + LOADED_MARGIN_MS, "waited the send timeout (1000 ms), " +
                "then failed: " + fullAfterMs + " ms");
            final String[] used = frontend.awaitLine("BACKLOG", WAIT).split(" ");
            assertTrue(Long.parseLong(used[0]) <= backlog && Long.parseLong(used[1]) == backlog, String.join(" ", used));
            final long accepted = Long.parseLong(frontend.awaitLine("ACCEPTED", WAIT));
            assertTrue(accepted > backlog / 4200 && accepted <= backlog / 4000, accepted + " commands of ~4 KB fit");
            frontend.awaitLine("FLOODED", WAIT);
            final long onTmpfs = tmpfs.usedBytes();
            assertTrue(onTmpfs <= backlog + 2 * QUEUE_OVERHEAD + sessionFiles(), "tmpfs holds " + onTmpfs + " bytes");
            frontend.send("GO");
            assertEquals("true", frontend.awaitLine("ALIVE", WAIT));
            frontend.awaitLine("DONE", WAIT);
            assertEquals(0, frontend.awaitExit(WAIT), frontend.output());
        }
    }

    @Test
    void aBackendFloodingAFrontendThatDoesNotReadIsHeldAtTheReplyBacklogAndNothingIsLost() throws Exception
    {
        final Path markers = Files.createDirectory(temp.resolve("markers"));
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(64);
             ChildProgram frontend = frontend(tmpfs, "replies", markers.toString(), Long.toString(8L << 20), "500"))
        {
            final long emitted = Long.parseLong(frontend.awaitLine("EMITTED", WAIT));
            assertTrue(emitted > (8L << 20) / 4200 && emitted <= (8L << 20) / 4000, emitted + " replies of ~4 KB fit");
            assertEquals(emitted + " true", frontend.awaitLine("RECEIVED", WAIT), "every reply sent arrived once, in order");
            final String failure = frontend.awaitLine("FAILURE", WAIT);
            assertTrue(failure.contains("BacklogFullException: process 'flooding': reply backlog full") &&
                failure.contains("receive or tryReceive the replies"), failure);
            frontend.awaitLine("DONE", WAIT);
            assertEquals(0, frontend.awaitExit(WAIT), frontend.output());
        }
    }

    @Test
    void aTmpfsFilledMidRunGivesErrorsNamingTheFileAndLosesNothing() throws Exception
    {
        final Path markers = Files.createDirectory(temp.resolve("markers"));
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(64);
             ChildProgram frontend = frontend(tmpfs, "tmpfs-full", tmpfs.path().toString(), markers.toString()))
        {
            assertTrue(Long.parseLong(frontend.awaitLine("REFUSED", WAIT)) > 0, "the full tmpfs refused commands");
            final String refusal = frontend.awaitLine("REFUSAL", WAIT);
            assertTrue(refusal.startsWith(tmpfs.path().resolve("root").toString()) && refusal.contains("cannot be given") &&
                refusal.contains("file system is full"), refusal);
            assertTrue(frontend.awaitLine("COMMANDS_DELIVERED", WAIT).startsWith("true"), "every command acknowledged ran once");
            assertTrue(frontend.awaitLine("REPLIES_DELIVERED", WAIT).startsWith("true"), "every reply sent arrived once");
            final String replyFailure = frontend.awaitLine("REPLY_FAILURE", WAIT);
            assertTrue(replyFailure.contains("RuntimeDirectoryException") && replyFailure.contains("file system is full"),
                replyFailure);
            frontend.awaitLine("DONE", WAIT);
            assertEquals(0, frontend.awaitExit(WAIT), frontend.output());
        }
    }

    @Test
    void aMessageLargerThanTheQueueTakesFailsInTheSenderNamingItsSizeAndTheLimit()
    {
        try (FlowProcess p = new FlowProcess("large", ProcessOptions.defaults()))
        {
            p.start();
            final FlowCommands commands = p.backend(FlowCommands.class);
            final long limit = p.options().maxMessageBytes();
            final String huge = "x".repeat(64 << 20);

            final MessageTooLargeException call = assertThrows(MessageTooLargeException.class, () -> commands.lengthOf(huge));
            assertTrue(call.getMessage().contains("process 'large': a command of ") && call.messageBytes() > (64 << 20) &&
                call.getMessage().contains("largest message its queue takes, " + limit + " bytes") &&
                call.getMessage().contains("SharedArray") && call.getMessage().contains("queueBlockSize"), call.getMessage());
            assertEquals(Direction.COMMANDS, call.direction());
            assertThrows(MessageTooLargeException.class, () -> commands.record(1, huge));
            assertThrows(MessageTooLargeException.class,
                () -> p.sendMessageToBack(new MessageObject("record", "seq", 2L, "padding", huge)));
            assertThrows(MessageTooLargeException.class, () -> commands.lengthOf("y".repeat((int)limit)));

            final String justUnder = "z".repeat((int)limit - 1024);
            assertEquals(justUnder.length(), commands.lengthOf(justUnder), "a message just under the limit goes through");
            assertEquals(3, commands.lengthOf("abc"), "the backend keeps serving");

            commands.replyOf((int)limit);
            final CommandFailedException reply = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertTrue(reply.getMessage().contains("MessageTooLargeException: process 'large': a reply of"), reply.getMessage());
            final CommandFailedException result = assertThrows(CommandFailedException.class,
                () -> commands.resultOf((int)limit));
            assertTrue(result.getMessage().contains("cannot be sent") && result.getMessage().contains("a reply of"),
                result.getMessage());
            assertEquals(justUnder.length(), commands.resultOf(justUnder.length()).length(), "results just under it work");
        }
    }

    @Test
    void aSendToABackendKnownDeadFailsAtOnceNamingTheProcessAndExitCode()
    {
        try (FlowProcess p = new FlowProcess("doomed", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
            Await.until(WAIT, () -> !p.isAlive(), "the frontend to learn its backend died");
            final long start = System.nanoTime();
            final BackendDiedException byName = assertThrows(BackendDiedException.class,
                () -> p.sendMessageToBack(new MessageObject("record", "seq", 1L, "padding", "")));
            final BackendDiedException typed = assertThrows(BackendDiedException.class,
                () -> p.backend(FlowCommands.class).record(2, ""));
            final BackendDiedException call = assertThrows(BackendDiedException.class,
                () -> p.backend(FlowCommands.class).lengthOf("x"));
            final long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms <= DEATH_NOTICE_MS + LOADED_MARGIN_MS, "all three failed at once: " + ms + " ms, the bound " +
                DEATH_NOTICE_MS + " ms (+ " + LOADED_MARGIN_MS + " ms for a loaded machine)");
            for (final BackendDiedException e : List.of(byName, typed, call))
            {
                assertEquals(137, e.exitCode());
                assertTrue(e.getMessage().contains("process 'doomed' exited with code 137 (killed by SIGKILL)"), e.getMessage());
            }
        }
    }

    @Test
    void inJvmModeHoldsASenderAtTheBacklogTooAndFailsFastWhenAskedTo()
    {
        final ProcessOptions options = ProcessOptions.builder().inJvm().commandBacklog(8L << 20)
            .sendTimeout(Duration.ZERO).build();
        try (FlowProcess p = new FlowProcess("in-jvm-flood", options))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FlowCommands commands = p.backend(FlowCommands.class);
            commands.busy(5_000);
            final String pad = "i".repeat(4000);
            long accepted = 0;
            final long start = System.nanoTime();
            final BacklogFullException full;
            while (true)
            {
                try
                {
                    commands.record(accepted, pad);
                    accepted++;
                }
                catch (final BacklogFullException e)
                {
                    full = e;
                    break;
                }
            }
            assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000, "fail-fast: no wait at the limit");
            assertEquals(Direction.COMMANDS, full.direction());
            assertTrue(full.backlogBytes() <= 8L << 20 && accepted > (8L << 20) / 4200, full.getMessage());
            assertTrue(!full.getMessage().contains("after waiting"), full.getMessage());
            assertEquals(0, full.getSuppressed().length, "thrown once, not again by the writer's cleanup");
        }
    }

    /**
     * A writer that rolls into a new cycle file every second, with a reader that keeps up: tmpfs never holds more
     * than the backlog limit and one cycle's traffic (the stated bound), however many files pass. A mapping kept of
     * a passed file would keep its pages after its reader deletes it: about a cycle more each second.
     */
    @Test
    void passedCycleFilesLeaveTmpfsAsTheWriterRollsOn() throws Exception
    {
        final long backlog = 8L << 20; // FlowFrontendMain's "rolling" limit
        final long perCycle = 1000L * 4000; // 1000 commands of 4000 characters a second
        final int seconds = 10;
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(64);
             ChildProgram frontend = frontend(tmpfs, "rolling", "4000", "1000", Integer.toString(seconds)))
        {
            long peak = 0;
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!frontend.output().contains("RECORDED") && System.nanoTime() < deadline)
            {
                peak = Math.max(peak, tmpfs.usedBytes());
                Thread.sleep(20);
            }
            assertEquals(Long.toString(1000L * seconds), frontend.awaitLine("RECORDED", WAIT), "every command ran");
            final long bound = backlog + perCycle + 2 * QUEUE_OVERHEAD + sessionFiles();
            assertTrue(peak <= bound, "tmpfs peaked at " + peak + " bytes, over the bound " + bound + " (" +
                seconds + " cycles of " + perCycle + " bytes passed)");
            frontend.awaitLine("DONE", WAIT);
            assertEquals(0, frontend.awaitExit(WAIT), frontend.output());
        }
    }

    private ChildProgram frontend(final SmallTmpfs tmpfs, final String... args)
    {
        return ChildProgram.start(TestJvm.command(List.of("-Dtandem.root=" + tmpfs.path().resolve("root"),
            "-Dtandem.minFreeBytes=" + (8 << 20)), FlowFrontendMain.class, args));
    }

    /** The session's own files: the process table (4 KiB + 1 MiB of slots) and the registry. */
    private static long sessionFiles()
    {
        return 4L << 20;
    }
}
