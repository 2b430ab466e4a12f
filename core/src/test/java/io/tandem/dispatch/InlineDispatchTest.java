package io.tandem.dispatch;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.CommandFailedException;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once a backend's command reader is generated, a plain command runs inline: the generated reader calls the
 * handler itself, with no reflection between them. Calls, and commands of an async process, still go the
 * intercepted way. Both ways report a failing handler the same, and the next command runs.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class InlineDispatchTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Backends that generate their readers at once (the default waits for 1000 commands). */
    private static ProcessOptions eager()
    {
        return ProcessOptions.builder().jvmArgs("-Dtandem.codegen=eager").build();
    }

    /** @return true for a reader class Chronicle generated for the process (not one of Chronicle's own). */
    private static boolean isGeneratedReader(final String className)
    {
        return className.startsWith(InlineProcess.class.getPackageName() + ".") && className.endsWith("MethodReader");
    }

    @Test
    void aGeneratedReaderCallsThePlainCommandDirectly()
    {
        try (InlineProcess p = new InlineProcess("inline", eager()))
        {
            p.start();
            final InlineCommands commands = p.backend(InlineCommands.class);
            commands.whoCalls();
            final String caller = (String)p.receive(WAIT).get("frame");
            assertTrue(isGeneratedReader(caller), "the generated reader calls the handler, not " + caller);

            commands.sum(1L << 40, 7, 0.5);
            assertEquals((1L << 40) + 7.5, (double)p.receive(WAIT).get("value"));
        }
    }

    @Test
    void aFailingInlineCommandIsReportedAndTheNextOneRuns()
    {
        try (InlineProcess p = new InlineProcess("inline-fail", eager()))
        {
            p.start();
            final InlineCommands commands = p.backend(InlineCommands.class);
            commands.fail("on purpose");
            commands.whoCalls();
            final CommandFailedException failure = assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertTrue(failure.getMessage().contains("fail") && failure.getMessage().contains("on purpose"),
                "names the command and the cause: " + failure.getMessage());
            final MessageObject next = p.receive(WAIT);
            assertEquals("caller", next.name());
            assertTrue(isGeneratedReader((String)next.get("frame")), "still inline after a failure: " + next);
            assertEquals(2 * 21L, commands.twice(21), "a call on the generated reader is answered");
            assertTrue(isGeneratedReader(commands.callerOfCall()), "a call runs inline too");
            final CommandFailedException callFailure = assertThrows(CommandFailedException.class,
                () -> commands.failingCall("call on purpose"));
            assertTrue(callFailure.getMessage().contains("call on purpose"), callFailure.getMessage());
            assertEquals(8L, commands.twice(4), "and the next call is answered");
        }
    }

    @Test
    void commandsOfAnAsyncProcessRunOnItsExecutor()
    {
        try (InlineProcess.Async p = new InlineProcess.Async("inline-async", eager()))
        {
            p.start();
            final InlineCommands commands = p.backend(InlineCommands.class);
            commands.whoCalls();
            final String caller = (String)p.receive(WAIT).get("frame");
            assertFalse(isGeneratedReader(caller), "run by the executor, not inline: " + caller);
            commands.fail("async");
            assertThrows(CommandFailedException.class, () -> p.receive(WAIT));
            assertEquals(10L, commands.twice(5));
            assertFalse(isGeneratedReader(commands.callerOfCall()), "a call of an async process runs on its executor");
            assertThrows(CommandFailedException.class, () -> commands.failingCall("async call"));
        }
    }

    /** The control: a reflective reader (no code generation) calls through reflection. */
    @Test
    void aReflectiveReaderCallsThroughTheInterceptor()
    {
        try (MessageProcess p = new InlineProcess("inline-off",
            ProcessOptions.builder().jvmArgs("-Dtandem.codegen=off").build()))
        {
            p.start();
            p.backend(InlineCommands.class).whoCalls();
            final String caller = (String)p.receive(WAIT).get("frame");
            assertFalse(isGeneratedReader(caller), "reflective: " + caller);
        }
    }
}
