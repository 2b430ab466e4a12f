package io.tandem;

import io.tandem.failure.ExitCodes;
import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.internal.launch.StartupTrace;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.internal.runtime.Session;
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
 * The main class of a backend JVM: {@code BackendMain <processDir> <rollCycle> <blockSize> <slot>}, or, for a spare
 * (see {@code SparePool}), {@code BackendMain --spare <spareDir> <spareSlot>}: a spare loads Chronicle, warms the JIT
 * on Tandem's own queue code ({@link SpareWarmup}, never user code), says it is ready in its process-table slot,
 * then blocks reading one claim line from stdin (the same five arguments and the process name, tab-separated).
 * End-of-file before a claim: it exits quietly. After the claim it answers in its slot and runs as a cold backend.
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
        final boolean spare = args.length == 3 && ChildJvmCommand.SPARE_FLAG.equals(args[0]);
        if (args.length != 4 && !spare)
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
        if (spare)
        {
            // The spare's session is the claimed process's: the table it mapped to wait serves the process too.
            final ProcessTable table = ProcessTable.openOrCreate(Paths.get(System.getProperty(Session.SESSION_PROPERTY)));
            serve(awaitClaim(Paths.get(args[1]), Integer.parseInt(args[2]), table), table);
        }
        else
        {
            serve(args, null);
        }
    }

    /** @param table the session's process table if mapped already, else null (the runtime maps it). */
    private static void serve(final String[] args, final ProcessTable table)
    {
        final Path processDir = Paths.get(args[0]);
        final BackendRuntime runtime = new BackendRuntime(processDir, args[1], Long.parseLong(args[2]),
            Integer.parseInt(args[3]), table);
        watchTether(runtime, System.in);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndWait(runtime), "tandem-backend-sigterm"));
        final int exitCode = runtime.run();
        System.out.flush();
        System.err.flush();
        System.exit(exitCode); // hooks see the runtime finished and return at once; a CDS dump (if asked) runs here
    }

    /**
     * The spare's life before its claim: warm up, say ready, wait for the claim line, answer it.
     *
     * @return the backend arguments of the process it becomes; exits the JVM at end-of-file.
     */
    private static String[] awaitClaim(final Path spareDir, final int spareSlot, final ProcessTable table)
    {
        SpareWarmup.run(spareDir, table, spareSlot);
        FileTrees.deleteRecursively(spareDir); // the frontend removes it too; an empty directory left helps nobody
        table.state(spareSlot, ProcessTableDescriptor.SPARE); // release: warm and waiting, claimable from now on
        String line;
        try
        {
            line = readLine(System.in);
        }
        catch (final IOException ex)
        {
            line = null;
        }
        if (line == null)
        {
            System.exit(ExitCodes.STOPPED); // the frontend went away (or closed its spares) before claiming this one
        }
        StartupTrace.restart("claim");
        final String[] fields = line.split("\t", -1);
        if (fields.length != 5)
        {
            System.err.println("spare " + spareDir.getFileName() + ": malformed claim '" + line + "'");
            System.exit(ExitCodes.START_FAILED);
        }
        // What ps shows is fixed at exec time; this JVM's own view of its name follows the claim.
        System.setProperty(ChildJvmCommand.PROCESS_PROPERTY, fields[4]);
        table.state(spareSlot, ProcessTableDescriptor.CLAIMED); // the answer the frontend waits for
        return new String[] {fields[0], fields[1], fields[2], fields[3]};
    }

    /** Reads one line byte by byte, so nothing after it is taken from the stream (it stays the tether). */
    private static String readLine(final InputStream in) throws IOException
    {
        final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                return null;
            }
            if (b == '\n')
            {
                return line.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            line.write(b);
        }
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
