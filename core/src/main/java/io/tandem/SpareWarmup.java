package io.tandem;

import io.tandem.failure.Direction;
import io.tandem.internal.channel.Backlog;
import io.tandem.internal.channel.MeteredIn;
import io.tandem.internal.channel.ProtocolWriter;
import io.tandem.internal.channel.QueueSender;
import io.tandem.internal.channel.Queues;
import io.tandem.internal.channel.WireMessage;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.idle.Doorbell;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a spare backend JVM runs before it is claimed, in its own directory, deleted after: Tandem's whole backend
 * path once, on a process of Tandem's own ({@link Probe}): a start document, {@value #COMMANDS} commands and calls
 * and a stop written as a frontend writes them, then {@link BackendRuntime} run on them (queues opened, state
 * decoded, context made, commands dispatched, replies and results written, postRun); then {@value #ROUNDS} messages
 * through Tandem's sender and a metered tailer for the channel layer's hot methods. It loads the classes a
 * backend's start needs and gets the hot ones compiled, so the claimed spare's start and first command run at speed.
 * Never user code: a spare must not run anything of the user's before it is some process. Fewer commands than
 * {@code Codegen}'s threshold: the probe's reader is never compiled (it would be of no use to any process).
 */
final class SpareWarmup
{
    /** Commands and calls the probe process serves: under {@code Codegen}'s default threshold of 1,000 documents. */
    static final int COMMANDS = 600;
    /** Sleeps on the spare's own doorbells, each way (see {@link #sleepOnBells}). */
    static final int BELL_SLEEPS = 3;
    /** How long each of those sleeps lasts: nobody rings a spare's bells before its claim. */
    static final long BELL_SLEEP_NANOS = 100_000;
    /** Messages written and read through the channel layer alone. */
    static final int ROUNDS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(SpareWarmup.class);

    private SpareWarmup()
    {
    }

    /**
     * @param spareDir  the spare's directory (the scratch process directory goes there, and is deleted after).
     * @param table     the session's process table.
     * @param spareSlot the spare's own slot (the probe runs in it; its counters are reset when the slot is claimed).
     */
    static void run(final Path spareDir, final ProcessTable table, final int spareSlot)
    {
        if (!Files.isDirectory(spareDir))
        {
            return; // the frontend is gone or closed its spares: do not make the directory again
        }
        final long start = System.nanoTime();
        final Path processDir = spareDir.resolve("warm");
        try
        {
            final int served = backendPath(processDir, table, spareSlot);
            final long checksum = channel(ProcessDirectoryDescriptor.commandQueue(spareDir), table, spareSlot);
            sleepOnBells(table, spareSlot);
            LOG.debug("warmed up in {} ms ({} replies, checksum {})", (System.nanoTime() - start) / 1_000_000, served,
                checksum);
        }
        catch (final RuntimeException ex)
        {
            LOG.debug("warm-up cut short: {}", ex.toString(), ex); // a colder spare is still a spare
        }
        finally
        {
            FileTrees.deleteRecursively(processDir);
            FileTrees.deleteRecursively(ProcessDirectoryDescriptor.commandQueue(spareDir));
        }
    }

    /** @return the replies the probe wrote: its backend run as a claimed spare's will be. */
    private static int backendPath(final Path processDir, final ProcessTable table, final int slot)
    {
        final ProcessOptions o = ProcessOptions.defaults();
        io.tandem.internal.runtime.FileModes.ensureDirectory(processDir);
        final Probe probe = new Probe();
        final Method square;
        try
        {
            square = ProbeCommands.class.getMethod("square", long.class);
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalStateException(ex);
        }
        final QueueSender commands = QueueSender.open(ProcessDirectoryDescriptor.commandQueue(processDir), o.rollCycle(),
                o.queueBlockSize(), null, o.indexReserveBytes())
            .process(Probe.NAME, Direction.COMMANDS)
            .backlog(Backlog.of(table, slot, Direction.COMMANDS, o.commandBacklog()))
            .maxMessageBytes(o.maxMessageBytes())
            .build();
        try
        {
            final ProtocolWriter writer = new ProtocolWriter(commands);
            writer.start(StateShipper.encode(probe));
            final Map<String, Object> parameters = new LinkedHashMap<>();
            for (int i = 0; i < COMMANDS; i++)
            {
                if ((i & 1) == 0)
                {
                    writer.call(i, square.getName(), square.getParameterTypes(), new Object[] {(long)i});
                }
                else
                {
                    parameters.put("text", "warm");
                    parameters.put("n", i);
                    writer.message(new WireMessage("echo", parameters));
                }
            }
            writer.stop();
        }
        finally
        {
            commands.close();
        }
        final int exit = new BackendRuntime(processDir, o.rollCycle(), o.queueBlockSize(), slot, table).run();
        if (exit != 0)
        {
            throw new IllegalStateException("the warm-up backend exited with code " + exit);
        }
        int replies = 0;
        try (SingleChronicleQueue queue = Queues.open(ProcessDirectoryDescriptor.replyQueue(processDir), o.rollCycle(),
            o.queueBlockSize(), null, true))
        {
            final MeteredIn in = new MeteredIn(queue.createTailer(), Backlog.of(table, slot, Direction.REPLIES, 0));
            while (read(in) > 0)
            {
                replies++;
            }
        }
        return replies;
    }

    /**
     * Sleeps briefly on the spare's own doorbells, alone and together: the futex binding (JNR, a native library
     * extracted and linked: about 10 ms) loads on a JVM's first sleep, and the probe's backend never sleeps (its
     * commands are all queued before it runs), so without this the claimed process's first idle pass paid it.
     */
    private static void sleepOnBells(final ProcessTable table, final int slot)
    {
        final Doorbell command = table.commandBell(slot);
        final Doorbell reply = table.replyBell(slot);
        for (int i = 0; i < BELL_SLEEPS; i++)
        {
            command.sleep(() -> false, BELL_SLEEP_NANOS);
            Doorbell.sleep(new Doorbell[] {command, reply}, () -> false, BELL_SLEEP_NANOS);
        }
    }

    /** @return a checksum of what was read: Tandem's sender and a metered tailer, {@value #ROUNDS} messages each way. */
    private static long channel(final Path queueDir, final ProcessTable table, final int slot)
    {
        final ProcessOptions o = ProcessOptions.defaults();
        QueueSender sender = null;
        try (SingleChronicleQueue queue = Queues.open(queueDir, o.rollCycle(), o.queueBlockSize(), null, true))
        {
            sender = QueueSender.open(queueDir, o.rollCycle(), o.queueBlockSize(), null, o.indexReserveBytes())
                .process(Probe.NAME, Direction.COMMANDS)
                .backlog(Backlog.of(table, slot, Direction.COMMANDS, o.commandBacklog()))
                .maxMessageBytes(o.maxMessageBytes())
                .build();
            final ProtocolWriter writer = new ProtocolWriter(sender);
            final MeteredIn in = new MeteredIn(queue.createTailer(), Backlog.of(table, slot, Direction.COMMANDS, 0));
            final Map<String, Object> parameters = new LinkedHashMap<>();
            long checksum = 0;
            for (int i = 0; i < ROUNDS; i++)
            {
                parameters.put("i", i);
                writer.message(new WireMessage("warm", parameters));
                writer.result(i, i);
                checksum += read(in) + read(in);
            }
            return checksum;
        }
        finally
        {
            if (sender != null)
            {
                sender.close();
            }
        }
    }

    /** @return a number from the next document (0 if none), so the decoding cannot be left out. */
    private static long read(final MeteredIn in)
    {
        try (DocumentContext dc = in.readingDocument())
        {
            if (!dc.isPresent())
            {
                return 0;
            }
            final String event = dc.wire().readEvent(String.class);
            final Object value = dc.wire().getValueIn().object();
            return 1 + event.length() + (value instanceof WireMessage ? ((WireMessage)value).parameters().size() : 0);
        }
    }

    /** Commands of {@link Probe}. Public: the backend's method reader calls them as it calls a user's. */
    public interface ProbeCommands
    {
        /** @return {@code n * n}, a call's result. */
        long square(long n);

        /** Sends {@code text} back as a message. */
        void echo(String text, int n);
    }

    /** Tandem's own process, run only by a spare's warm-up, in the spare's own scratch directory. */
    public static final class Probe extends MessageProcess implements ProbeCommands
    {
        static final String NAME = "spare-warmup";

        private final int[] shipped = {1, 2, 3}; // a field to ship, as processes have

        Probe()
        {
            super(NAME, ProcessOptions.defaults());
        }

        @Override
        public long square(final long n)
        {
            return n * n + shipped.length - 3;
        }

        @Override
        public void echo(final String text, final int n)
        {
            sendOut(new MessageObject("echo", "text", text, "n", n));
        }
    }
}
