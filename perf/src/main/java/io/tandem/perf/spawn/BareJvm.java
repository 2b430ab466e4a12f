package io.tandem.perf.spawn;

import io.tandem.launch.CdsArchive;
import io.tandem.launch.ChildJvmCommand;
import io.tandem.perf.ChildJvm;
import io.tandem.runtime.FileTrees;
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
 * The baselines of the spawn figures: worker JVMs started exactly as Tandem starts a backend (same java, Chronicle
 * flags, default and extra JVM arguments, class-data sharing archive, class path) but running a bare program.
 * <ul>
 *   <li>{@link #chronicle}: a {@link ChronicleHelloPeer} knocked on through one Chronicle Queue and answering
 *       through another: the floor of any JVM-per-worker design on Chronicle;</li>
 *   <li>{@link #emptyMillis}: a JVM that only prints a line: the JDK's floor.</li>
 * </ul>
 *
 * <pre>{@code
 * try (BareJvm peer = BareJvm.chronicle("bare-1", List.of())) {
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

    private BareJvm(final String name, final List<String> extraJvmArgs) throws IOException
    {
        knockDir = ChildJvm.shmFile("bare-" + name + "-knock");
        answerDir = ChildJvm.shmFile("bare-" + name + "-answer");
        knocks = SingleChronicleQueueBuilder.binary(knockDir).build();
        answers = SingleChronicleQueueBuilder.binary(answerDir).build();
        try
        {
            answerReader = answers.createTailer().methodReader((Knock)value -> answered = true);
            knocks.methodWriter(Knock.class).knock(1); // waiting in the queue when the peer opens it, as a first command does
            process = new ProcessBuilder(command(ChronicleHelloPeer.class, extraJvmArgs, knockDir.toString(), answerDir.toString()))
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

    /** Starts a bare Chronicle worker; it has a knock waiting for it (see {@link #prepare()}). */
    public static BareJvm chronicle(final String name, final List<String> extraJvmArgs) throws IOException
    {
        return new BareJvm(name, extraJvmArgs);
    }

    /** @return ms from starting an {@link EmptyJvmPeer} to reading its line. */
    public static double emptyMillis() throws IOException, InterruptedException
    {
        final long start = System.nanoTime();
        final Process p = new ProcessBuilder(command(EmptyJvmPeer.class, List.of()))
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

    /** @return true once the peer has answered (non-blocking). */
    public boolean pollAnswer()
    {
        if (!answered)
        {
            answerReader.readOne();
        }
        return answered;
    }

    /** Waits for the peer's answer; fails if it exits or the time runs out. */
    public void awaitAnswer(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!pollAnswer())
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("bare Chronicle peer exited with code " + process.exitValue());
            }
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

    /** Cuts the tether, waits for the peer to exit (kills it after 5 s) and removes its queues. */
    @Override
    public void close()
    {
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
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
    }

    private void removeQueues()
    {
        knocks.close();
        answers.close();
        FileTrees.deleteRecursively(knockDir);
        FileTrees.deleteRecursively(answerDir);
    }

    private static List<String> command(final Class<?> main, final List<String> extraJvmArgs, final String... args)
    {
        final CdsArchive cds = CdsArchive.forCurrentClassPath();
        final List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmCommand.javaExecutable());
        cmd.addAll(ChildJvmCommand.jvmOptions(cds == null ? List.of() : cds.mapArgs(), extraJvmArgs));
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-cp");
        cmd.add(ChildJvmCommand.classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
