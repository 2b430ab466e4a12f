package io.tandem.internal.channel;

import io.tandem.ProcessOptions;
import io.tandem.process.EchoCommands;
import io.tandem.process.EchoProcess;
import io.tandem.process.EchoReplies;
import io.tandem.test.NoLeftovers;
import io.tandem.test.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sustained traffic across many roll cycles (one-second cycles here): queue files the reader has passed
 * are deleted, so the number of files, and the tmpfs they take, stay bounded while the total traffic grows.
 */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class QueueRetentionTest
{
    private static final int CYCLES = 6;

    @Test
    void passedQueueFilesAreDeletedSoTmpfsUseStaysBounded() throws IOException
    {
        final ProcessOptions options = ProcessOptions.builder().rollCycle("ONE_SECONDLY").queueBlockSize(1 << 20).build();
        try (EchoProcess p = new EchoProcess("retention", options))
        {
            p.start();
            p.awaitStarted(Duration.ofSeconds(20));
            final Path processDir = NoLeftovers.sessionDir().resolve("retention");
            final EchoCommands commands = p.backend(EchoCommands.class);
            final EchoReplies sink = new EchoReplies()
            {
                @Override
                public void sum(final long value)
                {
                }

                @Override
                public void note(final String text)
                {
                }
            };
            final String payload = "x".repeat(200);
            final long end = System.nanoTime() + Duration.ofSeconds(CYCLES).toNanos();
            long sent = 0;
            int maxFiles = 0;
            long maxBytes = 0;
            final java.util.Set<String> seen = new java.util.HashSet<>();
            long nextUsageSample = 0;
            int usageSamples = 0;
            while (System.nanoTime() < end)
            {
                for (int i = 0; i < 100; i++)
                {
                    commands.sendTypedError(payload);
                    sent++;
                }
                while (p.tryReceive(sink) > 0)
                {
                    // drain the replies so the reply queue rolls too
                }
                maxFiles = Math.max(maxFiles, queueFiles(processDir, seen));
                if (System.nanoTime() > nextUsageSample)
                {
                    maxBytes = Math.max(maxBytes, diskUsage(processDir));
                    usageSamples++;
                    nextUsageSample = System.nanoTime() + 250_000_000L;
                }
            }
            // Each queue holds its current cycle and, briefly, the one just passed (deletion runs on
            // Chronicle's background releaser): 2 per queue, plus one at a boundary.
            assertTrue(sent > 10_000, "traffic flowed: " + sent);
            assertTrue(seen.size() >= 2 * (CYCLES - 2), "the queues rolled: " + seen.size() + " files over the run");
            assertTrue(maxFiles <= 6, "at most " + maxFiles + " queue files at once, of " + seen.size() + " over the run");
            final long trafficBytes = sent * payload.length() * 2;
            System.out.printf("retention: %d commands, %d KiB of traffic, %d queue files over the run, at most %d at once, " +
                "at most %d KiB on tmpfs%n", sent, trafficBytes >> 10, seen.size(), maxFiles, maxBytes >> 10);
            assertTrue(usageSamples >= CYCLES && maxBytes > 0, "tmpfs use was measured: " + usageSamples + " samples, at most " +
                maxBytes + " bytes");
            // Bounded by the traffic of the cycles held at once (about three), not by the traffic so far.
            final long bound = trafficBytes * 3 / CYCLES + (4 << 20);
            assertTrue(maxBytes < bound, "tmpfs use bounded: at most " + (maxBytes >> 10) + " KiB, bound " + (bound >> 10) +
                " KiB, for " + (trafficBytes >> 10) + " KiB of traffic");
            p.stop();
            final int left = queueFiles(processDir, seen);
            assertTrue(left <= 4, left + " files left after " + CYCLES + " cycles");
            assertEquals(0, p.exitCode().orElseThrow());
        }
    }

    /**
     * @return bytes the tree takes on its file system (blocks, as du counts them: tmpfs pages in use, not the
     * sparse files' apparent sizes). A du that cannot measure fails the test: read as 0 bytes it would pass any
     * bound. A file deleted while du walks the tree (the queues roll and delete under it) only makes du complain
     * about that file; the total it prints is still the tree's.
     */
    private static long diskUsage(final Path dir)
    {
        final Tool.Result du = Tool.run("du", "-sk", dir.toString());
        final String total = du.out().trim();
        final boolean onlyVanished = du.err().lines().allMatch(l -> l.contains("No such file or directory"));
        if (!total.matches("\\d+\\s+.*") || du.exitCode() != 0 && !onlyVanished)
        {
            throw new AssertionError("du -sk " + dir + " failed (exit " + du.exitCode() + "): " + du.out() + du.err());
        }
        return Long.parseLong(total.split("\\s+")[0]) << 10;
    }

    private static int queueFiles(final Path processDir, final java.util.Set<String> seen) throws IOException
    {
        int count = 0;
        for (final String queue : new String[] {"cmd", "reply"})
        {
            try (Stream<Path> files = Files.list(processDir.resolve(queue)))
            {
                for (final Path f : (Iterable<Path>)files.filter(f -> f.getFileName().toString().endsWith(".cq4"))::iterator)
                {
                    seen.add(queue + "/" + f.getFileName());
                    count++;
                }
            }
        }
        return count;
    }
}
