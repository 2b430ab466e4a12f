package io.tandem.process;

import io.tandem.ProcessOptions;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What keeps starting many in-JVM workers cheap: their backends use the process table this JVM has mapped already
 * (one mapping of the session's table however many workers run), and each still gets its own slot and answers.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class InJvmStartTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WORKERS = 20;

    @Test
    void inJvmBackendsShareTheFrontendsProcessTableMapping() throws IOException
    {
        final List<EchoProcess> workers = new ArrayList<>();
        try
        {
            start(workers, "table-0");
            final Path table = NoLeftovers.sessionDir().resolve(ProcessTable.FILE);
            final long before = mappingsOf(table);
            for (int i = 1; i <= WORKERS; i++)
            {
                start(workers, "table-" + i);
            }
            for (final EchoProcess w : workers)
            {
                w.backend(EchoCommands.class).echo(w.name());
                assertNotNull(w.receive(WAIT), w.name() + " answered");
            }
            // each backend that attached on its own added a mapping of the table, held while it runs
            assertEquals(before, mappingsOf(table), "mappings of " + table + " after " + WORKERS + " more in-JVM workers");
        }
        finally
        {
            workers.forEach(EchoProcess::close);
        }
    }

    private static EchoProcess start(final List<EchoProcess> workers, final String name)
    {
        final EchoProcess p = new EchoProcess(name, ProcessOptions.builder().inJvm().build());
        workers.add(p);
        p.start();
        p.awaitStarted(WAIT);
        return p;
    }

    /** @return how many mappings of {@code file} this JVM has (lines of /proc/self/maps naming it, not deleted). */
    private static long mappingsOf(final Path file) throws IOException
    {
        final String path = file.toRealPath().toString();
        try (var lines = Files.lines(Path.of("/proc/self/maps")))
        {
            return lines.filter(l -> l.endsWith(path)).count();
        }
    }
}
