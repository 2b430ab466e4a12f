package io.tandem.process;

import io.tandem.ProcessOptions;
import io.tandem.internal.launch.StartupTrace;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import io.tandem.test.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -Dtandem.startupTrace=true}: a backend prints where its start-up went, each step once, in order. */
@ExtendWith(NoLeftovers.class)
class StartupTraceTest
{
    private static final List<String> STEPS = List.of("main", "flags", "chronicle", "commandQueue", "replyQueue",
        "processTable", "startDocument", "preRun", "started", "firstCommand");

    @Test
    @Timeout(120)
    void aTracedBackendPrintsItsStepsInOrderOnceItHasRunItsFirstCommand()
    {
        System.setProperty(StartupTrace.PROPERTY, "true"); // a backend inherits tandem.* properties
        try (Output output = Output.capture())
        {
            try (ClassPathProbeProcess probe = new ClassPathProbeProcess("traced",
                ProcessOptions.builder().output(ProcessOptions.Output.PIPE).replyTimeout(Duration.ofSeconds(60)).build()))
            {
                probe.start();
                assertEquals("true", probe.backend(ProbeCommands.class).property(StartupTrace.PROPERTY));
                probe.backend(ProbeCommands.class).property("java.version");
                Await.until(Duration.ofSeconds(10), () -> output.text().contains("tandem startup traced"), "the trace line");
            }
            final String text = output.text();
            final Matcher line = Pattern.compile("tandem startup traced \\(JDK \\d+, ms since JVM start\\):((?: \\w+ \\d+)+)")
                .matcher(text);
            assertTrue(line.find(), text);
            final String traced = line.group();
            final String[] parts = line.group(1).trim().split(" ");
            assertFalse(line.find(), "printed once: " + text);
            assertEquals(STEPS.size() * 2, parts.length, traced);
            long previous = 0;
            for (int i = 0; i < STEPS.size(); i++)
            {
                assertEquals(STEPS.get(i), parts[2 * i], traced);
                final long ms = Long.parseLong(parts[2 * i + 1]);
                assertTrue(ms >= previous && ms < 60_000, "steps in order, in ms since the JVM started: " + traced);
                previous = ms;
            }
            assertTrue(Long.parseLong(parts[1]) > 0, "main comes after the JVM's own start: " + traced);
        }
        finally
        {
            System.clearProperty(StartupTrace.PROPERTY);
        }
    }
}
