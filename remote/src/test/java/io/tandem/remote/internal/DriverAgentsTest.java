package io.tandem.remote.internal;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agents on the media driver's thread: run in its duty cycles, counted as its work, stopped safely. The tests run on a
 * thread of their own, so a close that spins forever (a broken handshake) fails at the timeout instead of hanging.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DriverAgentsTest
{
    /** An agent whose duty cycle does what the test says, counting its calls. */
    private static final class TestAgent implements Agent
    {
        final AtomicInteger calls = new AtomicInteger();
        final IntSupplier work;

        TestAgent(final IntSupplier work)
        {
            this.work = work;
        }

        @Override
        public int doWork()
        {
            calls.incrementAndGet();
            return work.getAsInt();
        }

        @Override
        public String roleName()
        {
            return "test-agent";
        }
    }

    /** The driver's own idle strategy, recording the work counts it is given. */
    private static final class RecordingIdle implements IdleStrategy
    {
        int lastWorkCount = -1;

        @Override
        public void idle(final int workCount)
        {
            lastWorkCount = workCount;
        }

        @Override
        public void idle()
        {
        }

        @Override
        public void reset()
        {
        }
    }

    @Test
    void hostedAgentsRunInTheDriversIdleAndTheirWorkKeepsItFromBackingOff()
    {
        final DriverAgents agents = new DriverAgents();
        final RecordingIdle inner = new RecordingIdle();
        final IdleStrategy idle = agents.idleAfter(inner);
        final TestAgent busy = new TestAgent(() -> 3);
        final TestAgent quiet = new TestAgent(() -> 0);
        agents.host(busy);
        agents.host(quiet);

        idle.idle(2); // the driver did 2 things this duty cycle
        assertEquals(DriverAgents.CYCLES_PER_PASS, busy.calls.get(), "an agent with work runs again, up to the pass's cycles");
        assertEquals(1, quiet.calls.get(), "an agent without work once");
        assertEquals(2 + 3 * DriverAgents.CYCLES_PER_PASS, inner.lastWorkCount, "the agents' work counts as the driver's");

        idle.idle(0);
        assertEquals(2, quiet.calls.get(), "run in every duty cycle");
    }

    @Test
    void aClosedAgentIsNeverRunAgain()
    {
        final DriverAgents agents = new DriverAgents();
        final TestAgent agent = new TestAgent(() -> 0);
        final DriverAgents.Hosted hosted = agents.host(agent);
        agents.runAll();
        assertTrue(hosted.isRunning());
        hosted.close();
        hosted.close(); // idempotent
        assertFalse(hosted.isRunning());
        assertEquals(0, agents.size(), "unlisted");
        agents.runAll();
        assertEquals(1, agent.calls.get(), "not run after close");
    }

    @Test
    void closeWaitsForADutyCycleInProgressOnTheDriversThread() throws Exception
    {
        final DriverAgents agents = new DriverAgents();
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        final AtomicBoolean passEnded = new AtomicBoolean();
        final TestAgent agent = new TestAgent(() ->
        {
            inside.countDown();
            try
            {
                letGo.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            passEnded.set(true);
            return 0;
        });
        final DriverAgents.Hosted hosted = agents.host(agent);
        final Thread driver = new Thread(agents::runAll, "test-driver");
        driver.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS), "the driver's thread runs the agent");

        final Thread closer = new Thread(hosted::close, "test-closer");
        closer.start();
        closer.join(200);
        assertTrue(closer.isAlive(), "close waits while the driver's thread is inside the agent's duty cycle");
        letGo.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close returns once the pass ended");
        assertTrue(passEnded.get(), "and only then: what the agent uses may be closed now");
        driver.join(10_000);
        agents.runAll();
        assertEquals(1, agent.calls.get(), "never run again");
    }

    @Test
    void anAgentClosingItselfFromItsOwnDutyCycleDoesNotWaitForItself()
    {
        final DriverAgents agents = new DriverAgents();
        final DriverAgents.Hosted[] self = new DriverAgents.Hosted[1];
        final TestAgent agent = new TestAgent(() ->
        {
            self[0].close();
            return 1;
        });
        self[0] = agents.host(agent);
        agents.runAll();
        assertFalse(self[0].isRunning());
        agents.runAll();
        assertEquals(1, agent.calls.get(), "that pass was its last");
    }

    @Test
    void anAgentWhoseDutyCycleThrowsIsDroppedAndTheOthersGoOn()
    {
        final DriverAgents agents = new DriverAgents();
        final TestAgent failing = new TestAgent(() ->
        {
            throw new IllegalStateException("broken on purpose");
        });
        final TestAgent healthy = new TestAgent(() -> 0);
        final DriverAgents.Hosted failed = agents.host(failing);
        agents.host(healthy);
        agents.runAll(); // must not throw into the driver
        assertFalse(failed.isRunning(), "dropped");
        agents.runAll();
        assertEquals(1, failing.calls.get());
        assertEquals(2, healthy.calls.get(), "the others still run");
        failed.close(); // closing a dropped one returns at once
    }

    @Test
    void closeAllStopsEveryAgentBeforeTheClientCloses()
    {
        final DriverAgents agents = new DriverAgents();
        final TestAgent first = new TestAgent(() -> 0);
        final TestAgent second = new TestAgent(() -> 0);
        final DriverAgents.Hosted a = agents.host(first);
        final DriverAgents.Hosted b = agents.host(second);
        assertEquals(2, agents.closeAll(), "both were still hosted");
        assertFalse(a.isRunning());
        assertFalse(b.isRunning());
        agents.runAll();
        assertEquals(0, first.calls.get() + second.calls.get(), "neither runs after");
        assertEquals(0, agents.closeAll());
    }

    @Test
    void anAgentsInterruptDoesNotReachTheDriversRunner() throws Exception
    {
        final DriverAgents agents = new DriverAgents();
        agents.host(new TestAgent(() ->
        {
            Thread.currentThread().interrupt();
            return 0;
        }));
        final boolean[] interruptedAfter = {true};
        final Thread driver = new Thread(() ->
        {
            agents.runAll();
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        }, "test-driver");
        driver.start();
        driver.join(10_000);
        assertFalse(driver.isAlive());
        assertFalse(interruptedAfter[0], "Agrona's runner would stop the media driver on an interrupted thread");
    }
}
