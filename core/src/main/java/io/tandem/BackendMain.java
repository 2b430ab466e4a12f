package io.tandem;

import io.tandem.failure.ExitCodes;
import io.tandem.internal.launch.StartupTrace;
import io.tandem.jvm.JvmFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The main class of a backend JVM: {@code BackendMain <processDir> <rollCycle> <blockSize> <slot>}.
 * <ul>
 *   <li>ignores SIGINT: Ctrl-C reaches the whole process group, and the frontend decides what stops;</li>
 *   <li>is tethered to its frontend through stdin: end-of-file means the frontend is gone (exit, crash or
 *       kill -9 alike), and the backend stops at once: replies fail from then on, the command in hand may finish,
 *       postRun runs, and it exits; one still busy after {@link #TETHER_GRACE_MS} is halted
 *       ({@link ExitCodes#HALTED}, no postRun);</li>
 *   <li>on SIGTERM stops the same way.</li>
 * </ul>
 */
final class BackendMain
{
    /** How long a backend whose frontend is gone may spend finishing (postRun) before it halts. */
    public static final long TETHER_GRACE_MS = 700;

    private static final Logger LOG = LoggerFactory.getLogger(BackendMain.class);
    /** Chronicle's default sync mode of mapped files. */
    private static final String SYNC_MODE_PROPERTY = "mappedFile.defaultSyncMode";

    private BackendMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length != 4)
        {
            System.err.println("usage: BackendMain <processDir> <rollCycle> <blockSize> <slot> (started by Tandem, not by hand)");
            System.exit(ExitCodes.START_FAILED);
        }
        StartupTrace.mark("main");
        ignoreInterrupt();
        // Chronicle msyncs every mapped file it releases (queue metadata included) unless told not to: on tmpfs
        // there is no disk to sync to, and the first msync loads Chronicle's native binding, tenths of a second
        // of CPU spent just as the backend exits. Read once, by MappedFile's initialiser: set before Chronicle loads.
        System.setProperty(SYNC_MODE_PROPERTY, System.getProperty(SYNC_MODE_PROPERTY, "NONE"));
        JvmFlags.verifyCurrentJvm();
        StartupTrace.mark("flags");
        io.tandem.internal.launch.junit.LazyNativeInit.initialiseChronicle();
        StartupTrace.mark("chronicle");
        final Path processDir = Paths.get(args[0]);
        final BackendRuntime runtime = new BackendRuntime(processDir, args[1], Long.parseLong(args[2]),
            Integer.parseInt(args[3]));
        watchTether(runtime, System.in);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndWait(runtime), "tandem-backend-sigterm"));
        final int exitCode = runtime.run();
        System.out.flush();
        System.err.flush();
        System.exit(exitCode); // hooks see the runtime finished and return at once; a CDS dump (if asked) runs here
    }

    private static void ignoreInterrupt()
    {
        try
        {
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.debug("cannot ignore SIGINT here: {}", ex.toString());
        }
    }

    /** Stops the backend when {@code tether} reaches end-of-file, and halts it if it does not finish in time. */
    static void watchTether(final BackendRuntime runtime, final InputStream tether)
    {
        final Thread watcher = new Thread(() ->
        {
            try
            {
                final byte[] sink = new byte[64];
                while (tether.read(sink) >= 0)
                {
                    // the frontend writes nothing; any bytes are ignored
                }
            }
            catch (final IOException ignored)
            {
                // a broken pipe means the same as end-of-file
            }
            if (!runtime.isFinished())
            {
                LOG.info("frontend gone: stopping");
                runtime.frontendGone();
                stopAndWait(runtime);
                if (!runtime.isFinished())
                {
                    LOG.warn("backend did not finish within {} ms of its frontend going away: halting", TETHER_GRACE_MS);
                    System.err.flush();
                    Runtime.getRuntime().halt(ExitCodes.HALTED);
                }
            }
        }, "tandem-tether");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void stopAndWait(final BackendRuntime runtime)
    {
        runtime.requestStop();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TETHER_GRACE_MS);
        while (!runtime.isFinished() && System.nanoTime() - deadline < 0)
        {
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }
}
