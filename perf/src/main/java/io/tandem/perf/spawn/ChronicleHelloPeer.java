package io.tandem.perf.spawn;

import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.threads.Pauser;
import net.openhft.chronicle.wire.VanillaMethodReader;
import net.openhft.chronicle.wire.VanillaMethodReaderBuilder;
import net.openhft.chronicle.wire.VanillaMethodWriterBuilder;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/**
 * The bare Chronicle worker: what a JVM-per-worker design costs without Tandem. It answers each
 * {@link Knock} on the first queue through a method writer on the second, and between messages waits the
 * Chronicle way ({@code Pauser.balancedUpToMillis(20)}, the same 20 ms bound as Tandem's default back-off).
 * It runs until its stdin closes (the parent's tether), like a backend. Started as {@link BareWorker} says, it
 * checks that Chronicle honoured that: with code generation off its writer must be a JDK proxy and its reader
 * reflective, with it on both generated; otherwise it exits with code 2 instead of answering (a renamed property
 * must not quietly change what the peer measures).
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
            final Knock answer = answers.methodWriter(Knock.class);
            final MethodReader reader = knocks.createTailer().methodReader((Knock)answer::knock);
            final String mismatch = codegenMismatch(answer, reader);
            if (mismatch != null)
            {
                System.err.println("bare Chronicle worker: " + mismatch);
                System.exit(2);
            }
            serve(reader, () -> !tetherCut);
        }
    }

    /**
     * Answers each knock on {@code knocks} through {@code answers} while {@code running} says so, waiting the
     * Chronicle way between them: the bare worker's loop, on a thread ({@code answers} may be shared by many).
     */
    public static void serve(final ChronicleQueue knocks, final ChronicleQueue answers, final BooleanSupplier running)
    {
        final Knock answer = answers.methodWriter(Knock.class);
        serve(knocks.createTailer().methodReader((Knock)answer::knock), running);
    }

    private static void serve(final MethodReader reader, final BooleanSupplier running)
    {
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

    /** @return why the writer or reader is not what this JVM's Chronicle properties ask for, or null if they are. */
    static String codegenMismatch(final Object writer, final MethodReader reader)
    {
        final boolean writerOff = Jvm.getBoolean(VanillaMethodWriterBuilder.DISABLE_WRITER_PROXY_CODEGEN);
        final boolean readerOff = Jvm.getBoolean(VanillaMethodReaderBuilder.DISABLE_READER_PROXY_CODEGEN);
        if (writerOff != Proxy.isProxyClass(writer.getClass()))
        {
            return "code generation " + (writerOff ? "off" : "on") + " but the method writer is a " + writer.getClass().getName();
        }
        if (readerOff != reader instanceof VanillaMethodReader)
        {
            return "reader code generation " + (readerOff ? "off" : "on") + " but the method reader is a " + reader.getClass().getName();
        }
        return null;
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
