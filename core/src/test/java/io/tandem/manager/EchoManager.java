package io.tandem.manager;

import io.tandem.Poller;
import io.tandem.ProcessExit;
import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.process.EchoProcess;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A manager of echo workers that records every reply; restarts per the policy it is given. */
public class EchoManager extends MainContext
{
    final List<String> replies = new CopyOnWriteArrayList<>();
    /** Unexpected exits the loop has handled (restarted or not, per the policy), in order. */
    final List<ProcessExit> exitsHandled = new CopyOnWriteArrayList<>();
    private final int workers;
    private final ProcessOptions options;
    private final RestartPolicy policy;
    private final String prefix;

    public EchoManager(final String prefix, final int workers, final ProcessOptions options, final RestartPolicy policy)
    {
        this.prefix = prefix;
        this.workers = workers;
        this.options = options;
        this.policy = policy;
    }

    @Override
    protected void startProcesses()
    {
        for (int i = 0; i < workers; i++)
        {
            manage(new EchoProcess(prefix + i, options)).start();
        }
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
                MessageObject msg;
                while ((msg = p.tryReceive()) != null)
                {
                    replies.add(p.name() + ":" + msg.get("text"));
                }
            }
        }
    }

    @Override
    protected void onExit(final ProcessExit exit)
    {
        super.onExit(exit); // restarts it or not: decided once this returns
        exitsHandled.add(exit);
    }

    @Override
    protected RestartPolicy restartPolicy()
    {
        return policy;
    }

    EchoProcess worker(final int i)
    {
        return (EchoProcess)processes().get(i);
    }
}
