package io.tandem.perf.spawn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bare Chronicle worker JVMs, started for real (one each; the code-generating one runs javac, a few seconds on
 * the shared machine). A worker checks its own code-generation state and exits instead of answering when it is not
 * what it was started for, so an answer proves the configuration took.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class BareJvmTest
{
    @ParameterizedTest
    @EnumSource(BareWorker.class)
    void workerAnswersItsKnockInTheCodeGenerationStateItWasStartedFor(final BareWorker worker) throws Exception
    {
        BareJvm.prepare();
        try (BareJvm peer = BareJvm.start("test-" + worker.label(), worker, List.of()))
        {
            peer.awaitAnswer(Duration.ofSeconds(90));
        }
    }

    @Test
    void codegenOffUsesChroniclesOwnPropertyNames()
    {
        // the names Chronicle reads (VanillaMethodWriterBuilder / VanillaMethodReaderBuilder), as users write them
        assertTrue(BareWorker.CODEGEN_OFF.properties().contains("-DdisableProxyCodegen=true"), BareWorker.CODEGEN_OFF.properties().toString());
        assertTrue(BareWorker.CODEGEN_OFF.properties().contains("-DdisableReaderProxyCodegen=true"), BareWorker.CODEGEN_OFF.properties().toString());
        assertEquals(List.of(), BareWorker.CODEGEN.properties());
    }

    @Test
    void emptyJvmPrintsItsLine() throws Exception
    {
        assertTrue(BareJvm.emptyMillis() > 0);
    }

    /** The peers have exited and their queues are gone. */
    @AfterEach
    void nothingLeft() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList()), "bare JVMs left running");
        final String mine = "tandem-perf-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> shm = Files.list(Paths.get("/dev/shm")))
        {
            assertEquals(List.of(), shm.filter(p -> p.getFileName().toString().startsWith(mine)).collect(Collectors.toList()),
                "queues left in /dev/shm");
        }
    }
}
