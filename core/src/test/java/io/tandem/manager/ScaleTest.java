package io.tandem.manager;

import io.tandem.Poller;
import io.tandem.ProcessExit;
import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.process.EchoCommands;
import io.tandem.process.EchoProcess;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hundreds and thousands of workers under one poller: where the tutorial's select() gives up (about 250).
 * Timing is measured by the benchmarks ({@code ./tandem perf spawn}, {@code manager}), not asserted here.
 */
@ExtendWith(NoLeftovers.class)
class ScaleTest
{
    @Test
    @Timeout(300)
    void aThousandInJvmWorkersAllAnswer()
    {
        everyWorkerAnswers(1000, ProcessOptions.builder().inJvm().build(), "thread-");
    }

    @Test
    @Timeout(600)
    void aHundredChildJvmsAllAnswer()
    {
        everyWorkerAnswers(100, ProcessOptions.builder().lean().build(), "jvm-");
    }

    private static void everyWorkerAnswers(final int count, final ProcessOptions options, final String prefix)
    {
        final List<EchoProcess> workers = new ArrayList<>();
        try (Poller poller = new Poller())
        {
            for (int i = 0; i < count; i++)
            {
                final EchoProcess p = new EchoProcess(prefix + i, options);
                workers.add(p);
                p.start();
            }
            for (final EchoProcess p : workers)
            {
                poller.add(p);
                p.backend(EchoCommands.class).echo(p.name());
            }
            final Set<String> answered = new HashSet<>();
            final long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (answered.size() < count && System.nanoTime() < deadline)
            {
                for (final MessageProcess p : poller.poll(Duration.ofSeconds(5)).processes())
                {
                    MessageObject m;
                    while ((m = p.tryReceive()) != null)
                    {
                        assertEquals(p.name(), m.get("text"), "each worker answers its own command");
                        answered.add(p.name());
                    }
                }
            }
            assertEquals(count, answered.size(), "workers that answered");
        }
        finally
        {
            workers.forEach(MessageProcess::requestStop);
            workers.forEach(MessageProcess::close);
        }
    }
}
