package io.tandem.perf.manager;

import io.tandem.perf.ChildJvm;
import io.tandem.perf.spawn.BareJvm;
import io.tandem.perf.spawn.ChronicleHelloPeer;
import io.tandem.perf.spawn.Knock;
import io.tandem.internal.runtime.FileTrees;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chronicle peer of the in-JVM fleet and of its idle poll: the usual Chronicle fan-in. N plain threads, each
 * reading its own command queue and all appending their answers to one shared reply queue ({@link BareQueues}:
 * Tandem's roll cycle and block size), which one tailer reads through a method reader. Each worker runs the bare
 * worker's loop ({@link ChronicleHelloPeer#serve}: Chronicle's balanced pauser when idle) and answers one knock;
 * the constructor returns when the tailer has read all N answers.
 *
 * <p>{@link #poll()} is then what a Chronicle manager pays to learn that none of its N workers has said anything:
 * one {@code readOne()} of the shared tailer, whatever N. This JVM's Knock reader and writer are generated before
 * the clock starts ({@link BareJvm#prepare()}), so the workers never run javac while timed.
 *
 * <pre>{@code
 * try (ChronicleFanIn fanIn = new ChronicleFanIn(1000)) {
 *     double seconds = fanIn.secondsToAllAnswered();
 *     boolean read = fanIn.poll();                       // false: all idle
 * }
 * }</pre>
 */
final class ChronicleFanIn implements AutoCloseable
{
    private final Path root = ChildJvm.shmFile("fan-in");
    private final List<SingleChronicleQueue> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final boolean[] answered;
    private final MethodReader replies;
    private volatile boolean running = true;
    private int answers;
    private final double secondsToAllAnswered;

    ChronicleFanIn(final int count) throws InterruptedException
    {
        BareJvm.prepare();
        answered = new boolean[count];
        final long start = System.nanoTime();
        try
        {
            final SingleChronicleQueue shared = open("replies");
            replies = shared.createTailer().methodReader((Knock)this::answered);
            for (int i = 0; i < count; i++)
            {
                final SingleChronicleQueue knocks = open("knock-" + i);
                final Thread thread = new Thread(() -> ChronicleHelloPeer.serve(knocks, shared, () -> running), "fan-in-worker-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
                knocks.methodWriter(Knock.class).knock(i);
            }
            final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (answers < count)
            {
                if (!replies.readOne())
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        throw new IllegalStateException(answers + " of " + count + " fan-in workers answered in 5 minutes");
                    }
                    Thread.onSpinWait();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        secondsToAllAnswered = (System.nanoTime() - start) / 1e9;
    }

    private void answered(final long worker)
    {
        if (answered[(int)worker])
        {
            throw new IllegalStateException("worker " + worker + " answered twice");
        }
        answered[(int)worker] = true;
        answers++;
    }

    double secondsToAllAnswered()
    {
        return secondsToAllAnswered;
    }

    /** @return true if the shared tailer read an answer: one poll of the fan-in (false while every worker is idle). */
    boolean poll()
    {
        return replies.readOne();
    }

    private SingleChronicleQueue open(final String name)
    {
        final SingleChronicleQueue queue = BareQueues.open(root.resolve(name));
        queues.add(queue);
        return queue;
    }

    @Override
    public void close()
    {
        running = false;
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        queues.forEach(SingleChronicleQueue::close);
        queues.clear();
        FileTrees.deleteRecursively(root);
    }
}
