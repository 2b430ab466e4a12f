package io.tandem.perf.manager;

import io.tandem.perf.ChildJvm;
import io.tandem.perf.spawn.BareJvm;
import io.tandem.perf.spawn.ChronicleHelloPeer;
import io.tandem.perf.spawn.Knock;
import io.tandem.runtime.FileTrees;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the in-JVM fleet: N plain threads, each with a command and a reply Chronicle Queue
 * ({@link BareQueues}), answering one knock in the bare worker's loop ({@link ChronicleHelloPeer#serve}); the
 * frontend side polls the N reply queues until all have answered. What a thousand queue-connected workers cost
 * in one JVM without Tandem's process table, registry or dispatch.
 */
final class BareThreadFleet implements AutoCloseable
{
    private final Path root = ChildJvm.shmFile("bare-threads");
    private final List<SingleChronicleQueue> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private final double secondsToAllAnswered;

    BareThreadFleet(final int count) throws InterruptedException
    {
        BareJvm.prepare(); // this JVM generates its Knock writer and readers (javac) before the clock starts
        final long start = System.nanoTime();
        final List<MethodReader> answerReaders = new ArrayList<>();
        final boolean[] answered = new boolean[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                final SingleChronicleQueue knocks = open("knock-" + i);
                final SingleChronicleQueue answers = open("answer-" + i);
                final int worker = i;
                answerReaders.add(answers.createTailer().methodReader((Knock)value -> answered[worker] = true));
                final Thread thread = new Thread(() -> ChronicleHelloPeer.serve(knocks, answers, () -> running), "bare-worker-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
                knocks.methodWriter(Knock.class).knock(i);
            }
            final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            int done = 0;
            while (done < count)
            {
                done = 0;
                for (int i = 0; i < count; i++)
                {
                    if (!answered[i])
                    {
                        answerReaders.get(i).readOne();
                    }
                    done += answered[i] ? 1 : 0;
                }
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(done + " of " + count + " bare threads answered in 5 minutes");
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

    double secondsToAllAnswered()
    {
        return secondsToAllAnswered;
    }

    private SingleChronicleQueue open(final String name)
    {
        final SingleChronicleQueue queue = BareQueues.open(root.resolve(name));
        synchronized (queues)
        {
            queues.add(queue);
        }
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
        synchronized (queues)
        {
            queues.forEach(SingleChronicleQueue::close);
            queues.clear();
        }
        FileTrees.deleteRecursively(root);
    }
}
