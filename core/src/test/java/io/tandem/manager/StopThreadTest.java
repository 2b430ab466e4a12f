package io.tandem.manager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MainContext#stopThread(Duration)}: a harness's stop that cannot hang on a loop that does not end. */
@Timeout(60)
class StopThreadTest
{
    @Test
    void aBoundedStopReturnsFalseWhileTheLoopRunsAndTrueOnceItEnded() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final MainContext stubborn = new MainContext()
        {
            @Override
            protected void startProcesses()
            {
                // no workers: the loop alone is under test
            }

            @Override
            public void run() throws Exception
            {
                release.await(30, TimeUnit.SECONDS); // deaf to requestStop until released
            }
        };
        stubborn.runAsThread();
        final long t0 = System.nanoTime();
        assertFalse(stubborn.stopThread(Duration.ofMillis(200)), "the loop has not ended");
        final long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 200 && ms < 5_000, "returned after " + ms + " ms");
        release.countDown();
        assertTrue(stubborn.stopThread(Duration.ofSeconds(10)), "the loop ended once released");
        assertTrue(stubborn.isStopRequested());
    }
}
