package io.tandem.perf.chaos;

import io.tandem.jvm.JvmFlags;
import io.tandem.perf.DeadRunSweeper;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.internal.runtime.RuntimeRoot;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tandem chaos ...}: the chaos run ({@link ChaosRun}) or, with {@code --soak}, the soak run
 * ({@link SoakRun}). Unless {@code -Dtandem.root} says otherwise, everything the run creates lives under a root
 * of its own, {@code /dev/shm/tandem-perf-<pid>-chaos}, so what is left at the end is the run's alone; a run
 * killed before it could remove it is swept by the next run ({@link DeadRunSweeper}).
 */
public final class ChaosMain
{
    private ChaosMain()
    {
    }

    /** Every fault kind, in table order. */
    static List<Fault> kinds()
    {
        final List<Fault> all = new ArrayList<>();
        all.addAll(BackendFaults.all());
        all.addAll(FrontendFaults.all());
        all.addAll(MessageFaults.all());
        all.addAll(ManagerFaults.all());
        all.addAll(QueueFaults.all());
        all.addAll(CorruptFiles.all());
        return all;
    }

    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        final int status = run(System.out, args);
        System.exit(status); // stray non-daemon threads of a failed fault must not keep the run alive
    }

    /** @return the exit status: 0 all as expected, 1 an unexpected outcome, 2 a bad command line. */
    static int run(final PrintStream out, final String... args) throws Exception
    {
        final ChaosOptions options;
        final List<Fault> kinds;
        try
        {
            options = ChaosOptions.parse(args);
            kinds = select(options.only);
        }
        catch (final IllegalArgumentException ex)
        {
            out.println("tandem chaos: " + ex.getMessage());
            out.println(ChaosOptions.usage());
            return 2;
        }
        for (final Path leftover : DeadRunSweeper.sweep(Path.of("/dev/shm")))
        {
            out.println("removed what a killed run left: " + leftover);
        }
        for (final Path mount : QueueFaults.sweepDeadRuns())
        {
            out.println("unmounted the tmpfs a killed run left: " + mount);
        }
        // Every JVM of this run carries the marker (core hands tandem.* properties on to its backends), so the end of
        // the run finds an orphan by its command line even when it was never tracked.
        System.setProperty(ChaosContext.RUN_MARKER_PROPERTY, Long.toString(ProcessHandle.current().pid()));
        final boolean ownRoot = System.getProperty(RuntimeRoot.ROOT_PROPERTY) == null;
        if (ownRoot)
        {
            System.setProperty(RuntimeRoot.ROOT_PROPERTY,
                Path.of("/dev/shm", DeadRunSweeper.PREFIX + ProcessHandle.current().pid() + "-chaos").toString());
        }
        options.root = RuntimeRoot.ensure(RuntimeRoot.configured());
        try
        {
            return options.soak ? SoakRun.run(options, kinds, out) : ChaosRun.run(options, kinds, out);
        }
        finally
        {
            if (ownRoot)
            {
                FileTrees.deleteRecursively(options.root); // counted as files left before this, if any
            }
        }
    }

    private static List<Fault> select(final List<String> only)
    {
        final Map<String, Fault> byName = new LinkedHashMap<>();
        kinds().forEach(f -> byName.put(f.name(), f));
        if (only.isEmpty())
        {
            return new ArrayList<>(byName.values());
        }
        final List<Fault> chosen = new ArrayList<>();
        for (final String name : only)
        {
            final Fault f = byName.get(name);
            if (f == null)
            {
                throw new IllegalArgumentException("unknown fault '" + name + "'; kinds: " + String.join(", ", byName.keySet()));
            }
            chosen.add(f);
        }
        return chosen;
    }
}
