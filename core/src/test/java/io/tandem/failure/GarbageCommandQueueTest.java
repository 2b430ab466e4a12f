package io.tandem.failure;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.internal.channel.Queues;
import io.tandem.test.NoLeftovers;
import io.tandem.test.Output;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.tandem.failure.CorruptedFilesTest.garbage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage written into a live backend's command queue by a second appender (well-formed Chronicle documents
 * whose content is not a command Tandem wrote): the backend logs an error naming the process, answers with an
 * error reply, and keeps serving; the commands around the garbage are delivered once, in order.
 */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class GarbageCommandQueueTest
{
    /** A reply on a loaded 2-core machine takes milliseconds; the bound is for a JVM still warming up. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void garbageDocumentsInTheCommandQueueAreLoggedAnsweredAsErrorsAndTheBackendKeepsServing()
    {
        final ProcessOptions options = ProcessOptions.builder().output(ProcessOptions.Output.PIPE).build();
        try (Output output = Output.capture();
             FaultyProcess p = new FaultyProcess("garbled", options))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class);
            commands.record(0);
            assertEquals(0L, p.receive(WAIT).get("seq", Long.class));

            final List<Consumer<DocumentContext>> garbage = List.of(
                dc -> dc.wire().writeEventName("noSuchCommand").bytes(garbage(300)),      // an event nobody has
                dc -> dc.wire().writeEventName("record").text("not a number"),          // a command, a wrong value
                dc -> dc.wire().writeEventName("tandemMessage").text("not a message"),   // Tandem's own event, garbled
                dc -> dc.wire().bytes().write(garbage(1000)));                           // raw bytes, no event at all
            try (SingleChronicleQueue queue = Queues.open(NoLeftovers.sessionDir().resolve("garbled").resolve("cmd"),
                options.rollCycle(), options.queueBlockSize(), null, false);
                 ExcerptAppender intruder = queue.createAppender())
            {
                for (final Consumer<DocumentContext> g : garbage)
                {
                    try (DocumentContext dc = intruder.writingDocument())
                    {
                        g.accept(dc);
                    }
                }
            }
            commands.record(1); // rings the backend's doorbell: it reads the garbage, then this

            final List<CommandFailedException> errors = new ArrayList<>();
            while (true)
            {
                try
                {
                    final MessageObject m = p.receive(WAIT);
                    assertEquals(1L, m.get("seq", Long.class), "the next reply is the command after the garbage: " + m);
                    break;
                }
                catch (final CommandFailedException e)
                {
                    assertEquals("garbled", e.processName());
                    errors.add(e);
                }
            }
            assertTrue(errors.size() >= 1 && errors.size() <= garbage.size(), "errors: " + errors);
            assertTrue(p.isAlive(), "the backend keeps serving");
            assertEquals(7L, commands.next(7), "a call after the garbage gets its own answer");
            commands.record(2);
            assertEquals(2L, p.receive(WAIT).get("seq", Long.class));
            assertArrayEquals(new long[] {0, 1, 2}, commands.recorded(), "nothing lost, nothing run twice");
            assertTrue(output.text().contains("FaultyProcess.garbled - ERROR - command '"), "logged naming the process:\n" +
                output.text());
        }
    }
}
