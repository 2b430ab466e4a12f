package io.tandem.manager;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.process.EchoCommands;
import io.tandem.spare.Spares;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A manager whose workers keep a spare restarts a killed worker in that spare's JVM. */
@Timeout(180)
@ExtendWith(NoLeftovers.class)
class ManagerSpareTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aKilledWorkerIsRestartedOnASpare() throws Exception
    {
        final ProcessOptions o = ProcessOptions.builder().lean().spares(1).build();
        final EchoManager manager = new EchoManager("spared-", 2, o, RestartPolicy.upTo(1, Duration.ofMinutes(1)));
        manager.runAsThread();
        try
        {
            assertTrue(MessageProcess.awaitSpares(o, WAIT), "the workers' spare to be warm");
            final Set<Long> spares = Spares.pids();
            assertEquals(1, spares.size(), "one spare for both workers (same JVM): " + spares);
            final long spare = spares.iterator().next();
            manager.worker(0).backend(EchoCommands.class).echo("first");
            Await.until(WAIT, () -> manager.replies.contains("spared-0:first"), "worker 0 to answer");

            final long killed = manager.worker(0).pid();
            final long killedAt = System.nanoTime();
            ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly); // kill -9
            Await.until(WAIT, () -> manager.worker(0).pid() == spare, "worker 0 to be restarted on the spare");
            manager.worker(0).backend(EchoCommands.class).echo("again");
            Await.until(WAIT, () -> manager.replies.contains("spared-0:again"), "the restarted worker to answer");
            System.out.println("restart on a spare: kill -9 to an answer in " + (System.nanoTime() - killedAt) / 1_000_000 +
                " ms (loaded test machine)");
        }
        finally
        {
            manager.stopThread();
            MessageProcess.closeSpares();
        }
    }
}
