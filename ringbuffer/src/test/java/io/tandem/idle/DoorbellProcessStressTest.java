package io.tandem.idle;

import io.tandem.jvm.JvmFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No wake-up is lost across processes: three sender JVMs of two threads each and a waiter (this JVM) ping-pong
 * through doorbells in a shared file, pausing at random, for {@code -Dtandem.test.wakeCycles} cycles (300 000 by
 * default; the figure quoted in the README comes from a run with 10 000 000).
 */
@Timeout(900)
class DoorbellProcessStressTest
{
    private static final long CYCLES = Long.getLong("tandem.test.wakeCycles", 300_000);
    private static final int SENDER_PROCESSES = 3;

    @Test
    void noWakeUpIsLostAcrossProcessesUnderARandomisedStress() throws Exception
    {
        final Path file = Paths.get("/dev/shm", "tandem-test-wake-" + ProcessHandle.current().pid());
        final List<Process> senders = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(WakeStress.LENGTH);
            final MappedByteBuffer mapping = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, WakeStress.LENGTH);
            final long memory = net.openhft.chronicle.core.Jvm.address(mapping);
            final List<BufferedReader> outputs = new ArrayList<>();
            for (int i = 0; i < SENDER_PROCESSES; i++)
            {
                final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
                cmd.addAll(JvmFlags.all());
                cmd.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    WakeStressMain.class.getName(), file.toString(), "2", Integer.toString(i + 1), Long.toString(CYCLES)));
                final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                senders.add(p);
                final BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                outputs.add(out);
                assertEquals("READY", readLine(out, p), "sender " + i + " started");
            }
            final long start = System.nanoTime();
            final WakeStress.Result total = WakeStress.await(memory, CYCLES);
            for (int i = 0; i < SENDER_PROCESSES; i++)
            {
                final String line = readLine(outputs.get(i), senders.get(i));
                assertTrue(line.startsWith("RESULT "), line);
                total.add(WakeStress.Result.parse(line.substring(7)));
                assertTrue(senders.get(i).waitFor(60, TimeUnit.SECONDS));
            }
            System.out.printf("wake stress across %d processes: %s in %.1f s%n", SENDER_PROCESSES + 1, total,
                (System.nanoTime() - start) / 1e9);
            assertEquals(0, total.lost(), total.toString());
            assertTrue(total.cycles() >= CYCLES && total.waiterSleeps() > CYCLES / 100, "the waiter slept and was woken " +
                "again and again: " + total);
            java.lang.ref.Reference.reachabilityFence(mapping);
        }
        finally
        {
            senders.forEach(Process::destroyForcibly);
            Files.deleteIfExists(file);
        }
    }

    /** @return the child's next line, waiting at most a minute (a line per stage: READY, then RESULT). */
    private static String readLine(final BufferedReader out, final Process p) throws Exception
    {
        final String[] line = {null};
        final Thread reader = new Thread(() ->
        {
            try
            {
                line[0] = out.readLine();
            }
            catch (final java.io.IOException ignored)
            {
                // the child went away: null
            }
        });
        reader.setDaemon(true);
        reader.start();
        reader.join(TimeUnit.MINUTES.toMillis(10));
        if (reader.isAlive())
        {
            p.destroyForcibly();
            throw new AssertionError("the sender printed nothing for 10 minutes");
        }
        return line[0];
    }
}
