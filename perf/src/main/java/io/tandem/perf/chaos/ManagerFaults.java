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
    /**
     * README: a worker killed under a restart policy is relaunched by its manager within 1 s of the kill (the
     * manager learns of the death from the process's exit, not by polling), plus {@link BackendFaults#LOADED_MARGIN_MS}
     * for 2 loaded cores: measured from the kill to the new backend's pid. The new backend then starts as any JVM
     * does (0.4 s on a quiet machine, seconds on loaded cores: start-up is issue 14's); its first answer must come
     * within the start timeout and is reported beside the relaunch time.
     */
    static final double RESTART_BOUND_MS = 1000 + BackendFaults.LOADED_MARGIN_MS;
    private static final Duration NO_RESTART_WATCH = Duration.ofSeconds(3);
    /** How long the manager may take to stop its worker and end its loop at the end of the fault. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private ManagerFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(new Fault.Simple("restart-storm", "under RestartPolicy.upTo(" + RESTARTS + ", 1 min) each of "
            + RESTARTS + " kills gets a new backend that answers a call within " + (int)RESTART_BOUND_MS
            + " ms of the kill, the next kill none", ManagerFaults::storm));
    }

    private static Outcome storm(final ChaosContext ctx) throws Exception
    {
        final Storm manager = new Storm(ctx);
        manager.runAsThread();
        Outcome outcome = null;
        try
        {
            final EchoWorker w = manager.worker;
            w.awaitStarted(Traffic.START_TIMEOUT);
            ctx.track(w.pid());
            final EchoCommands commands = w.backend(EchoCommands.class, Duration.ofSeconds(30));
            double worst = 0;
            final List<String> times = new java.util.ArrayList<>(); // per restart: new pid after, first answer after
            for (int k = 0; k <= RESTARTS; k++)
            {
                final long old = w.pid();
                final long t0 = System.nanoTime();
                ChaosContext.signal(old, "KILL");
                final boolean expectRestart = k < RESTARTS;
                // Waits are bounded well past the bound, so a slow restart is measured and reported, never waited on forever.
                final long deadline = t0 + (expectRestart ? Traffic.START_TIMEOUT : NO_RESTART_WATCH).toNanos();
                while ((w.pid() == old || w.pid() <= 0) && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(2);
                }
                final boolean restarted = w.pid() != old && w.pid() > 0;
                final double pidMs = ChaosContext.msSince(t0);
                if (restarted)
                {
                    ctx.track(w.pid());
                }
                if (restarted != expectRestart)
                {
                    return outcome = Outcome.unexpected(ChaosContext.msSince(t0), "kill " + (k + 1) + ": "
                        + (restarted ? "restarted beyond the policy" : "not restarted within " + Traffic.START_TIMEOUT));
                }
                if (!expectRestart)
                {
                    break;
                }
                final long answer;
                try
                {
                    w.awaitStarted(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    answer = commands.square(1000 + k);
                }
                catch (final RuntimeException ex)
                {
                    return outcome = Outcome.unexpected(ChaosContext.msSince(t0), "after restart " + (k + 1)
                        + " the new backend did not serve: " + ex);
                }
                final double ms = ChaosContext.msSince(t0); // kill to the first answer of the new backend
                if (answer != 1000 + k)
                {
                    return outcome = Outcome.unexpected(ms, "after restart " + (k + 1) + " square answered " + answer);
                }
                worst = Math.max(worst, pidMs);
                times.add(String.format(Locale.ROOT, "restart %d: new pid at %.0f ms, first answer at %.0f ms", k + 1, pidMs, ms));
            }
            if (worst > RESTART_BOUND_MS)
            {
                return outcome = Outcome.unexpected(worst, String.format(Locale.ROOT,
                    "a backend was relaunched %.0f ms after the kill, over %.0f ms (%s)", worst, RESTART_BOUND_MS,
                    String.join("; ", times)));
            }
            return outcome = Outcome.expected(worst, RESTARTS + " restarts, each relaunched within "
                + String.format(Locale.ROOT, "%.0f", worst) + " ms of the kill and serving, then none, as the policy says ("
                + String.join("; ", times) + ")");
        }
        finally
        {
            if (!manager.stopThread(STOP_TIMEOUT))
            {
                // counted by the caller as unexpected; the tracked worker is killed and counted at the end if it lingers
                ctx.problem("restart-storm: the manager's loop did not end within " + STOP_TIMEOUT + " of stopThread"
                    + (outcome == null ? "" : " (outcome: " + outcome.evidence() + ")"));
            }
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
                        while (p.tryReceive() != null)
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
