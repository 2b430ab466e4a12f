package io.tandem.perf.wake;

import io.tandem.ProcessOptions;
import io.tandem.manager.MainContext;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.rtt.PingPongProcess;

import java.time.Duration;

/**
 * A JVM running a MainContext over idle in-JVM workers (args: how many), its loop polling them: what a manager that
 * waits for work costs. Prints {@link ChildJvm#READY} once every worker has started; exits when stdin closes.
 */
public final class IdleManagerMain extends MainContext
{
    private final int workers;

    private IdleManagerMain(final int workers)
    {
        this.workers = workers;
    }

    public static void main(final String[] args) throws Exception
    {
        try (IdleManagerMain manager = new IdleManagerMain(Integer.parseInt(args[0])))
        {
            manager.runAsThread();
            for (final io.tandem.MessageProcess w : manager.processes())
            {
                w.awaitStarted(Duration.ofSeconds(60));
            }
            System.out.println(ChildJvm.READY);
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // until the benchmark closes our stdin
            }
            manager.stopThread();
        }
    }

    @Override
    protected void startProcesses()
    {
        for (int i = 0; i < workers; i++)
        {
            manage(new PingPongProcess("idle-" + i, ProcessOptions.builder().inJvm().build())).start();
        }
    }

    @Override
    public void run()
    {
        while (!isStopRequested())
        {
            if (poll(Duration.ofSeconds(2)).isWoken())
            {
                break;
            }
        }
    }
}
