package io.tandem.process;

import io.tandem.ErrorHandler;
import io.tandem.MessageHandler;
import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.junit.TandemExtension;
import io.tandem.test.Output;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands and replies through one real child JVM, shared by the tests of this class (starting a JVM
 * per test would only slow the suite; each test leaves the backend serving).
 */
@Timeout(60)
class CommandsTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Closes the shared process after the last test; after each test, checks the test added nothing of its own. */
    @RegisterExtension
    static final TandemExtension TANDEM = TandemExtension.childJvm().startTimeout(WAIT);
    private static EchoProcess process;

    @BeforeAll
    static void start()
    {
        // PIPE: the backend's output goes through this JVM's System.out, which a test captures
        process = TANDEM.start(new EchoProcess("commands-test",
            ProcessOptions.builder().output(ProcessOptions.Output.PIPE).build()));
    }

    @Test
    void typedCommandGetsTypedReply()
    {
        process.backend(EchoCommands.class).add(40, 2);
        final long[] sum = {0};
        process.receive((EchoReplies)new EchoReplies()
        {
            @Override
            public void sum(final long value)
            {
                sum[0] = value;
            }

            @Override
            public void note(final String text)
            {
            }
        }, WAIT);
        assertEquals(42, sum[0]);
    }

    @Test
    void theTypedReceiveFormsTakeAReplyInterfaceByItsClassAndAMessageHandlerLambda()
    {
        final EchoCommands commands = process.backend(EchoCommands.class);
        commands.add(40, 2);
        final long[] sum = {0};
        process.receive(EchoReplies.class, new EchoReplies()
        {
            @Override
            public void sum(final long value)
            {
                sum[0] = value;
            }

            @Override
            public void note(final String text)
            {
            }
        }, WAIT);
        assertEquals(42, sum[0]);

        commands.echo("as a message");
        final List<String> texts = new ArrayList<>();
        process.receive(m -> texts.add((String)m.get("text")), WAIT);
        assertEquals(List.of("as a message"), texts);

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> process.tryReceive(String.class, "not a handler"));
        assertTrue(e.getMessage().contains("not an interface"), e.getMessage());
        assertNull(process.tryReceive(), "the refused call took nothing");
    }

    @Test
    void fieldsShipToTheBackendButTransientOnesStayBehind()
    {
        process.backend(EchoCommands.class).echo("hi");
        final MessageObject reply = process.receive(WAIT);
        assertEquals("hi", reply.get("text"));
        assertEquals("hello from commands-test", reply.get("greeting"), "a field set in the constructor reaches the backend");
        assertArrayEquals(new int[] {1, 2, 3}, reply.get("numbers", int[].class));
        assertNull(reply.get("transient"), "a transient field stays behind");
        assertEquals(Boolean.TRUE, reply.get("backend"), "the command ran in the backend");
    }

    @Test
    void messageObjectReachesTheMethodOfThatNameWithParametersByName()
    {
        process.sendMessageToBack(new MessageObject("echo", "text", "by name"));
        assertEquals("by name", process.receive(WAIT).get("text"));

        // parameters given in another order bind by name, and numbers convert to the declared types
        process.sendMessageToBack(new MessageObject("add", "b", 2L, "a", 3));
        final MessageObject sum = process.receive(WAIT);
        assertEquals("sum", sum.name(), "a typed reply read as a message is named after its method");
        assertEquals(5L, sum.get("arg0", Long.class));
    }

    @Test
    void arraysAndCollectionsCross()
    {
        process.backend(EchoCommands.class).sumAll(new double[] {1.5, 2.5}, List.of("a", "b"));
        final MessageObject reply = process.receive(WAIT);
        assertEquals(4.0, reply.get("sum", Double.class));
        assertEquals("a,b", reply.get("labels"));
    }

    @Test
    void commandsRunInOrder()
    {
        final EchoCommands commands = process.backend(EchoCommands.class);
        for (int i = 0; i < 500; i++)
        {
            commands.echo(Integer.toString(i));
        }
        for (int i = 0; i < 500; i++)
        {
            assertEquals(Integer.toString(i), process.receive(WAIT).get("text"));
        }
    }

    @Test
    void commandsFromManyThreadsAllArrive() throws Exception
    {
        final EchoCommands commands = process.backend(EchoCommands.class);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++)
        {
            final int id = t;
            threads.add(new Thread(() ->
            {
                for (int i = 0; i < 200; i++)
                {
                    commands.echo(id + ":" + i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (final Thread t : threads)
        {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive(), "a sending thread did not finish within " + WAIT);
        }
        final int[] next = new int[4];
        for (int i = 0; i < 800; i++)
        {
            final String[] text = ((String)process.receive(WAIT).get("text")).split(":");
            final int thread = Integer.parseInt(text[0]);
            assertEquals(next[thread]++, Integer.parseInt(text[1]), "each thread's commands arrive in its order");
        }
    }

    @Test
    void pollDispatchesMessagesAndErrorsToAHandler()
    {
        final EchoCommands commands = process.backend(EchoCommands.class);
        commands.echo("one");
        commands.fail("boom");
        commands.echo("two");
        final List<String> seen = new ArrayList<>();
        final class Handler implements MessageHandler, ErrorHandler
        {
            @Override
            public void onMessage(final MessageObject message)
            {
                seen.add("message " + message.get("text"));
            }

            @Override
            public void onError(final CommandFailedException error)
            {
                seen.add("error " + error.command() + " " + error.remoteMessage());
            }
        }
        final Handler handler = new Handler();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.size() < 3 && System.nanoTime() < deadline)
        {
            process.tryReceive(handler);
        }
        assertEquals(List.of("message one", "error fail boom", "message two"), seen);
        assertNull(process.tryReceive(), "nothing is left");
    }

    @Test
    void pollWithoutAnErrorHandlerThrowsTheErrorOnceAndGoesOn()
    {
        final EchoCommands commands = process.backend(EchoCommands.class);
        commands.fail("first");
        commands.echo("after");
        final List<String> seen = new ArrayList<>();
        final MessageHandler handler = m -> seen.add((String)m.get("text"));
        final CommandFailedException e = assertThrows(CommandFailedException.class, () ->
        {
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline)
            {
                process.tryReceive(handler);
            }
        });
        assertEquals("first", e.remoteMessage());
        process.receive(handler, WAIT);
        assertEquals(List.of("after"), seen);
    }

    @Test
    void receiveTimesOutWhenNothingComes()
    {
        final long start = System.nanoTime();
        final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class,
            () -> process.receive(Duration.ofMillis(200)));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 200 && ms <= 200 + LOADED_MARGIN_MS, "timed out after " + ms + " ms, its timeout 200 ms");
        assertTrue(e.getMessage().contains("commands-test"), e.getMessage());
    }

    @Test
    void backendOutputReachesTheFrontendConsole() throws Exception
    {
        try (Output output = Output.capture())
        {
            process.backend(EchoCommands.class).print("printed by the backend");
            process.backend(EchoCommands.class).echo("sync");
            process.receive(WAIT);
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!output.text().contains("printed by the backend") && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertTrue(output.text().contains("printed by the backend"), output.text());
        }
    }

    @Test
    void psShowsTheProcessName()
    {
        final String commandLine = ProcessHandle.of(process.pid()).orElseThrow().info().commandLine().orElse("");
        assertTrue(commandLine.contains("-Dtandem.process=commands-test"), commandLine);
    }

    @Test
    void commandInterfaceMustBeImplemented()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> process.backend(Runnable.class));
        assertTrue(e.getMessage().contains("does not implement java.lang.Runnable"), e.getMessage());
        assertFalse(process.exitCode().isPresent());
    }

    @Test
    void optionsCannotChangeAfterStart()
    {
        assertThrows(IllegalStateException.class, () -> process.options(ProcessOptions.defaults()));
        assertThrows(IllegalStateException.class, process::start);
    }
}
