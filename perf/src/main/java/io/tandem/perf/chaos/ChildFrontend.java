package io.tandem.perf.chaos;

import io.tandem.ProcessOptions;
import io.tandem.jvm.JvmFlags;
import io.tandem.internal.runtime.Session;

import java.time.Duration;

/**
 * A frontend in a JVM of its own, for the faults that would break the chaos run's own session: started by
 * {@link ChaosContext#childFrontend}, it prints what the run needs on stdout ({@code KEY value ...} lines), then
 * {@code READY}.
 *
 * <ul>
 * <li>{@code tether}: starts a child backend, prints {@code PIDS <backend pid> <session dir>}, then waits to be
 * killed (the run kills it with -9 and times its orphan's exit);</li>
 * <li>{@code second <calls>}: a second frontend on the run's root: makes {@code calls} calls to an in-JVM backend
 * of its own and prints {@code RESULT <answered right> <calls> <session dir>};</li>
 * <li>{@code corrupt <kind> <seed>}: makes runtime files of that kind, damages them (random bytes, cut short) and
 * attaches to each as a second party would ({@link CorruptFiles}).</li>
 * </ul>
 *
 * <p>Tethered to the chaos JVM: it halts when its stdin ends ({@link io.tandem.perf.ChildJvm#close} closes it, and
 * the kernel closes it when the chaos JVM dies any way), so no child frontend outlives the run.
 */
public final class ChildFrontend
{
    private ChildFrontend()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        final Thread tether = new Thread(ChildFrontend::haltAtEndOfStdin, "chaos-tether");
        tether.setDaemon(true);
        tether.start();
        switch (args[0])
        {
            case "tether" -> tether();
            case "second" -> second(Integer.parseInt(args[1]));
            case "tmpfs" -> QueueFaults.fillAndSend(java.nio.file.Path.of(args[1]));
            case "corrupt" -> CorruptFiles.corruptAndAttach(args[1], Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** Exit status of a child frontend halted because the chaos JVM let go of it. */
    static final int UNTETHERED_EXIT = 3;

    private static void haltAtEndOfStdin()
    {
        try
        {
            while (System.in.read() >= 0)
            {
                // nothing is sent on stdin: only its end matters
            }
        }
        catch (final java.io.IOException ex)
        {
            // closed: the end as well
        }
        Runtime.getRuntime().halt(UNTETHERED_EXIT);
    }

    private static void tether() throws InterruptedException
    {
        final EchoWorker w = new EchoWorker("tethered", ProcessOptions.defaults());
        w.start();
        w.awaitStarted(Traffic.START_TIMEOUT);
        final Session session = Session.acquire();
        System.out.println("PIDS " + w.pid() + " " + session.dir());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until kill -9, or the end of stdin (haltAtEndOfStdin)
    }

    private static void second(final int calls)
    {
        final Session session = Session.acquire();
        final String dir = session.dir().toString();
        int right = 0;
        try (EchoWorker w = new EchoWorker("second-frontend", ProcessOptions.builder().inJvm().build()))
        {
            w.start();
            w.awaitStarted(Traffic.START_TIMEOUT);
            final EchoCommands commands = w.backend(EchoCommands.class, Duration.ofSeconds(10));
            for (long i = 0; i < calls; i++)
            {
                right += commands.square(i) == i ? 1 : 0;
            }
        }
        finally
        {
            session.release();
        }
        System.out.println("RESULT " + right + " " + calls + " " + dir);
        System.out.println("READY");
        System.out.flush();
    }
}
