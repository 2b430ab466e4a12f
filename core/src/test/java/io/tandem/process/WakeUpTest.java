package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.flow.FlowProcess;
import io.tandem.idle.WaitMode;
import io.tandem.Poller;
import io.tandem.sync.SyncCommands;
import io.tandem.sync.SyncIndex;
import io.tandem.sync.SyncProcess;
import io.tandem.test.NoLeftovers;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingProducer;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default wait mode sleeps in the kernel and is woken by the side that gives it work: an idle backend answers
 * a command at once, a waiting frontend learns of its backend's death at once, a sleeping poller wakes on a
 * reply. (The old back-off parked up to 20 ms at a time and noticed only when it woke.)
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class WakeUpTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** "At once": a wake-up takes microseconds; this much allows for a loaded 2-core machine. */
    private static final long AT_ONCE_MS = 250;
    /** The old back-off's longest park: what a median wake-up must beat by far. */
    private static final long OLD_PARK_MS = 20;

    @ParameterizedTest
    @EnumSource(ProcessOptions.Mode.class)
    void anIdleBackendAsleepAnswersACommandAtOnce(final ProcessOptions.Mode mode)
    {
        try (EchoProcess p = new EchoProcess("sleeper-" + mode.name().toLowerCase(),
            ProcessOptions.builder().mode(mode).build()))
        {
            p.start();
            p.awaitStarted(WAIT);
            assertEquals(WaitMode.PARK, p.options().backendWaitMode(), "the default");
            final long[] micros = new long[15];
            for (int i = 0; i < micros.length; i++)
            {
                TestJvm.sleep(200); // long enough for both sides to have gone to sleep
                final long start = System.nanoTime();
                p.backend(EchoCommands.class).echo("wake " + i);
                assertEquals("wake " + i, p.receive(WAIT).get("text"));
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Arrays.sort(micros);
            assertTrue(micros[micros.length / 2] < OLD_PARK_MS * 1000 / 4, "median wake-up round trip " +
                micros[micros.length / 2] + " us: " + Arrays.toString(micros));
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aBackendThatWatchesARingWakesOnAFrame(final boolean wakeOn, @TempDir final Path tmp)
    {
        try (RingBuffer ring = RingBuffer.create(tmp.resolve("frames")).slotCount(8).slotSize(64).build();
             RingProducer producer = ring.producer();
             WatchingProcess p = new WatchingProcess("watcher-" + wakeOn, ring.path(), wakeOn))
        {
            p.start();
            p.awaitStarted(WAIT);
            final long[] micros = new long[15];
            for (int i = 0; i < micros.length; i++)
            {
                TestJvm.sleep(100 + 7 * i); // asleep; and at a different phase of a 20 ms polling period each time
                producer.claim().putLong(0, System.nanoTime()).publish(8, 0, 0L);
                final MessageObject seen = p.receive(WAIT);
                micros[i] = (seen.get("seenAt", Long.class) - seen.get("sentAt", Long.class)) / 1000;
            }
            assertMedian(wakeOn, micros, "median publish-to-backend with wakeOn",
                "without wakeOn only the 20 ms look finds a frame: median");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aBackendThatSetsATimerWakesOnTime(final boolean wakeAt)
    {
        try (WatchingProcess p = new WatchingProcess("timer-" + wakeAt, null, false))
        {
            p.start();
            p.awaitStarted(WAIT);
            final long[] micros = new long[15];
            for (int i = 0; i < micros.length; i++)
            {
                p.backend(WatchingCommands.class).fireIn(30 + 7 * i, wakeAt);
                final MessageObject fired = p.receive(WAIT);
                micros[i] = fired.get("lateNanos", Long.class) / 1000;
            }
            assertMedian(wakeAt, micros, "median lateness with wakeAt", "without wakeAt only the 20 ms look fires: median");
        }
    }

    @Test
    void aFrontendAsleepInAReceiveLearnsAtOnceThatItsBackendWasKilled()
    {
        try (FlowProcess p = new FlowProcess("killed-while-waited-on", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final long[] killedAt = {0};
            final Thread killer = new Thread(() ->
            {
                TestJvm.sleep(500); // the receive below is asleep by then
                killedAt[0] = System.nanoTime();
                ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
            });
            killer.start();
            final BackendDiedException died = assertThrows(BackendDiedException.class, () -> p.receive(WAIT));
            final long ms = (System.nanoTime() - killedAt[0]) / 1_000_000;
            assertEquals(137, died.exitCode());
            assertTrue(ms < AT_ONCE_MS, "learnt " + ms + " ms after the kill");
        }
    }

    @Test
    void aSyncIndexAsleepLearnsAtOnceThatItsBackendWasKilled()
    {
        try (SyncProcess p = new SyncProcess("sync-killed", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final long[] killedAt = {0};
            final BackendDiedException died = assertThrows(BackendDiedException.class, () ->
            {
                try (SyncIndex i = new SyncIndex(p.eg(), WAIT))
                {
                    p.backend(SyncCommands.class).ignore(i.index()); // never set: only the death ends the wait
                    final Thread killer = new Thread(() ->
                    {
                        TestJvm.sleep(500);
                        killedAt[0] = System.nanoTime();
                        ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
                    });
                    killer.start();
                }
            });
            final long ms = (System.nanoTime() - killedAt[0]) / 1_000_000;
            assertTrue(ms < AT_ONCE_MS, "learnt " + ms + " ms after the kill: " + died.getMessage());
        }
    }

    @Test
    void aPollerAsleepWakesOnAReplyAndOnAnExit()
    {
        try (FlowProcess p = new FlowProcess("polled", ProcessOptions.defaults());
             Poller poller = new Poller())
        {
            p.start();
            p.awaitStarted(WAIT);
            poller.add(p);
            final Thread sender = new Thread(() ->
            {
                TestJvm.sleep(300);
                p.sendMessageToBack(new MessageObject("replyOf", "chars", 10));
            });
            final long start = System.nanoTime();
            sender.start();
            final Poller.Ready ready = poller.poll(WAIT);
            final long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, ready.processes().size(), "the reply woke it");
            assertTrue(ms >= 250 && ms < 300 + AT_ONCE_MS, "woke " + ms + " ms after the poll began");
            p.receive(WAIT);
            final Thread killer = new Thread(() ->
            {
                TestJvm.sleep(300);
                ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
            });
            final long beforeKill = System.nanoTime();
            killer.start();
            final Poller.Ready exit = poller.poll(WAIT);
            assertEquals(1, exit.exits().size(), "the exit woke it");
            assertTrue((System.nanoTime() - beforeKill) / 1_000_000 < 300 + AT_ONCE_MS);
        }
    }

    /**
     * Woken: the median of {@code micros} is under a quarter of the old 20 ms look; not woken (the negative control):
     * at least that.
     */
    private static void assertMedian(final boolean woken, final long[] micros, final String ifWoken, final String ifNot)
    {
        Arrays.sort(micros);
        final long median = micros[micros.length / 2];
        if (woken)
        {
            assertTrue(median < OLD_PARK_MS * 1000 / 4, ifWoken + " " + median + " us: " + Arrays.toString(micros));
        }
        else
        {
            assertTrue(median >= OLD_PARK_MS * 1000 / 4, ifNot + " " + median + " us: " + Arrays.toString(micros));
        }
    }
}
