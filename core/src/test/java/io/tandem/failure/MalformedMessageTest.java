package io.tandem.failure;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed {@link MessageObject}s sent to a live backend (null values, values Wire cannot encode, nesting deeper
 * than any encoder can follow, more keys than a message may carry): a clear exception in the sender at send time
 * and nothing written, or, where the message is well-formed but does not fit the method, a clear error reply;
 * either way the process keeps working and nothing else is lost or duplicated.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class MalformedMessageTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void malformedMessagesFailClearlyAndTheProcessKeepsWorking()
    {
        try (FaultyProcess p = new FaultyProcess("malformed", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class);
            long seq = 0;
            commands.record(seq);
            assertEquals(seq++, p.receive(WAIT).get("seq", Long.class));

            // a null for a reference parameter is a value Java passes: delivered as null
            p.sendMessageToBack(new MessageObject("echo", "text", null));
            final MessageObject echoed = p.receive(WAIT);
            assertEquals("echo", echoed.name());
            assertNull(echoed.get("text"));

            // a null for a primitive parameter binds as 0, as a parameter the message lacks does (MessageDispatch's
            // documented rule, the tutorial's); a value of the wrong type is an error reply naming the parameter
            assertEquals(0L, p.call(new MessageObject("next", "seq", null), WAIT));
            final CommandFailedException wrongType = assertThrows(CommandFailedException.class,
                () -> p.call(new MessageObject("next", "seq", List.of("x")), WAIT));
            assertTrue(wrongType.getMessage().contains("parameter 'seq'"), wrongType.getMessage());

            // values Wire cannot encode fail in the sender, naming the message and the parameter; nothing is written
            final RuntimeException plainObject = assertThrows(RuntimeException.class,
                () -> p.sendMessageToBack(new MessageObject("echo", "text", new Object())));
            assertClear(plainObject, "echo");
            assertTrue(plainObject.getMessage().contains("parameter 'text'"), plainObject.getMessage());
            // values Wire would copy field by field but that only make sense in this JVM (a thread arrived as its
            // name): refused in the sender, as start() refuses such fields
            final Object[] localOnly = {Thread.currentThread(), (Runnable)() -> { }, new java.io.ByteArrayInputStream(new byte[1])};
            for (final Object value : localOnly)
            {
                final RuntimeException e = assertThrows(RuntimeException.class,
                    () -> p.sendMessageToBack(new MessageObject("echo", "text", value)), "refused: " + value);
                assertClear(e, "echo");
            }

            // nesting deeper than the encoder can follow: an exception in the sender (not a StackOverflowError
            // escaping with half a message committed), nothing written
            List<Object> deep = new ArrayList<>();
            for (int i = 0; i < 100_000; i++)
            {
                final List<Object> outer = new ArrayList<>();
                outer.add(deep);
                deep = outer;
            }
            final Object tooDeep = deep;
            final RuntimeException deepError = assertThrows(RuntimeException.class,
                () -> p.sendMessageToBack(new MessageObject("echo", "text", tooDeep)));
            assertClear(deepError, "echo");

            // the same through a typed call and a typed command: an exception in the caller, nothing written
            final FaultyCommands typed = p.backend(FaultyCommands.class, WAIT);
            assertEquals(3, typed.depth(List.of(List.of(List.of("x")))));
            final RuntimeException deepCall = assertThrows(RuntimeException.class, () -> typed.depth((List<?>)tooDeep));
            assertTrue(deepCall.getMessage().contains("'malformed'") && deepCall.getMessage().contains("nested too deeply"),
                "a clear message naming the process: " + deepCall);
            assertThrows(Throwable.class, () -> typed.sendDepth((List<?>)tooDeep)); // the stub's own error; nothing written

            // more keys than a message may carry: MessageTooLargeException at send time, nothing written
            final Object[] pairs = new Object[2 * 400_000];
            for (int i = 0; i < 400_000; i++)
            {
                pairs[2 * i] = "key-" + i;
                pairs[2 * i + 1] = i;
            }
            assertThrows(MessageTooLargeException.class, () -> p.sendMessageToBack(new MessageObject("echo", pairs)));

            // many keys that fit, none the method has: a clear error reply (not a reply too large to send)
            final Object[] somePairs = new Object[2 * 20_000];
            for (int i = 0; i < 20_000; i++)
            {
                somePairs[2 * i] = "key-" + i;
                somePairs[2 * i + 1] = i;
            }
            p.sendMessageToBack(new MessageObject("echo", somePairs));
            final CommandFailedException manyKeys = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertEquals("echo", manyKeys.command());

            // the process keeps working, and only the good commands ran
            commands.record(seq);
            assertEquals(seq, p.receive(WAIT).get("seq", Long.class), "the next reply is the next good command's");
            assertEquals(41L, commands.next(41));
            assertArrayEquals(new long[] {0, 1}, commands.recorded());
            assertNull(p.tryReceive(), "no stray replies");
        }
    }

    private static void assertClear(final RuntimeException e, final String command)
    {
        assertTrue(e instanceof TandemException || e instanceof IllegalArgumentException,
            "a Tandem exception or IllegalArgumentException, not " + e);
        assertTrue(String.valueOf(e.getMessage()).contains(command), "names the message: " + e.getMessage());
    }
}
