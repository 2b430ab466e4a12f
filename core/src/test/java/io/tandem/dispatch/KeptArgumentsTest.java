package io.tandem.dispatch;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.internal.channel.Codegen;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handler may keep its arguments: the next command (or reply) of the same method is decoded into new objects,
 * not into the list or map handed over before. Chronicle's method readers reuse them; Tandem's do not, in either
 * tier (reflective, generated), in a plain or an async process, and for typed replies in the frontend.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class KeptArgumentsTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Past the default code-generation threshold, so the frontend's reply reader is generated on the way. */
    private static final int SENT = 3 * Codegen.DEFAULT_THRESHOLD;
    private static final int BATCH = 500;

    @Test
    void aGeneratedCommandReaderLeavesKeptArgumentsAlone()
    {
        final String reader = check(new KeeperProcess("keeper-generated", codegen("eager")));
        assertTrue(isGeneratedReader(reader), "the generated reader called the handler, not " + reader);
    }

    @Test
    void aReflectiveCommandReaderLeavesKeptArgumentsAlone()
    {
        final String reader = check(new KeeperProcess("keeper-reflective", codegen("off")));
        assertFalse(isGeneratedReader(reader), "a reflective reader called the handler, not " + reader);
    }

    @Test
    void anAsyncProcessKeepsArgumentsWhileTheNextCommandsAreDecoded()
    {
        check(new KeeperProcess.Async("keeper-async", codegen("eager")));
    }

    private static ProcessOptions codegen(final String mode)
    {
        return ProcessOptions.builder().jvmArgs("-Dtandem.codegen=" + mode).build();
    }

    /** @return true for a reader class Chronicle generated for the process (not one of Chronicle's own). */
    private static boolean isGeneratedReader(final String className)
    {
        return className.startsWith(KeeperProcess.class.getPackageName() + ".") && className.endsWith("MethodReader");
    }

    /** @return the class that called the last {@code keep} handler. */
    private static String check(final MessageProcess p)
    {
        try (p)
        {
            p.start();
            final Keeper keeper = p.backend(Keeper.class);
            final List<List<Long>> replies = new ArrayList<>();
            final Kept handler = replies::add;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            long sent = 0;
            boolean lastBatchGenerated = false;
            // batches until one was read by this JVM's generated reply reader: its reader was compiled (in the
            // background, once it had read the threshold) before the batch was sent
            while (!lastBatchGenerated)
            {
                assertTrue(System.nanoTime() < deadline, "this JVM's reply reader was not generated after " + sent + " replies");
                lastBatchGenerated = sent >= SENT && Codegen.isSettled();
                for (int k = 0; k < BATCH; k++, sent++)
                {
                    keeper.keep(List.of(sent, -sent));
                    keeper.keepMap(Map.of("n", sent));
                    p.tryReceive(Kept.class, handler);
                }
                while (replies.size() < sent)
                {
                    assertTrue(System.nanoTime() < deadline, "replies still missing: " + replies.size() + " of " + sent);
                    p.receive(handler, WAIT);
                }
            }
            assertEquals(sent, keeper.keptCount(), "every command ran");
            assertEquals(0, keeper.damaged(), "kept arguments changed by later commands");
            final String caller = keeper.lastCaller();
            // an async process answers in any order: each reply kept holds [i, -i], and every i came once
            final java.util.Set<Long> seen = new java.util.HashSet<>();
            for (final List<Long> reply : replies)
            {
                final List<Long> values = numbers(reply);
                assertEquals(2, values.size(), "typed reply kept by the frontend: " + values);
                assertEquals(-values.get(0), values.get(1), "typed reply kept by the frontend: " + values);
                assertTrue(seen.add(values.get(0)), "typed reply " + values + " twice: another one was decoded into it");
            }
            return caller;
        }
    }

    private static List<Long> numbers(final List<Long> values)
    {
        final List<Long> out = new ArrayList<>();
        for (final Object v : values)
        {
            out.add(((Number)v).longValue());
        }
        return out;
    }
}
