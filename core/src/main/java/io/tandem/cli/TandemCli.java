package io.tandem.cli;

import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.jvm.JvmFlags;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.internal.runtime.SessionId;
import io.tandem.internal.runtime.SessionSweeper;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code tandem} command-line tool:
 * <pre>
 * tandem ps                              live sessions, their processes (pid, state, backlogs) and rings
 * tandem top [-n frames] [session]       the same, redrawn every second with rates; q quits
 * tandem clean                           remove the sessions of dead owners, saying what was removed
 * tandem dump [session] process [cmd|reply]   print a process's queue in readable form
 * </pre>
 * A session is named by its directory name or its owner's pid; with one live session it may be left out.
 */
public final class TandemCli
{
    private final PrintStream out;
    private final Path root;

    TandemCli(final PrintStream out, final Path root)
    {
        this.out = out;
        this.root = root;
    }

    public static void main(final String[] args)
    {
        JvmFlags.verifyCurrentJvm();
        System.exit(new TandemCli(System.out, RuntimeRoot.configured()).run(args));
    }

    /** @return the exit code: 0 done, 1 failed, 2 bad usage. */
    int run(final String[] args)
    {
        if (args.length == 0)
        {
            return usage();
        }
        try
        {
            switch (args[0])
            {
                case "ps":
                    return ps();
                case "clean":
                    return clean();
                case "dump":
                    return dump(java.util.Arrays.copyOfRange(args, 1, args.length));
                case "top":
                    return new TopCommand(out, root).run(java.util.Arrays.copyOfRange(args, 1, args.length));
                default:
                    return usage();
            }
        }
        catch (final RuntimeException ex)
        {
            out.println("tandem " + args[0] + ": " + ex.getMessage());
            return 1;
        }
    }

    private int usage()
    {
        out.println("usage: tandem ps | top [-n frames] [session] | clean | dump [session] <process> [cmd|reply]");
        return 2;
    }

    private int ps()
    {
        final List<Path> sessions = SessionSweeper.liveSessions(root);
        if (sessions.isEmpty())
        {
            out.println("no live Tandem sessions under " + root);
            return 0;
        }
        for (final Path session : sessions)
        {
            final SessionId id = SessionId.parse(session.getFileName().toString()).orElseThrow();
            final String command = ProcessHandle.of(id.pid()).flatMap(h -> h.info().command()).orElse("?");
            out.printf(Locale.ROOT, "session %s  owner pid %d  up %s  %s%n", session.getFileName(), id.pid(),
                uptime(id.startMillis()), command);
            final SessionView view = SessionView.of(session);
            printProcesses(view);
            printRings(view);
        }
        return 0;
    }

    private void printProcesses(final SessionView view)
    {
        if (view.processes.isEmpty())
        {
            out.println("  (no processes)");
            return;
        }
        out.printf(Locale.ROOT, "  %-20s %-20s %8s %-9s %9s %-13s %9s %-13s %s%n", "PROCESS", "CLASS", "PID", "STATE",
            "COMMANDS", "CMD BACKLOG", "REPLIES", "REPLY BACKLOG", "MODE");
        for (final SessionView.ProcessRow p : view.processes)
        {
            out.printf(Locale.ROOT, "  %-20s %-20s %8d %-9s %9d %-13s %9d %-13s %s%n", p.name, p.className, p.pid,
                p.stateText(), p.commandsSent, p.commandBacklogText(), p.repliesSent, p.replyBacklogText(), p.mode);
        }
    }

    private void printRings(final SessionView view)
    {
        for (final SessionView.RingRow ring : view.rings)
        {
            if (ring.problem != null)
            {
                out.printf(Locale.ROOT, "  ring %-20s (%s)%n", ring.name, ring.problem);
                continue;
            }
            out.printf(Locale.ROOT, "  ring %-20s %-9s %d x %d bytes  published %d  producer %s%n", ring.name,
                ring.policy, ring.slotCount, ring.slotSize, ring.published, ring.producer);
            for (final io.tandem.ringbuffer.ConsumerStats c : ring.consumers)
            {
                out.printf(Locale.ROOT, "    consumer %-16s pid %-8d consumed %-10d dropped %-8d lag %d%n", c.name(), c.pid(),
                    c.consumed(), c.dropped(), c.lag());
            }
        }
    }

    private int clean()
    {
        final List<Path> removed = SessionSweeper.sweep(root);
        if (removed.isEmpty())
        {
            out.println("nothing to clean under " + root);
        }
        for (final Path dir : removed)
        {
            out.println("removed " + dir + " (its owner, pid " +
                SessionId.parse(dir.getFileName().toString()).map(SessionId::pid).orElse(-1L) + ", is gone)");
        }
        return 0;
    }

    private int dump(final String[] args)
    {
        if (args.length < 1)
        {
            return usage();
        }
        final List<String> rest = new ArrayList<>(java.util.Arrays.asList(args));
        String queueName = ProcessDirectoryDescriptor.COMMAND_QUEUE;
        final String last = rest.get(rest.size() - 1);
        if (rest.size() >= 2 && ProcessDirectoryDescriptor.isQueueName(last))
        {
            queueName = rest.remove(rest.size() - 1);
        }
        if (rest.size() > 2)
        {
            return usage();
        }
        final String sessionArg = rest.size() == 2 ? rest.get(0) : null;
        final String processName = rest.get(rest.size() - 1);
        final List<Path> sessions = SessionSweeper.liveSessions(root);
        final Path session = findSession(sessions, sessionArg);
        final Path queueDir = ProcessDirectoryDescriptor.processDirectory(session, processName).resolve(queueName);
        if (!Files.isDirectory(queueDir))
        {
            throw new IllegalArgumentException("no queue " + queueDir + " (is the process name right?)");
        }
        out.println("# " + queueDir);
        int count = 0;
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(queueDir).readOnly(true);
        rollCycleOf(queueDir).ifPresent(builder::rollCycle);
        try (SingleChronicleQueue queue = builder.build();
             ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> text = Bytes.allocateElasticOnHeap(256);
                    final Wire yaml = WireType.YAML_ONLY.apply(text);
                    dc.wire().copyTo(yaml);
                    out.printf(Locale.ROOT, "--- # index 0x%x%n%s%n", dc.index(), io.tandem.internal.channel.FrontendEvents
                        .withEventNames(new String(text.toByteArray(), StandardCharsets.UTF_8).trim()));
                    count++;
                }
            }
        }
        out.println("# " + count + " documents (queue files a reader has passed are deleted; see ProcessOptions)");
        return 0;
    }

    private static java.util.Optional<net.openhft.chronicle.queue.RollCycle> rollCycleOf(final Path queueDir)
    {
        try (java.util.stream.Stream<Path> files = Files.list(queueDir))
        {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).findFirst()
                .flatMap(io.tandem.internal.channel.QueueRollCycles::forFileName);
        }
        catch (final IOException ex)
        {
            return java.util.Optional.empty();
        }
    }

    private Path findSession(final List<Path> sessions, final String name)
    {
        if (name == null)
        {
            if (sessions.size() != 1)
            {
                throw new IllegalArgumentException(sessions.isEmpty() ? "no live session under " + root :
                    "several live sessions: name one (" + names(sessions) + ")");
            }
            return sessions.get(0);
        }
        for (final Path s : sessions)
        {
            final String dir = s.getFileName().toString();
            if (dir.equals(name) || dir.startsWith(name + "-"))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("no live session '" + name + "' (live: " + names(sessions) + ")");
    }

    private static String names(final List<Path> sessions)
    {
        final List<String> names = new ArrayList<>();
        sessions.forEach(s -> names.add(s.getFileName().toString()));
        return String.join(", ", names);
    }

    static String uptime(final long startMillis)
    {
        final Duration d = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startMillis));
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
}
