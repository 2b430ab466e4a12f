package io.tandem.failure;

import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.tandem.test.FailureBounds.DEATH_NOTICE_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static io.tandem.test.FailureBounds.QUEUE_DAMAGE_NOTICE_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A live process's command queue cycle file (.cq4) damaged by another program while in use, as the chaos run's
 * {@code corrupt-queue-file} does it: random bytes or zeros over its first 4 KiB (its header), or the file cut to
 * 16 bytes. Each send and call after it fails at once with {@link RuntimeDirectoryException} naming the file and
 * saying to restart the process (never an Error, a timeout, or a message lost without a word), every later one
 * too, and {@code restart()} serves again. A backend that reads a damaged file exits with
 * {@link ExitCodes#QUEUE_CORRUPTED} (a child JVM) or ends its thread with that code (in-JVM), which a waiting call
 * reports as {@link BackendDiedException}.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class DamagedLiveQueueTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final int HEADER_BYTES = 4096;

    /** Starts {@code p} and has it answer 20 calls, so its queues hold traffic before a file is damaged. */
    private static FaultyCommands startedAndServing(final FaultyProcess p)
    {
        p.start();
        p.awaitStarted(WAIT);
        final FaultyCommands commands = p.backend(FaultyCommands.class, CALL_TIMEOUT);
        for (long i = 0; i < 20; i++)
        {
            assertEquals(i, commands.next(i));
        }
        return commands;
    }

    @ParameterizedTest(name = "{0}, in-JVM {1}")
    @CsvSource({"garbage, false", "zeros, false", "truncate, false", "garbage, true", "zeros, true", "truncate, true"})
    void sendsAndCallsOnADamagedCommandQueueFailAtOnceNamingTheFileUntilRestart(final String damage, final boolean inJvm)
        throws Exception
    {
        final String name = "damaged-" + damage + (inJvm ? "-thread" : "-jvm");
        try (FaultyProcess p = new FaultyProcess(name, options(inJvm)))
        {
            final FaultyCommands commands = startedAndServing(p);
            final Path file = cycleFile(name);
            damage(file, damage);

            String first = null;
            for (int n = 0; n < 6; n++)
            {
                final int i = n;
                final long start = System.nanoTime();
                final Throwable thrown = attempt(i % 2 == 0 ? () -> commands.echo("after the damage") : () -> commands.next(7));
                final long tookMs = (System.nanoTime() - start) / 1_000_000;
                if (thrown == null)
                {
                    fail("send " + i + " after the damage of " + file + " went through");
                }
                final RuntimeDirectoryException clear = assertInstanceOf(RuntimeDirectoryException.class, thrown,
                    () -> "send " + i + ": " + describe(thrown));
                assertEquals(file, clear.path(), clear.getMessage());
                assertTrue(clear.getMessage().contains("'" + name + "'") && clear.getMessage().contains("restart()"),
                    clear.getMessage());
                assertTrue(tookMs < QUEUE_DAMAGE_NOTICE_MS + LOADED_MARGIN_MS, "send " + i + " failed after " + tookMs +
                    " ms: " + clear.getMessage());
                if (first == null)
                {
                    first = clear.getMessage();
                }
                assertEquals(first, clear.getMessage(), "each later send fails the same way");
            }

            p.restart();
            p.awaitStarted(WAIT);
            assertEquals(7L, commands.next(7), "a restarted process serves again");
            commands.echo("again");
            assertEquals("again", p.receive(WAIT).get("text"));
        }
    }

    @ParameterizedTest(name = "{0}, in-JVM {1}")
    @CsvSource({"garbage, false", "zeros, false", "truncate, false", "garbage, true", "zeros, true", "truncate, true"})
    void callsWhoseReplyQueueFileIsDamagedFailAtTheirTimeoutNamingTheFile(final String damage, final boolean inJvm)
        throws Exception
    {
        final String name = "damaged-replies-" + damage + (inJvm ? "-thread" : "-jvm");
        try (FaultyProcess p = new FaultyProcess(name, options(inJvm)))
        {
            final FaultyCommands commands = startedAndServing(p);
            final Path file = cycleFile(name, "reply");
            damage(file, damage);

            for (int n = 0; n < 2; n++)
            {
                final long start = System.nanoTime();
                final Throwable thrown = attempt(() -> commands.next(7));
                final long tookMs = (System.nanoTime() - start) / 1_000_000;
                final RuntimeDirectoryException clear = assertInstanceOf(RuntimeDirectoryException.class, thrown,
                    () -> describe(thrown));
                assertEquals(file, clear.path(), clear.getMessage());
                assertTrue(clear.getMessage().contains("reply queue of process '" + name + "'") &&
                    clear.getMessage().contains("restart()"), clear.getMessage());
                assertTrue(tookMs < CALL_TIMEOUT.toMillis() + QUEUE_DAMAGE_NOTICE_MS + LOADED_MARGIN_MS,
                    "failed after " + tookMs + " ms: " + clear.getMessage());
            }

            p.restart();
            p.awaitStarted(WAIT);
            assertEquals(7L, commands.next(7), "a restarted process serves again");
        }
    }

    @ParameterizedTest(name = "in-JVM {0}")
    @ValueSource(booleans = {false, true})
    void aBackendReadingACommandQueueFileCutShortEndsWithTheQueueCorruptedCode(final boolean inJvm) throws Exception
    {
        final String name = "cut-under-reader" + (inJvm ? "-thread" : "-jvm");
        try (FaultyProcess p = new FaultyProcess(name, options(inJvm)))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, WAIT);
            assertEquals(1L, commands.next(1));
            // commands wait unread while the backend is busy; the file is cut short under them
            final long busyMs = 1_000;
            final CompletableFuture<Long> busy = CompletableFuture.supplyAsync(() -> commands.sleepThenReturn(busyMs));
            Thread.sleep(300);
            for (int i = 0; i < 5; i++)
            {
                commands.record(i);
            }
            final Path file = cycleFile(name);
            damage(file, "truncate");
            final long damaged = System.nanoTime();

            final Throwable thrown = attemptFuture(busy);
            final BackendDiedException died;
            if (thrown == null)
            {
                // the answer was written before the backend read the damaged file: its next wait sees the exit
                died = assertInstanceOf(BackendDiedException.class, attempt(() -> p.receive(WAIT)));
            }
            else
            {
                died = assertInstanceOf(BackendDiedException.class, thrown, () -> describe(thrown));
            }
            final long detectedMs = (System.nanoTime() - damaged) / 1_000_000;
            assertEquals(ExitCodes.QUEUE_CORRUPTED, died.exitCode(), died.getMessage());
            assertTrue(died.getMessage().contains("'" + name + "'") && died.getMessage().contains("command queue is corrupted"),
                died.getMessage());
            assertTrue(detectedMs < busyMs + DEATH_NOTICE_MS + LOADED_MARGIN_MS, "detected after " + detectedMs + " ms");

            p.restart();
            p.awaitStarted(WAIT);
            assertEquals(7L, commands.next(7), "a restarted process serves again");
        }
    }

    private static ProcessOptions options(final boolean inJvm)
    {
        final ProcessOptions.Builder b = ProcessOptions.builder().replyTimeout(CALL_TIMEOUT);
        return (inJvm ? b.inJvm() : b).build();
    }

    /** @return what {@code action} threw (any Throwable: an Error must show as a failed assertion), null if nothing. */
    private static Throwable attempt(final ThrowingRunnable action)
    {
        try
        {
            action.run();
            return null;
        }
        catch (final Throwable t)
        {
            return t;
        }
    }

    private static Throwable attemptFuture(final CompletableFuture<Long> future) throws Exception
    {
        try
        {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            return ex.getCause();
        }
    }

    private static String describe(final Throwable t)
    {
        final StringBuilder chain = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause())
        {
            chain.append(chain.length() > 0 ? " <- " : "").append(c);
        }
        return chain.toString();
    }

    static Path cycleFile(final String process) throws IOException
    {
        return cycleFile(process, "cmd");
    }

    static Path cycleFile(final String process, final String queue) throws IOException
    {
        try (Stream<Path> files = Files.list(NoLeftovers.sessionDir().resolve(process).resolve(queue)))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** As the chaos run damages a file: random bytes or zeros over its first 4 KiB, or cut to 16 bytes. */
    static void damage(final Path file, final String how) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            if ("truncate".equals(how))
            {
                ch.truncate(16);
                return;
            }
            final byte[] bytes = new byte[HEADER_BYTES];
            if ("garbage".equals(how))
            {
                new Random(HEADER_BYTES).nextBytes(bytes);
            }
            ch.write(ByteBuffer.wrap(bytes), 0);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable
    {
        void run() throws Exception;
    }
}
