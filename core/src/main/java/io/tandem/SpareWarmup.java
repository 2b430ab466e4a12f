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
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a spare backend JVM runs before it is claimed: a scratch command queue in its own directory, written through
 * Tandem's sender and protocol writer and read back through a metered tailer, {@value #ROUNDS} times, then deleted.
 * It loads the classes a backend's start needs (Chronicle's queue, wire and mapped-file code, Tandem's channel
 * layer) and gets their hot methods compiled, so the claimed spare's first command runs at speed. Never user code:
 * a spare must not run anything of the user's before it is some process.
 */
final class SpareWarmup
{
    /** Messages written and read: enough for the client compiler to compile the paths (its threshold is ~1,500 calls). */
    static final int ROUNDS = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(SpareWarmup.class);

    private SpareWarmup()
    {
    }

    /**
     * @param spareDir  the spare's directory (the queue goes there, and is deleted after).
     * @param table     the session's process table.
     * @param spareSlot the spare's own slot (its backlog counters are used and balanced again).
     */
    static void run(final Path spareDir, final ProcessTable table, final int spareSlot)
    {
        if (!Files.isDirectory(spareDir))
        {
            return; // the frontend is gone or closed its spares: do not make the directory again
        }
        final long start = System.nanoTime();
        final ProcessOptions o = ProcessOptions.defaults();
        final Path queueDir = ProcessDirectoryDescriptor.commandQueue(spareDir);
        QueueSender sender = null;
        try (SingleChronicleQueue queue = Queues.open(queueDir, o.rollCycle(), o.queueBlockSize(), null, true))
        {
            sender = QueueSender.open(queueDir, o.rollCycle(), o.queueBlockSize(), null, o.indexReserveBytes())
                .process("spare", Direction.COMMANDS)
                .backlog(Backlog.of(table, spareSlot, Direction.COMMANDS, o.commandBacklog()))
                .maxMessageBytes(o.maxMessageBytes())
                .build();
            final ProtocolWriter writer = new ProtocolWriter(sender);
            final MeteredIn in = new MeteredIn(queue.createTailer(), Backlog.of(table, spareSlot, Direction.COMMANDS, 0));
            final Map<String, Object> parameters = new LinkedHashMap<>();
            long checksum = 0;
            for (int i = 0; i < ROUNDS; i++)
            {
                parameters.put("i", i);
                parameters.put("text", "warm");
                writer.message(new WireMessage("warm", parameters));
                writer.result(i, i);
                checksum += read(in) + read(in);
            }
            LOG.debug("warmed up in {} ms ({} documents, checksum {})", (System.nanoTime() - start) / 1_000_000,
                2 * ROUNDS, checksum);
        }
        catch (final RuntimeException ex)
        {
            LOG.debug("warm-up cut short: {}", ex.toString()); // a colder spare is still a spare
        }
        finally
        {
            if (sender != null)
            {
                sender.close();
            }
            FileTrees.deleteRecursively(queueDir);
        }
    }

    /** @return a number from the next document, so the decoding cannot be left out. */
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
            return event.length() + (value instanceof WireMessage ? ((WireMessage)value).parameters().size() : 1);
        }
    }
}
