package io.tandem.perf.chaos;

import io.tandem.ProcessOptions;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.perf.ChildJvm;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.runtime.ProcessTable;
import io.tandem.runtime.Registry;
import io.tandem.runtime.Session;
import io.tandem.runtime.SessionSweeper;
import io.tandem.sync.EventGroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Corrupted and truncated runtime files, one kind each: a queue cycle file, the process table, the registry, an
 * event group, a shared array's header, a ring's header. Each runs in a child frontend ({@link ChildFrontend}
 * {@code corrupt}) so a crash costs the run nothing but that JVM: it makes the file, damages it (random bytes
 * over its first 4 KiB, or cut to 16 bytes), then attaches to it as a second party would ({@code tandem ps}, a
 * starting backend, a process attaching by name) and prints what happened. Its creator then halts without
 * closing (a frontend that died with a bad file), and the run sweeps the session.
 *
 * <p>The promise (README, "What happens when things fail"): an exception naming the path, within the attach
 * bound; no JVM crashes; the sweep removes the session. For the queue file the backend is reading, a call after
 * the damage must either answer right or fail with an exception naming the file.
 */
final class CorruptFiles
{
    static final List<String> KINDS = List.of("queue-file", "process-table", "registry", "event-group", "array-header",
        "ring-header");
    /** An attach to a damaged file must fail within this (its attach timeout is 1 s). */
    static final double ATTACH_BOUND_MS = 2000;
    private static final int DAMAGE_BYTES = 4096;
    private static final int TRUNCATED_LENGTH = 16;

    private CorruptFiles()
    {
    }

    static List<Fault> all()
    {
        final List<Fault> faults = new ArrayList<>();
        for (final String kind : KINDS)
        {
            faults.add(new BackendFaults.Simple("corrupt-" + kind, (kind.equals("queue-file")
                ? "a call after its queue file is damaged answers right or fails naming the file"
                : "attaching to the damaged file throws an exception naming its path within " + (int)ATTACH_BOUND_MS + " ms")
                + "; no JVM crashes; the sweep removes the session", ctx -> inject(ctx, kind)));
        }
        return faults;
    }

    private static Outcome inject(final ChaosContext ctx, final String kind) throws Exception
    {
        final String mode = ctx.random.nextBoolean() ? "garbage" : "truncate";
        try (ChildJvm child = ctx.childFrontend(List.of(), "corrupt", kind, mode, Long.toString(ctx.random.nextLong())))
        {
            final String[] session;
            final String[] file;
            final String[] result;
            try
            {
                session = FrontendFaults.awaitLine(child, "SESSION");
                ctx.trackSession(Path.of(session[1]));
                file = FrontendFaults.awaitLine(child, "FILE");
                result = FrontendFaults.awaitLine(child, "RESULT");
            }
            catch (final IOException ex)
            {
                return Outcome.unexpected(Double.NaN, mode + ": " + ex.getMessage() + " (a crash: no JVM may crash on a bad file)");
            }
            final int exit = child.process().waitFor();
            final double ms = Double.parseDouble(result[2]);
            final String said = result.length > 3 ? String.join(" ", List.of(result).subList(3, result.length)) : "";
            final Path sessionDir = Path.of(session[1]);
            SessionSweeper.sweep(ctx.root);
            final List<String> problems = new ArrayList<>();
            if (exit != 0)
            {
                problems.add("the child frontend exited with " + exit);
            }
            if (Files.exists(sessionDir))
            {
                problems.add("the sweep left the session " + sessionDir);
            }
            final boolean answered = "returned".equals(result[1]) && kind.equals("queue-file") && said.equals("7");
            if (!answered)
            {
                if (!"threw".equals(result[1]))
                {
                    problems.add("the attach returned: " + said);
                }
                else if (!said.contains(file[1]))
                {
                    problems.add("the exception does not name " + file[1] + ": " + said);
                }
                if (ms > ATTACH_BOUND_MS)
                {
                    problems.add(String.format(Locale.ROOT, "took %.0f ms", ms));
                }
            }
            return problems.isEmpty() ? Outcome.expected(ms, mode + ": " + said)
                : Outcome.unexpected(ms, mode + " " + file[1] + ": " + String.join("; ", problems) + " (it said: " + said + ")");
        }
    }

    /** In the child frontend: make, damage, attach, print, halt. */
    static void corruptAndAttach(final String kind, final String mode, final long seed) throws Exception
    {
        final Session session = Session.acquire();
        System.out.println("SESSION " + session.dir());
        final Path file;
        final Callable<Object> attach;
        switch (kind)
        {
            case "event-group" ->
            {
                new EventGroup("chaos-events", 4);
                file = session.dir().resolve("events").resolve("chaos-events");
                attach = () -> EventGroup.attach("chaos-events");
            }
            case "array-header" ->
            {
                SharedArray.create("chaos-array", ElementType.LONG, 1024);
                file = session.dir().resolve(SharedArray.DIRECTORY).resolve("chaos-array");
                attach = () -> SharedArray.builder("chaos-array").elementType(ElementType.LONG).shape(1024)
                    .attachTimeout(Duration.ofSeconds(1)).attach();
            }
            case "ring-header" ->
            {
                file = session.resourceDirectory("rings").resolve("chaos-ring");
                RingBuffer.create(file).slotCount(16).slotSize(256).build();
                attach = () -> RingBuffer.attach(file).attachTimeout(Duration.ofSeconds(1)).build();
            }
            case "process-table" ->
            {
                session.processTable();
                file = session.dir().resolve(ProcessTable.FILE);
                attach = () -> ProcessTable.open(file);
            }
            case "registry" ->
            {
                session.registry();
                file = session.dir().resolve(Registry.FILE);
                attach = () -> Registry.open(session.dir());
            }
            case "queue-file" ->
            {
                final EchoWorker w = new EchoWorker("corrupt-queue", ProcessOptions.builder().inJvm().build());
                w.start();
                w.awaitStarted(Traffic.START_TIMEOUT);
                final EchoCommands commands = w.backend(EchoCommands.class, Duration.ofSeconds(1));
                for (long i = 0; i < 20; i++)
                {
                    commands.square(i);
                }
                file = newest(session.dir().resolve(w.name()).resolve("cmd"));
                attach = () -> commands.square(7);
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        System.out.println("FILE " + file);
        System.out.flush();
        damage(file, mode, new SplittableRandom(seed));
        final long t0 = System.nanoTime();
        String outcome;
        try
        {
            final Object r = attach.call();
            outcome = "returned " + ChaosContext.msSince(t0) + " " + r;
        }
        catch (final Exception | Error ex)
        {
            final StringBuilder chain = new StringBuilder();
            for (Throwable t = ex; t != null; t = t.getCause())
            {
                chain.append(chain.length() > 0 ? " <- " : "").append(t);
            }
            outcome = "threw " + ChaosContext.msSince(t0) + " " + chain.toString().replace('\n', ' ');
        }
        System.out.println("RESULT " + outcome);
        System.out.println(ChildJvm.READY);
        System.out.flush();
        Runtime.getRuntime().halt(0); // a frontend that died with a bad file: no close touches it again
    }

    private static Path newest(final Path queueDir) throws IOException
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4"))
                .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                .orElseThrow(() -> new IOException("no cycle file in " + queueDir));
        }
    }

    private static void damage(final Path file, final String mode, final SplittableRandom random) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            if ("truncate".equals(mode))
            {
                ch.truncate(Math.min(ch.size(), TRUNCATED_LENGTH));
                return;
            }
            final byte[] junk = new byte[(int)Math.min(ch.size(), DAMAGE_BYTES)];
            random.nextBytes(junk);
            ch.write(ByteBuffer.wrap(junk), 0);
        }
    }
}
