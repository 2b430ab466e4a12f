package io.tandem.remote.internal;

import org.agrona.collections.ArrayUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Agents that run on an embedded media driver's own thread, in each of its duty cycles, after the driver's work: the
 * driver's idle strategy, wrapped ({@link #idleAfter}), runs them before it idles. A remote ring's receiver runs there:
 * the driver has just put the datagrams into the image, and the receiver copies their frames into the mirror ring in
 * the same pass, while they are in the cache, with no thread of its own. On two cores that is one busy thread fewer
 * per mirrored ring (the bare Aeron stream it is measured against has a driver and a subscriber on that side; Tandem's
 * has a driver and a consumer now, not a third thread between them). In full {@code ./tandem perf remote} runs taking
 * turns with a receiver on a thread of its own, the 64-byte remote ring went from 0.63x the bare stream to 0.68x and
 * 0.69x, 1 MiB frames from 0.95x to 1.09x and 1.19x.
 *
 * <p><b>What a hosted agent must not do.</b> It runs inside the driver: it must not block, and must not call the Aeron
 * client's conductor (add or close a publication, subscription or counter), which would wait for the driver, that is
 * for itself, until the driver timeout. A ring receiver polls and copies, nothing else. The thread's interrupt flag is
 * cleared after each pass (Agrona's runner would read it as the driver's end). A receiver's handler exception is
 * caught by Aeron's image, which passes it to the client's error handler, as on a thread of its own.
 *
 * <p><b>Who runs an agent.</b> The driver's thread only, one duty cycle at a time; {@link Hosted#close()} stops it:
 * it takes the agent's turn for good (waiting for a duty cycle of the driver in progress, which is bounded: one pass
 * of the agent), so the caller may close what the agent uses once it returns. An agent whose duty cycle throws is
 * logged and dropped (its owner finds it no longer doing anything, as it would find a stopped thread).
 *
 * <pre>{@code
 * DriverAgents agents = new DriverAgents();
 * MediaDriver.Context ctx = new MediaDriver.Context().sharedIdleStrategy(agents.idleAfter(new BackoffIdleStrategy()));
 * DriverAgents.Hosted hosted = agents.host(receiver); // runs in the driver's duty cycles from now on
 * hosted.close(); receiver.close();                  // never run again: closing it is safe
 * }</pre>
 */
public final class DriverAgents
{
    /** Duty cycles of one agent in one pass of the driver, at most: while it finds work, it goes on (a burst). */
    static final int CYCLES_PER_PASS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(DriverAgents.class);

    /** Copied on change (rare: a ring mirrored or let go); the driver's thread reads it lock-free. */
    private volatile Hosted[] hosted = new Hosted[0];

    /**
     * @return {@code idle} with this set's agents run before each of its idles: the driver's work count then includes
     * theirs (so the driver does not back off while they are busy).
     */
    public IdleStrategy idleAfter(final IdleStrategy idle)
    {
        return new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                idle.idle(workCount + runAll());
            }

            @Override
            public void idle()
            {
                idle.idle();
            }

            @Override
            public void reset()
            {
                idle.reset();
            }

            @Override
            public String alias()
            {
                return idle.alias() + "+tandem-agents";
            }
        };
    }

    /** Runs {@code agent}'s duty cycle on the driver's thread from now on, until the handle is closed. */
    public Hosted host(final Agent agent)
    {
        final Hosted entry = new Hosted(agent);
        synchronized (this)
        {
            hosted = ArrayUtil.add(hosted, entry);
        }
        return entry;
    }

    /**
     * Stops every agent (as each one's {@link Hosted#close()}): before the client and driver close, so that no duty
     * cycle of theirs reads an image Aeron has unmapped.
     *
     * @return how many were still hosted (their owners should have closed them first).
     */
    int closeAll()
    {
        final Hosted[] left = hosted;
        for (final Hosted entry : left)
        {
            entry.close();
        }
        return left.length;
    }

    /** @return agents hosted now. */
    int size()
    {
        return hosted.length;
    }

    /** The driver's thread: one pass over the agents. @return the work they did. */
    int runAll()
    {
        int work = 0;
        for (final Hosted entry : hosted)
        {
            work += entry.run();
        }
        return work;
    }

    private synchronized void remove(final Hosted entry)
    {
        hosted = ArrayUtil.remove(hosted, entry); // by identity; the same array if it is not there
    }

    /** One agent on the driver's thread; {@link #close()} stops it. */
    public final class Hosted implements AutoCloseable
    {
        private static final int IDLE = 0;
        private static final int RUNNING = 1;
        private static final int STOPPED = 2;

        private final Agent agent;
        /** Whose turn: the driver's thread takes it for a pass (CAS: acquires what the last pass did), close takes it for good. */
        private final AtomicInteger turn = new AtomicInteger(IDLE);
        /** The driver's thread while it runs a pass: a close from inside the agent's own duty cycle must not wait for it. */
        private volatile Thread runner;

        private Hosted(final Agent agent)
        {
            this.agent = agent;
        }

        private int run()
        {
            if (!turn.compareAndSet(IDLE, RUNNING))
            {
                return 0; // stopped, or being stopped
            }
            int work = 0;
            runner = Thread.currentThread();
            try
            {
                for (int i = 0; i < CYCLES_PER_PASS; i++)
                {
                    final int done = agent.doWork();
                    work += Math.max(0, done);
                    if (done <= 0 || turn.get() == STOPPED)
                    {
                        break; // nothing more now, or it closed itself from its duty cycle
                    }
                }
                runner = null;
                Thread.interrupted(); // an agent's interrupt must not end the driver's runner
                turn.compareAndSet(RUNNING, IDLE); // release: the next pass, or close, sees what this one did
            }
            catch (final Exception | Error ex)
            {
                runner = null;
                Thread.interrupted();
                turn.set(STOPPED);
                remove(this);
                LOG.error("{} stopped: its duty cycle on the media driver's thread failed", agent.roleName(), ex);
            }
            return work;
        }

        /** @return true while the driver runs it (false once closed, or after its duty cycle failed). */
        public boolean isRunning()
        {
            return turn.get() != STOPPED;
        }

        /**
         * Stops running the agent: once this returns, the driver's thread neither runs it nor will. Idempotent. Does
         * not close the agent.
         */
        @Override
        public void close()
        {
            remove(this);
            if (runner == Thread.currentThread())
            {
                turn.set(STOPPED); // closed by the agent from its own duty cycle: this pass is the last
                return;
            }
            while (true)
            {
                final int now = turn.get();
                if (now == STOPPED || (now == IDLE && turn.compareAndSet(IDLE, STOPPED)))
                {
                    return;
                }
                Thread.onSpinWait(); // a pass of the driver's in progress: one duty cycle or a few
            }
        }
    }
}
