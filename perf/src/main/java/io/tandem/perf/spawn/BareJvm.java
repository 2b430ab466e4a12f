package io.tandem.perf.spawn;

import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.perf.ChildJvm;
import io.tandem.internal.runtime.FileTrees;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baselines of the spawn figures: worker JVMs started as Tandem starts a backend (same java, Chronicle flags,
 * default and extra JVM arguments, class path) but running a bare program.
 * <ul>
 *   <li>{@link #start}: a {@link ChronicleHelloPeer} knocked on through one Chronicle Queue and answering
 *       through another, configured as {@link BareWorker} says and mapping its own class-data sharing archive
 *       ({@link BareArchive}): the floor of any JVM-per-worker design on Chronicle;</li>
 *   <li>{@link #emptyMillis}: a JVM that only prints a line, with the JDK's own class-data sharing archive: the
 *       JDK's floor.</li>
 * </ul>
 *
 * <pre>{@code
 * BareJvm.prepare();                                   // this side's Knock writer and reader, before timing
 * BareArchive.prepare(BareWorker.CODEGEN_OFF);         // the peer's archive, before timing
 * try (BareJvm peer = BareJvm.start("bare-1", BareWorker.CODEGEN_OFF, List.of())) {
 *     peer.awaitAnswer(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class BareJvm implements AutoCloseable
{
    private final Path knockDir;
    private final Path answerDir;
    private final ChronicleQueue knocks;
    private final ChronicleQueue answers;
    private final MethodReader answerReader;
    private final Process process;
    private boolean answered;
    private boolean closed;

    private BareJvm(final String name, final BareWorker worker, final List<String> cdsArgs, final List<String> extraJvmArgs)
        throws IOException
    {
        knockDir = ChildJvm.shmFile("bare-" + name + "-knock");
        answerDir = ChildJvm.shmFile("bare-" + name + "-answer");
        knocks = SingleChronicleQueueBuilder.binary(knockDir).build();
        answers = SingleChronicleQueueBuilder.binary(answerDir).build();
        try
        {
            answerReader = answers.createTailer().methodReader((Knock)value -> answered = true);
            knocks.methodWriter(Knock.class).knock(1); // waiting in the queue when the peer opens it, as a first command does
            final List<String> jvmArgs = new ArrayList<>(worker.properties());
            jvmArgs.addAll(extraJvmArgs);
            process = new ProcessBuilder(command(ChronicleHelloPeer.class, cdsArgs, jvmArgs, knockDir.toString(), answerDir.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start(); // stdin stays a pipe: the peer's tether
        }
        catch (final IOException | RuntimeException ex)
        {
            removeQueues();
            throw ex;
        }
    }

    /**
     * Generates this side's Knock writer and reader once, on a scratch queue, so that the first timed start
     * does not include the parent's own code generation (javac): call before timing.
     */
    public static void prepare()
    {
        final Path scratch = ChildJvm.shmFile("bare-prepare");
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(scratch).build())
        {
            queue.methodWriter(Knock.class).knock(0);
            queue.createTailer().methodReader((Knock)value -> { }).readOne();
        }
        finally
        {
            FileTrees.deleteRecursively(scratch);
        }
    }

    /**
     * Starts a bare Chronicle worker configured as {@code worker} says, mapping its archive if it has been made
     * ({@link BareArchive#prepare}); it has a knock waiting for it (see {@link #prepare()}).
     */
    public static BareJvm start(final String name, final BareWorker worker, final List<String> extraJvmArgs) throws IOException
    {
        return new BareJvm(name, worker, BareArchive.mapArgs(worker), extraJvmArgs);
    }

    /** Starts the training run of {@code worker}'s archive: no archive mapped, {@code trainingArgs} instead. */
    static BareJvm train(final String name, final BareWorker worker, final List<String> trainingArgs) throws IOException
    {
        return new BareJvm(name, worker, trainingArgs, List.of());
    }

    /** @return ms from starting an {@link EmptyJvmPeer} to reading its line. */
    public static double emptyMillis() throws IOException, InterruptedException
    {
        final long start = System.nanoTime();
        final Process p = new ProcessBuilder(command(EmptyJvmPeer.class, List.of(), List.of()))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            final String line = out.readLine();
            final double ms = (System.nanoTime() - start) / 1e6;
            if (!"READY".equals(line))
            {
                throw new IOException("empty JVM printed " + line + ", exit code " + p.waitFor());
            }
            return ms;
        }
        finally
        {
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }

    /**
     * @return true once the peer has answered (non-blocking).
     * @throws IllegalStateException if it exited without answering (e.g. its code-generation check failed).
     */
    public boolean pollAnswer()
    {
        if (!answered)
        {
            final boolean alive = process.isAlive(); // before reading: an answer written just before exiting still counts
            answerReader.readOne();
            if (!answered && !alive)
            {
                throw new IllegalStateException("bare Chronicle peer exited with code " + process.exitValue() + " without answering");
            }
        }
        return answered;
    }

    /** Waits for the peer's answer; fails if it exits or the time runs out. */
    public void awaitAnswer(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!pollAnswer())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("bare Chronicle peer did not answer within " + timeout);
            }
            Thread.sleep(0, 100_000);
        }
    }

    public long pid()
    {
        return process.pid();
    }

    /**
     * Cuts the tether and waits up to {@code timeout} for the peer to exit, then kills it; removes its queues.
     *
     * @return its exit code, -1 if it had to be killed.
     */
    int stop(final Duration timeout)
    {
        try
        {
            process.getOutputStream().close();
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                return process.exitValue();
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally
        {
            removeQueues();
        }
        return -1;
    }

    /** Cuts the tether, waits for the peer to exit (kills it after 5 s) and removes its queues. */
    @Override
    public void close()
    {
        if (!closed)
        {
            stop(Duration.ofSeconds(5));
        }
    }

    private void removeQueues()
    {
        closed = true;
        knocks.close();
        answers.close();
        FileTrees.deleteRecursively(knockDir);
        FileTrees.deleteRecursively(answerDir);
    }

    private static List<String> command(final Class<?> main, final List<String> cdsArgs, final List<String> jvmArgs,
        final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmCommand.javaExecutable());
        cmd.addAll(ChildJvmCommand.jvmOptions(cdsArgs, jvmArgs));
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-cp");
        cmd.add(ChildJvmCommand.classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
