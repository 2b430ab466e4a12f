package io.tandem.perf.spawn;

import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.threads.Pauser;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The bare Chronicle worker: what a JVM-per-worker design costs without Tandem. It answers each
 * {@link Knock} on the first queue through a method writer on the second, and between messages waits the
 * Chronicle way ({@code Pauser.balancedUpToMillis(20)}, the same 20 ms bound as Tandem's default back-off).
 * It runs until its stdin closes (the parent's tether), like a backend.
 */
public final class ChronicleHelloPeer
{
    private static final int MAX_PAUSE_MS = 20;

    private static volatile boolean tetherCut;

    private ChronicleHelloPeer()
    {
    }

    public static void main(final String[] args)
    {
        final Thread tether = new Thread(ChronicleHelloPeer::watchStdin, "tether");
        tether.setDaemon(true);
        tether.start();
        try (ChronicleQueue knocks = SingleChronicleQueueBuilder.binary(args[0]).build();
             ChronicleQueue answers = SingleChronicleQueueBuilder.binary(args[1]).build())
        {
            serve(knocks, answers, () -> !tetherCut);
        }
    }

    /**
     * Answers each knock on {@code knocks} through {@code answers} while {@code running} says so, waiting the
     * Chronicle way between them: the bare worker's loop, in its own JVM or on a thread.
     */
    public static void serve(final ChronicleQueue knocks, final ChronicleQueue answers, final BooleanSupplier running)
    {
        final Knock answer = answers.methodWriter(Knock.class);
        final MethodReader reader = knocks.createTailer().methodReader((Knock)answer::knock);
        final Pauser pauser = Pauser.balancedUpToMillis(MAX_PAUSE_MS);
        while (running.getAsBoolean())
        {
            if (reader.readOne())
            {
                pauser.reset();
            }
            else
            {
                pauser.pause();
            }
        }
    }

    private static void watchStdin()
    {
        try
        {
            while (System.in.read() >= 0)
            {
                // nothing is sent; EOF means the parent closed the pipe or died
            }
        }
        catch (final IOException ignored)
        {
            // a broken pipe is a cut tether too
        }
        tetherCut = true;
    }
}
