package io.tandem.perf.chaos;

import io.tandem.perf.ChildJvm;
import io.tandem.internal.runtime.SessionSweeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Faults of a frontend, each in a child frontend JVM ({@link ChildFrontend}) so the run can watch from outside:
 * {@code kill -9} of a frontend (its backend must exit within the tether bound and its files be swept), and a
 * second frontend on the same runtime root (both must be unaffected, and neither sweep the other).
 */
final class FrontendFaults
{
    /** README: a backend whose frontend died "exits within a second"; 500 ms slack for 2 loaded cores. */
    static final double TETHER_BOUND_MS = 1000;
    static final double TETHER_MARGIN_MS = 500;
    private static final int SECOND_CALLS = 300;
    /** How long a child frontend may take to print a line the run waits for (a JVM start and a backend's). */
    static final Duration LINE_TIMEOUT = Duration.ofSeconds(90);
    /** How long a child frontend that said it is done may take to exit. */
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private FrontendFaults()
    {
    }

    static List<Fault> all()
    {
        return List.of(
            new Fault.Simple("kill9-frontend", "its backend exits within " + (int)TETHER_BOUND_MS + " ms (+"
                + (int)TETHER_MARGIN_MS + " ms margin); the next sweep removes its session directory", FrontendFaults::killFrontend),
            new Fault.Simple("second-frontend", "a second frontend on the same root gets every call answered, its "
                + "session directory goes when it ends, the first session's stays", FrontendFaults::secondFrontend));
    }

    private static Outcome killFrontend(final ChaosContext ctx) throws Exception
    {
        try (ChildJvm frontend = ctx.childFrontend(List.of(), "tether"))
        {
            final String[] pids = frontend.awaitLine("PIDS", LINE_TIMEOUT);
            final long backend = Long.parseLong(pids[1]);
            final Path session = Path.of(pids[2]);
            ctx.track(backend);
            ctx.trackKilledSession(session);
            frontend.awaitReady(LINE_TIMEOUT);
            final long t0 = System.nanoTime();
            ChaosContext.signal(frontend.process().pid(), "KILL");
            final boolean gone = ChaosContext.awaitGone(backend, Duration.ofSeconds(10));
            final double ms = ChaosContext.msSince(t0);
            frontend.awaitExit(EXIT_TIMEOUT);
            if (!gone)
            {
                return Outcome.unexpected(ms, "backend pid " + backend + " still runs 10 s after its frontend was killed");
            }
            final List<Path> swept = SessionSweeper.sweep(ctx.root);
            if (Files.exists(session))
            {
                return Outcome.unexpected(ms, "the sweep left " + session + " (swept " + swept + ")");
            }
            final double bound = TETHER_BOUND_MS + TETHER_MARGIN_MS;
            if (ms > bound)
            {
                return Outcome.unexpected(ms, String.format(Locale.ROOT, "backend exited %.0f ms after its frontend's kill -9, "
                    + "over %.0f ms", ms, bound));
            }
            return Outcome.expected(ms, String.format(Locale.ROOT, "backend %d exited %.0f ms after the kill; swept %s", backend,
                ms, session.getFileName()));
        }
    }

    private static Outcome secondFrontend(final ChaosContext ctx) throws Exception
    {
        final io.tandem.internal.runtime.Session own = io.tandem.internal.runtime.Session.acquire();
        final Path mine = own.dir();
        own.release(); // the main traffic holds it on
        final long t0 = System.nanoTime();
        try (ChildJvm second = ctx.childFrontend(List.of(), "second", Integer.toString(SECOND_CALLS)))
        {
            final String[] result = second.awaitLine("RESULT", LINE_TIMEOUT);
            final Path session = Path.of(result[3]);
            ctx.trackSession(session);
            second.awaitReady(LINE_TIMEOUT);
            final int exit = second.awaitExit(EXIT_TIMEOUT);
            final double ms = ChaosContext.msSince(t0);
            if (!Files.isDirectory(mine))
            {
                return Outcome.unexpected(ms, "the second frontend removed the first one's session " + mine);
            }
            if (exit != 0 || !result[1].equals(result[2]))
            {
                return Outcome.unexpected(ms, "second frontend: exit " + exit + ", " + result[1] + " of " + result[2] + " calls right");
            }
            if (!ChaosFiles.awaitGone(session, Duration.ofSeconds(5)))
            {
                return Outcome.unexpected(ms, "the second frontend's session " + session + " is left after it ended");
            }
            return Outcome.expected(Double.NaN, result[1] + " of " + result[2] + " calls right; its session removed; ours kept");
        }
    }
}
