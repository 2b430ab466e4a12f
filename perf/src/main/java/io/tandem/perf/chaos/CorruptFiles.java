package io.tandem.perf.chaos;

import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.failure.TandemException;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.perf.ChildJvm;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingFileException;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.Registry;
import io.tandem.internal.runtime.Session;
import io.tandem.internal.runtime.SessionSweeper;
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
 * {@code corrupt}) so a crash costs the run nothing but that JVM: it makes three files of the kind, writes random
 * bytes over the first 4 KiB of one, zeros over the second's, cuts the third to 16 bytes, then attaches to each as a
 * second party would ({@code tandem ps}, a
 * starting backend, a process attaching by name) and prints what happened. Its creator then halts without
 * closing (a frontend that died with a bad file), and the run sweeps the session.
 *
 * <p>The promise (README, "What happens when things fail"): an exception naming the path, within the attach
 * bound; no JVM crashes; the sweep removes the session. For the command queue file of a live process, a call after
 * the damage answers right or throws a Tandem exception (never an Error): {@code RuntimeDirectoryException} naming
 * the file, or {@code BackendDiedException} saying its command queue is corrupted, within
 * {@link #QUEUE_CALL_BOUND_MS}; and the call after that fails the same way at once ({@link #QUEUE_LATER_BOUND_MS}).
 */
final class CorruptFiles
{
    static final List<String> KINDS = List.of("queue-file", "process-table", "registry", "event-group", "array-header",
        "ring-header");
    /** An attach to a damaged file must fail within this (its attach timeout is 1 s). */
    static final double ATTACH_BOUND_MS = 2000;
    /**
     * How long the child waits for its attaches (all run at once; a zeroed registry's Chronicle Map waits a minute
     * for its header): one still running then is reported as hung.
     */
    static final Duration ATTACH_WAIT = Duration.ofSeconds(90);
    /** How long the run waits for a line of the child: its attach wait plus a JVM start. */
    private static final Duration LINE_TIMEOUT = ATTACH_WAIT.plusSeconds(60);
    /** A call on a damaged command queue fails at once (the sender checks the header); its call timeout is 1 s. */
    static final double QUEUE_CALL_BOUND_MS = 1000;
    /** ...and the next call on it fails fast, the same way, until restart(). */
    static final double QUEUE_LATER_BOUND_MS = 500;
    private static final int DAMAGE_BYTES = 4096;
    private static final int TRUNCATED_LENGTH = 16;
    /**
     * Each injection damages three files of its kind, one each way: random bytes over the first 4 KiB, zeros there
     * (a creator that died before it wrote the header), cut to 16 bytes.
     */
    private static final List<String> MODES = List.of("garbage", "zeros", "truncate");

    private CorruptFiles()
    {
    }

    static List<Fault> all()
    {
        final List<Fault> faults = new ArrayList<>();
        for (final String kind : KINDS)
        {
            faults.add(new Fault.Simple("corrupt-" + kind, (kind.equals("queue-file")
                ? "a call after its command queue file is damaged answers right or throws RuntimeDirectoryException naming " +
                    "the file (or BackendDiedException: queue corrupted) within " + (int)QUEUE_CALL_BOUND_MS + " ms, never an " +
                    "Error, and the next call fails the same way within " + (int)QUEUE_LATER_BOUND_MS + " ms"
                : "attaching to the damaged file throws an exception naming its path within " + (int)ATTACH_BOUND_MS + " ms")
                + " (random bytes, zeros, cut short); no JVM crashes; the sweep removes the session",
                ctx -> inject(ctx, kind)));
        }
        return faults;
    }

    private static Outcome inject(final ChaosContext ctx, final String kind) throws Exception
    {
        try (ChildJvm child = ctx.childFrontend(List.of(), "corrupt", kind, Long.toString(ctx.random.nextLong())))
        {
            final String[] session;
            try
            {
                session = child.awaitLine("SESSION", LINE_TIMEOUT);
            }
            catch (final IOException ex)
            {
                return Outcome.unexpected(Double.NaN, ex.getMessage());
            }
            ctx.trackSession(Path.of(session[1]));
            final List<String> problems = new ArrayList<>();
            final List<String> said = new ArrayList<>();
            double worst = Double.NaN;
            for (final String mode : MODES)
            {
                final String[] file;
                final String[] result;
                try
                {
                    file = child.awaitLine("FILE", LINE_TIMEOUT);
                    result = child.awaitLine("RESULT", LINE_TIMEOUT);
                }
                catch (final IOException ex)
                {
                    problems.add(mode + ": " + ex.getMessage() + " (a crash: no JVM may crash on a bad file)");
                    break;
                }
                final double ms = Double.parseDouble(result[3]);
                worst = Double.isNaN(worst) ? ms : Math.max(worst, ms);
                final String text = result.length > 4 ? String.join(" ", List.of(result).subList(4, result.length)) : "";
                said.add(mode + ": " + text);
                final boolean answered = "returned".equals(result[2]) && kind.equals("queue-file") && text.equals("7");
                if (answered)
                {
                    continue;
                }
                if (!"threw".equals(result[2]))
                {
                    problems.add(mode + " " + file[2] + ": the attach " + result[2] + ": " + text);
                    continue;
                }
                final String typeProblem = kind.equals("queue-file") ? null : typeProblem(text, file[2]);
                if (kind.equals("queue-file") && !(text.startsWith(RuntimeDirectoryException.class.getName() + ": " + file[2]) ||
                    text.startsWith(BackendDiedException.class.getName()) && text.contains("command queue is corrupted")))
                {
                    problems.add(mode + " " + file[2] + ": not RuntimeDirectoryException naming the file, nor " +
                        "BackendDiedException saying the queue is corrupted: " + text);
                }
                else if (kind.equals("queue-file") && text.contains(LATER))
                {
                    problems.add(mode + " " + file[2] + ": " + text);
                }
                else if (kind.equals("queue-file") && ms > QUEUE_CALL_BOUND_MS)
                {
                    problems.add(String.format(Locale.ROOT, "%s %s: the exception came after %.0f ms (bound %.0f ms): %s", mode,
                        file[2], ms, QUEUE_CALL_BOUND_MS, text));
                }
                else if (typeProblem != null)
                {
                    problems.add(mode + " " + file[2] + ": " + typeProblem + ": " + text);
                }
                else if (!text.contains(file[2]))
                {
                    problems.add(mode + " " + file[2] + ": the exception does not name the file: " + text);
                }
                else if (ms > ATTACH_BOUND_MS)
                {
                    problems.add(String.format(Locale.ROOT, "%s %s: the exception came after %.0f ms (bound %.0f ms): %s", mode,
                        file[2], ms, ATTACH_BOUND_MS, text));
                }
            }
            int exit;
            try
            {
                exit = child.awaitExit(FrontendFaults.EXIT_TIMEOUT);
            }
            catch (final IOException ex)
            {
                problems.add(ex.getMessage());
                exit = 0;
            }
            SessionSweeper.sweep(ctx.root);
            if (exit != 0)
            {
                problems.add("the child frontend exited with " + exit);
            }
            if (Files.exists(Path.of(session[1])))
            {
                problems.add("the sweep left the session " + session[1]);
            }
            return problems.isEmpty() ? Outcome.expected(worst, String.join("; ", said))
                : Outcome.unexpected(worst, String.join("; ", problems));
        }
    }

    /**
     * D11: a damaged file must fail with Tandem's own exception (a {@link TandemException}, such as
     * RuntimeDirectoryException, or the ring's {@link RingFileException}) whose message names the path, and nothing
     * in the cause chain may be an {@link Error} (an InternalError from a SIGBUS, say). {@code chain} is the child's
     * {@code exception <- cause <- ...} text.
     *
     * @return what is wrong, or null.
     */
    static String typeProblem(final String chain, final String path)
    {
        final String[] links = chain.split(" <- ");
        for (final String link : links)
        {
            final Class<?> type = typeOf(link);
            if (type != null && Error.class.isAssignableFrom(type))
            {
                return "an Error in the cause chain (" + type.getName() + ")";
            }
        }
        final Class<?> top = typeOf(links[0]);
        if (top == null || !(TandemException.class.isAssignableFrom(top) || RingFileException.class.isAssignableFrom(top)))
        {
            return "not a Tandem exception (TandemException or RingFileException) but " + (top == null ? links[0] : top.getName());
        }
        final int colon = links[0].indexOf(": ");
        if (colon < 0 || !links[0].substring(colon + 2).contains(path))
        {
            return "the " + top.getSimpleName() + "'s own message does not name the file";
        }
        return null;
    }

    /** @return the class a {@code Throwable.toString()} text names, or null if it names none known here. */
    private static Class<?> typeOf(final String link)
    {
        final int colon = link.indexOf(':');
        final String name = (colon < 0 ? link : link.substring(0, colon)).trim();
        try
        {
            return Class.forName(name, false, CorruptFiles.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return null;
        }
    }

    /** In the child frontend: for each mode, make a file of the kind, damage it, attach, print; then halt. */
    static void corruptAndAttach(final String kind, final long seed) throws Exception
    {
        final Session session = Session.acquire();
        System.out.println("SESSION " + session.dir());
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Path> files = new ArrayList<>();
        final List<Callable<Object>> attaches = new ArrayList<>();
        for (final String mode : MODES)
        {
            final String name = "chaos-" + mode;
            final Path file;
            final Callable<Object> attach;
            switch (kind)
            {
                case "event-group" ->
                {
                    new EventGroup(name, 4);
                    file = session.dir().resolve("events").resolve(name);
                    attach = () -> EventGroup.attach(name);
                }
                case "array-header" ->
                {
                    SharedArray.create(name, ElementType.LONG, 1024);
                    file = session.dir().resolve(SharedArray.DIRECTORY).resolve(name);
                    attach = () -> SharedArray.builder(name).elementType(ElementType.LONG).shape(1024)
                        .attachTimeout(Duration.ofSeconds(1)).attach();
                }
                case "ring-header" ->
                {
                    file = session.resourceDirectory("rings").resolve(name);
                    RingBuffer.create(file).slotCount(16).slotSize(256).build();
                    attach = () -> RingBuffer.attach(file).attachTimeout(Duration.ofSeconds(1)).build();
                }
                case "process-table" ->
                {
                    final Path dir = Files.createDirectories(session.dir().resolve(name)); // a table as a session has one
                    ProcessTable.openOrCreate(dir);
                    file = dir.resolve(ProcessTable.FILE);
                    attach = () -> ProcessTable.open(file);
                }
                case "registry" ->
                {
                    final Path dir = Files.createDirectories(session.dir().resolve(name));
                    Registry.open(dir); // kept open, as its session keeps it
                    file = dir.resolve(Registry.FILE);
                    attach = () -> Registry.open(dir);
                }
                case "queue-file" ->
                {
                    final EchoWorker w = new EchoWorker(name, ProcessOptions.builder().inJvm().build());
                    w.start();
                    w.awaitStarted(Traffic.START_TIMEOUT);
                    final EchoCommands commands = w.backend(EchoCommands.class, Duration.ofSeconds(1));
                    for (long i = 0; i < 20; i++)
                    {
                        commands.square(i);
                    }
                    file = newest(session.dir().resolve(w.name()).resolve("cmd"));
                    attach = () -> callTwice(commands);
                }
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            }
            files.add(file);
            attaches.add(attach);
        }
        for (int i = 0; i < MODES.size(); i++)
        {
            damage(files.get(i), MODES.get(i), random);
        }
        // The attaches run at once: one that waits long (Chronicle Map waits a minute for a header) delays none other.
        // A thread each (the common pool has one thread on 2 cores); the halt below ends them.
        final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(MODES.size());
        final List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
        for (final Callable<Object> attach : attaches)
        {
            outcomes.add(threads.submit(() -> attempt(attach)));
        }
        final long deadline = System.nanoTime() + ATTACH_WAIT.toNanos();
        for (int i = 0; i < MODES.size(); i++)
        {
            System.out.println("FILE " + MODES.get(i) + " " + files.get(i));
            String outcome;
            try
            {
                outcome = outcomes.get(i).get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            catch (final java.util.concurrent.TimeoutException ex)
            {
                outcome = "hung " + ATTACH_WAIT.toMillis() + " still waiting " + ATTACH_WAIT.toSeconds() + " s after the attach began";
            }
            System.out.println("RESULT " + MODES.get(i) + " " + outcome);
            System.out.flush();
        }
        System.out.println(ChildJvm.READY);
        System.out.flush();
        Runtime.getRuntime().halt(0); // a frontend that died with bad files: no close touches them again
    }

    /** Marks what the first failed call on a damaged queue carries when the next call does not fail the same way at once. */
    private static final String LATER = "the next call:";

    /**
     * @return the answer of a call on a queue whose file was damaged; if it throws, a second call must fail fast with
     * the same message (the queue is known broken), else the first exception carries {@link #LATER} as suppressed.
     */
    private static Object callTwice(final EchoCommands commands)
    {
        try
        {
            return commands.square(7);
        }
        catch (final RuntimeException first)
        {
            final long t0 = System.nanoTime();
            String later;
            try
            {
                later = LATER + " returned " + commands.square(8);
            }
            catch (final RuntimeException second)
            {
                final double ms = (System.nanoTime() - t0) / 1e6;
                later = !java.util.Objects.equals(second.getMessage(), first.getMessage()) ? LATER + " threw " + second :
                    ms > QUEUE_LATER_BOUND_MS ? String.format(Locale.ROOT, "%s failed after %.0f ms (bound %.0f ms)", LATER, ms,
                        QUEUE_LATER_BOUND_MS) : null;
            }
            if (later != null)
            {
                first.addSuppressed(new IllegalStateException(later));
            }
            throw first;
        }
    }

    /** @return {@code returned <ms> <value>} or {@code threw <ms> <exception <- cause ...>}. */
    private static String attempt(final Callable<Object> attach)
    {
        final long t0 = System.nanoTime();
        try
        {
            final Object r = attach.call();
            return "returned " + ChaosContext.msSince(t0) + " " + r;
        }
        catch (final Exception | Error ex)
        {
            final StringBuilder chain = new StringBuilder();
            for (Throwable t = ex; t != null; t = t.getCause())
            {
                chain.append(chain.length() > 0 ? " <- " : "").append(t);
            }
            for (final Throwable suppressed : ex.getSuppressed())
            {
                chain.append(" [suppressed: ").append(suppressed).append(']');
            }
            return "threw " + ChaosContext.msSince(t0) + " " + chain.toString().replace('\n', ' ');
        }
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
            if ("garbage".equals(mode))
            {
                random.nextBytes(junk);
            }
            ch.write(ByteBuffer.wrap(junk), 0);
        }
    }
}
