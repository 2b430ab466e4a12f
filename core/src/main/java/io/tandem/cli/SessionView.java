package io.tandem.cli;

import io.tandem.ringbuffer.ConsumerStats;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.internal.runtime.Registry;
import io.tandem.internal.runtime.SessionId;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMANDS_RUN_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMANDS_SENT_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMAND_BACKLOG_LIMIT_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMAND_BYTES_READ_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMAND_BYTES_WRITTEN_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.GENERATION_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLIES_READ_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLIES_SENT_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLY_BACKLOG_LIMIT_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLY_BYTES_READ_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLY_BYTES_WRITTEN_OFFSET;

/**
 * One look at a live session, read-only, from its registry, process table and rings: what {@code tandem ps}
 * prints and {@code tandem top} redraws. Reading never disturbs the processes: the table's counters are
 * each written by one side and only read here.
 */
final class SessionView
{
    final Path dir;
    final SessionId id;
    final long takenNanos;
    final List<ProcessRow> processes;
    final List<RingRow> rings;

    private SessionView(final Path dir, final SessionId id, final List<ProcessRow> processes, final List<RingRow> rings)
    {
        this.dir = dir;
        this.id = id;
        this.takenNanos = System.nanoTime();
        this.processes = processes;
        this.rings = rings;
    }

    /** @return what the session in {@code dir} looks like now. */
    static SessionView of(final Path dir)
    {
        final SessionId id = SessionId.parse(dir.getFileName().toString()).orElseThrow(
            () -> new IllegalArgumentException(dir + " is not a session directory"));
        return new SessionView(dir, id, processes(dir), rings(dir));
    }

    private static List<ProcessRow> processes(final Path session)
    {
        if (!Files.exists(session.resolve(Registry.FILE)) || !Files.exists(session.resolve(ProcessTable.FILE)))
        {
            return Collections.emptyList();
        }
        final Map<String, Map<String, String>> entries;
        try (Registry registry = Registry.open(session))
        {
            entries = registry.entries();
        }
        final ProcessTable table = ProcessTable.open(session.resolve(ProcessTable.FILE));
        final List<ProcessRow> rows = new ArrayList<>();
        for (final Map.Entry<String, Map<String, String>> e : entries.entrySet())
        {
            final Map<String, String> f = e.getValue();
            final int slot = Integer.parseInt(f.getOrDefault("slot", "-1"));
            if (slot >= 0 && slot < table.capacity())
            {
                rows.add(new ProcessRow(e.getKey(), f.getOrDefault("class", "?"), f.getOrDefault("mode", "?"), table, slot));
            }
        }
        return rows;
    }

    private static List<RingRow> rings(final Path session)
    {
        final Path dir = session.resolve("rings");
        final List<RingRow> rows = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return rows;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir))
        {
            for (final Path file : files)
            {
                rows.add(RingRow.of(file));
            }
        }
        catch (final IOException ex)
        {
            rows.add(new RingRow(dir.getFileName().toString(), ex.getMessage()));
        }
        return rows;
    }

    /** A process as the table shows it. */
    static final class ProcessRow
    {
        final String name;
        final String className;
        final String mode;
        final long pid;
        final int state;
        final int exitCode;
        final long generation;
        final long commandsSent;
        final long commandsRun;
        final long repliesSent;
        final long repliesRead;
        final long commandBacklog;
        final long commandLimit;
        final long replyBacklog;
        final long replyLimit;

        ProcessRow(final String name, final String className, final String mode, final ProcessTable table, final int slot)
        {
            this.name = name;
            this.className = className.substring(className.lastIndexOf('.') + 1);
            this.mode = mode;
            this.pid = table.pid(slot);
            this.state = table.state(slot);
            this.exitCode = table.exitCode(slot);
            this.generation = table.counter(slot, GENERATION_OFFSET);
            this.commandsSent = table.counter(slot, COMMANDS_SENT_OFFSET);
            this.commandsRun = table.counter(slot, COMMANDS_RUN_OFFSET);
            this.repliesSent = table.counter(slot, REPLIES_SENT_OFFSET);
            this.repliesRead = table.counter(slot, REPLIES_READ_OFFSET);
            // read counters first: the written ones only grow, so the difference is never negative by a race
            final long commandBytesRead = table.counter(slot, COMMAND_BYTES_READ_OFFSET);
            final long replyBytesRead = table.counter(slot, REPLY_BYTES_READ_OFFSET);
            this.commandBacklog = Math.max(0, table.counter(slot, COMMAND_BYTES_WRITTEN_OFFSET) - commandBytesRead);
            this.replyBacklog = Math.max(0, table.counter(slot, REPLY_BYTES_WRITTEN_OFFSET) - replyBytesRead);
            this.commandLimit = table.counter(slot, COMMAND_BACKLOG_LIMIT_OFFSET);
            this.replyLimit = table.counter(slot, REPLY_BACKLOG_LIMIT_OFFSET);
        }

        String stateText()
        {
            return state == ProcessTableDescriptor.EXITED ? "exit " + exitCode : ProcessTableDescriptor.stateName(state);
        }

        String commandBacklogText()
        {
            return Sizes.of(commandBacklog) + "/" + Sizes.of(commandLimit);
        }

        String replyBacklogText()
        {
            return Sizes.of(replyBacklog) + "/" + Sizes.of(replyLimit);
        }
    }

    /** A ring and its consumers. */
    static final class RingRow
    {
        final String name;
        final String problem;
        final String policy;
        final int slotCount;
        final int slotSize;
        final long published;
        final String producer;
        final List<ConsumerStats> consumers;

        private RingRow(final String name, final String policy, final int slotCount, final int slotSize,
            final long published, final String producer, final List<ConsumerStats> consumers)
        {
            this.name = name;
            this.problem = null;
            this.policy = policy;
            this.slotCount = slotCount;
            this.slotSize = slotSize;
            this.published = published;
            this.producer = producer;
            this.consumers = consumers;
        }

        RingRow(final String name, final String problem)
        {
            this.name = name;
            this.problem = problem;
            this.policy = "?";
            this.slotCount = 0;
            this.slotSize = 0;
            this.published = 0;
            this.producer = "?";
            this.consumers = Collections.emptyList();
        }

        static RingRow of(final Path file)
        {
            try (RingBuffer ring = RingBuffer.attach(file).build())
            {
                return new RingRow(file.getFileName().toString(), ring.policy().name(), ring.slotCount(), ring.slotSize(),
                    ring.published(), ring.producerStatus().toString(), ring.consumers());
            }
            catch (final RuntimeException ex)
            {
                return new RingRow(file.getFileName().toString(), ex.getMessage());
            }
        }
    }
}
