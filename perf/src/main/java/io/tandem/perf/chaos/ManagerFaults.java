package io.tandem.perf.chaos;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.manager.MainContext;
import io.tandem.manager.RestartPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A restart storm: a manager whose worker is killed again and again. Its {@link RestartPolicy} allows
 * {@value #RESTARTS} restarts a minute: each of those kills must bring a new backend that serves (the proxy
 * still valid), the next kill none.
 */
final class ManagerFaults
{
    static final int RESTARTS = 2;
    /** The manager learns of the exit within ~1 s (DESIGN) and restarts at once: a new pid within this. */
    static final double RESTART_BOUND_MS = 1500;
    private static final Duration NO_RESTART_WATCH = Duration.ofSeconds(3);

    private ManagerFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(new BackendFaults.Simple("restart-storm", "under RestartPolicy.upTo(" + RESTARTS + ", 1 min) each of "
            + RESTARTS + " kills gets a new serving backend within " + (int)RESTART_BOUND_MS + " ms, the next kill none",
            ManagerFaults::storm));
    }

    private static Outcome storm(final ChaosContext ctx) throws Exception
    {
        final Storm manager = new Storm(ctx);
        manager.runAsThread();
        try
        {
            final EchoWorker w = manager.worker;
            w.awaitStarted(Traffic.START_TIMEOUT);
            ctx.track(w.pid());
            final EchoCommands commands = w.backend(EchoCommands.class, Duration.ofSeconds(30));
            double worst = 0;
            for (int k = 0; k <= RESTARTS; k++)
            {
                final long old = w.pid();
                final long t0 = System.nanoTime();
                ChaosContext.signal(old, "KILL");
                final boolean expectRestart = k < RESTARTS;
                final long deadline = t0 + (expectRestart ? Traffic.START_TIMEOUT : NO_RESTART_WATCH).toNanos();
                while ((w.pid() == old || w.pid() <= 0) && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(2);
                }
                final double ms = ChaosContext.msSince(t0);
                final boolean restarted = w.pid() != old && w.pid() > 0;
                if (restarted)
                {
                    ctx.track(w.pid());
                }
                if (restarted != expectRestart)
                {
                    return Outcome.unexpected(ms, "kill " + (k + 1) + ": " + (restarted ? "restarted beyond the policy"
                        : "not restarted within " + Traffic.START_TIMEOUT));
                }
                if (!expectRestart)
                {
                    break;
                }
                worst = Math.max(worst, ms);
                w.awaitStarted(Traffic.START_TIMEOUT);
                final long answer = commands.square(1000 + k);
                if (answer != 1000 + k)
                {
                    return Outcome.unexpected(ms, "after restart " + (k + 1) + " square answered " + answer);
                }
            }
            if (worst > RESTART_BOUND_MS)
            {
                return Outcome.unexpected(worst, String.format(Locale.ROOT, "a restart took %.0f ms", worst));
            }
            return Outcome.expected(worst, RESTARTS + " restarts, then none, as the policy says");
        }
        finally
        {
            manager.stopThread();
        }
    }

    /** The manager of one worker. */
    private static final class Storm extends MainContext
    {
        private final ChaosContext ctx;
        private volatile EchoWorker worker;

        Storm(final ChaosContext ctx)
        {
            this.ctx = ctx;
        }

        @Override
        protected void startProcesses()
        {
            worker = manage(new EchoWorker(ctx.uniqueName("storm-worker"), ProcessOptions.defaults()));
            worker.start();
        }

        @Override
        protected RestartPolicy restartPolicy()
        {
            return RestartPolicy.upTo(RESTARTS, Duration.ofMinutes(1));
        }

        @Override
        public void run()
        {
            while (!isStopRequested())
            {
                for (final MessageProcess p : poll(Duration.ofMillis(200)).processes())
                {
                    try
                    {
                        while (p.poll() != null)
                        {
                            // replies are not what this manager is for
                        }
                    }
                    catch (final RuntimeException ex)
                    {
                        // an exit the manager learns through poll(); onExit restarts it
                    }
                }
            }
        }
    }
}
