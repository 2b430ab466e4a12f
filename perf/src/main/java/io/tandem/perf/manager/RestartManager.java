package io.tandem.perf.manager;

import io.tandem.MessageProcess;
import io.tandem.Poller;
import io.tandem.ProcessOptions;
import io.tandem.manager.MainContext;
import io.tandem.manager.RestartPolicy;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A manager of one echo worker that restarts it whenever it dies, and notes when each answer arrives. */
final class RestartManager extends MainContext
{
    /** {@link System#nanoTime()} of each answer the loop read. */
    final BlockingQueue<Long> answers = new LinkedBlockingQueue<>();
    private final String name;
    private final ProcessOptions options;
    private volatile EchoWorker worker;

    RestartManager(final String name, final ProcessOptions options)
    {
        this.name = name;
        this.options = options;
    }

    @Override
    protected void startProcesses()
    {
        worker = manage(new EchoWorker(name, options));
        worker.start();
    }

    @Override
    public void run()
    {
        while (!isStopRequested())
        {
            final Poller.Ready ready = poll(Duration.ofMillis(500));
            if (ready.isWoken())
            {
                break;
            }
            for (final MessageProcess p : ready.processes())
            {
                while (p.tryReceive() != null)
                {
                    answers.add(System.nanoTime());
                }
            }
        }
    }

    @Override
    protected RestartPolicy restartPolicy()
    {
        return RestartPolicy.upTo(1_000, Duration.ofMinutes(10));
    }

    EchoWorker worker()
    {
        return worker;
    }
}
