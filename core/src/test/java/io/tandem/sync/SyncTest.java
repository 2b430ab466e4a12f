package io.tandem.sync;

import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.tandem.test.FailureBounds.DEATH_NOTICE_MS;
import static io.tandem.test.FailureBounds.LOADED_MARGIN_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EventGroup and SyncIndex across real processes. */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class SyncTest
{
    private static final int ROUND_TRIPS = 5_000;

    @ParameterizedTest
    @EnumSource(ProcessOptions.Mode.class)
    void thousandsOfRoundTripsWithNoLostOrSpuriousWakeUp(final ProcessOptions.Mode mode)
    {
        try (SyncProcess p = new SyncProcess("sync-" + mode.name().toLowerCase(), ProcessOptions.builder().mode(mode).build()))
        {
            p.start();
            final SyncCommands commands = p.backend(SyncCommands.class);
            for (long step = 1; step <= ROUND_TRIPS; step++)
            {
                try (SyncIndex i = new SyncIndex(p.eg))
                {
                    commands.work(step, i.index());
                }
                // the wait returned: the backend's work is done and visible, neither before nor lost
                assertEquals(step, p.progress.sequence(0), "after round trip " + step);
            }
        }
    }

    @Test
    void severalThreadsWaitOnOneGroupAtOnce() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SyncProcess p = new SyncProcess("sync-threads", ProcessOptions.defaults()))
        {
            p.start();
            final SyncCommands commands = p.backend(SyncCommands.class);
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                futures.add(pool.submit(() ->
                {
                    for (int n = 0; n < 500; n++)
                    {
                        try (SyncIndex i = new SyncIndex(p.eg))
                        {
                            commands.work(n, i.index());
                        }
                    }
                }));
            }
            for (final Future<?> f : futures)
            {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(2000, p.progress.sequence(0));
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aBackendKilledMidWaitFailsTheWaitAtOnceNamingTheProcess() throws InterruptedException
    {
        try (SyncProcess p = new SyncProcess("sync-victim", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(Duration.ofSeconds(20));
            final SyncIndex i = new SyncIndex(p.eg, Duration.ofSeconds(30));
            p.backend(SyncCommands.class).ignore(i.index());
            final Thread waiter = Thread.currentThread();
            final AtomicLong killedAt = new AtomicLong();
            final Thread killer = new Thread(() ->
            {
                // the kill lands while the wait runs, never before it starts (that is a send to a dead backend)
                Await.until(Duration.ofSeconds(20), () -> Await.inside(waiter, EventGroup.class, "await"),
                    "the frontend to wait on the event");
                killedAt.set(System.nanoTime());
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }, "killer");
            killer.start();
            final BackendDiedException e = assertThrows(BackendDiedException.class, i::close);
            final long ms = (System.nanoTime() - killedAt.get()) / 1_000_000;
            killer.join(20_000);
            assertTrue(killedAt.get() != 0, "killed mid-wait");
            assertEquals("sync-victim", e.processName());
            assertEquals(137, e.exitCode());
            assertTrue(e.getMessage().contains("waiting for event"), e.getMessage());
            assertTrue(ms <= DEATH_NOTICE_MS + LOADED_MARGIN_MS, "the wait failed " + ms + " ms after the kill; the README " +
                "says at once (" + DEATH_NOTICE_MS + " ms, + " + LOADED_MARGIN_MS + " ms for a loaded machine)");
        }
    }

    @Test
    void aWaitThatIsNeverAnsweredTimesOut()
    {
        try (SyncProcess p = new SyncProcess("sync-timeout", ProcessOptions.defaults()))
        {
            p.start();
            final SyncIndex i = new SyncIndex(p.eg, Duration.ofMillis(300));
            p.backend(SyncCommands.class).ignore(i.index());
            final long start = System.nanoTime();
            final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, i::close);
            final long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 300 && ms <= 300 + LOADED_MARGIN_MS, "timed out after " + ms + " ms, its timeout 300 ms");
            assertTrue(e.getMessage().contains("sync-timeout"), e.getMessage());
            final IllegalStateException twice = assertThrows(IllegalStateException.class, i::close);
            assertTrue(twice.getMessage().contains("already closed"), twice.getMessage());
            try (SyncIndex again = new SyncIndex(p.eg))
            {
                p.backend(SyncCommands.class).setIndex(again.index()); // the event was given back and works
            }
        }
    }

    @Test
    void runningOutOfEventsIsAClearError()
    {
        try (EventGroup eg = new EventGroup("small", 2))
        {
            final SyncIndex a = new SyncIndex(eg);
            final SyncIndex b = new SyncIndex(eg);
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SyncIndex(eg));
            assertTrue(e.getMessage().contains("all 2 events of group 'small' are in use"), e.getMessage());
            eg.set(a.index());
            eg.set(b.index());
            a.close();
            b.close();
            new SyncIndex(eg, Duration.ofSeconds(1)); // free again
        }
    }

    @Test
    void anIndexFromAnotherGroupIsRefused()
    {
        try (EventGroup mine = new EventGroup("mine", 4); EventGroup other = new EventGroup("other", 4))
        {
            final SyncIndex foreign = new SyncIndex(other);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mine.set(foreign.index()));
            assertTrue(e.getMessage().contains("belongs to another event group, not to 'mine'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> mine.set(4));
            assertThrows(IllegalArgumentException.class, () -> mine.set(-1));
            other.set(foreign.index());
            foreign.close();
        }
    }

    @Test
    void aForeignIndexSentToTheBackendComesBackAsAnError()
    {
        try (SyncProcess p = new SyncProcess("sync-foreign", ProcessOptions.defaults());
             EventGroup other = new EventGroup("elsewhere", 3))
        {
            p.start();
            final SyncIndex foreign = new SyncIndex(other);
            p.backend(SyncCommands.class).setIndex(foreign.index());
            final CommandFailedException e = assertThrows(CommandFailedException.class, () -> p.receive(Duration.ofSeconds(20)));
            assertTrue(e.getMessage().contains("belongs to another event group"), e.getMessage());
            other.set(foreign.index());
            foreign.close();
        }
    }

    @Test
    void groupsAreNamedFilesThatGoWithTheirCreator()
    {
        final EventGroup eg = new EventGroup("named", 3);
        final java.nio.file.Path file = NoLeftovers.sessionDir().resolve("events").resolve("named");
        assertTrue(Files.exists(file));
        final IllegalStateException taken = assertThrows(IllegalStateException.class, () -> new EventGroup("named", 3));
        assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
        final EventGroup attached = EventGroup.attach("named");
        attached.set(1);
        assertEquals(1, eg.sequence(1));
        attached.close();
        assertTrue(Files.exists(file), "a client's close leaves the file");
        eg.close();
        assertFalse(Files.exists(file), "the creator's close removes it");
        assertThrows(io.tandem.failure.TandemException.class, () -> EventGroup.attach("named"));
        assertThrows(IllegalArgumentException.class, () -> new EventGroup("../x", 3));
        assertThrows(IllegalArgumentException.class, () -> new EventGroup(0));
    }
}
