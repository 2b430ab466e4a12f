package io.tandem.perf.manager;

import io.tandem.perf.Baselines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fan-in peer of the manager benchmark, small: every worker answers once through the shared queue, then all idle. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ChronicleFanInTest
{
    @Test
    void everyWorkerAnswersOnceThenAnIdlePollReadsNothing() throws Exception
    {
        try (ChronicleFanIn fanIn = new ChronicleFanIn(8))
        {
            assertTrue(fanIn.secondsToAllAnswered() > 0);
            for (int i = 0; i < 1_000; i++)
            {
                assertFalse(fanIn.poll(), "poll " + i + " of idle workers read something");
            }
        }
        final String mine = "tandem-perf-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> shm = Files.list(Paths.get("/dev/shm")))
        {
            assertEquals(List.of(), shm.filter(p -> p.getFileName().toString().startsWith(mine)).collect(Collectors.toList()),
                "queues left in /dev/shm");
        }
    }

    @Test
    void theIdlePollIsJudgedAgainstTheFanIn()
    {
        assertEquals(List.of("poll.1000-workers-chronicle-fanin"), Baselines.of("poll.1000-idle-workers"));
        assertEquals(List.of("spawn.200-threads-chronicle-fanin"), Baselines.of("spawn.200-threads"));
    }
}
