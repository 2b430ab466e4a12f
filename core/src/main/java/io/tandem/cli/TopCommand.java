package io.tandem.cli;

import io.tandem.internal.runtime.SessionSweeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code tandem top [-n frames] [session]}: the live sessions' processes and rings, redrawn every second, with
 * command and reply rates, each queue's backlog as used/limit, and each ring consumer's lag and drops. On a
 * terminal it behaves like {@code top}: the screen is redrawn in place, {@code q} quits, lines fit in 80
 * columns. Elsewhere (a pipe, a file) it prints one frame a second, {@code -n} of them (all until killed by
 * default), like {@code top -b}.
 */
final class TopCommand
{
    private static final long FRAME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String HOME = "\033[H";
    private static final String CLEAR_LINE = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final Path root;
    /** The last frame's counters, by session and process, for rates. */
    private final Map<String, Counters> previous = new HashMap<>();

    TopCommand(final PrintStream out, final Path root)
    {
        this.out = out;
        this.root = root;
    }

    /** @return the exit code. */
    int run(final String[] args)
    {
        long frames = Long.MAX_VALUE;
        String session = null;
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].equals("-n") && i + 1 < args.length)
            {
                frames = Long.parseLong(args[++i]);
            }
            else if (session == null && !args[i].startsWith("-"))
            {
                session = args[i];
            }
            else
            {
                out.println("usage: tandem top [-n frames] [session]");
                return 2;
            }
        }
        return System.console() != null ? runOnTerminal(frames, session) : runPlain(frames, session);
    }

    private int runPlain(final long frames, final String session)
    {
        for (long i = 0; i < frames; i++)
        {
            if (i > 0)
            {
                sleep(FRAME_NANOS);
                out.println();
            }
            for (final String line : frame(session))
            {
                out.println(line);
            }
            out.flush();
        }
        return 0;
    }

    private int runOnTerminal(final long frames, final String session)
    {
        final Terminal terminal = Terminal.raw();
        try
        {
            out.print("\033[?25l\033[2J"); // hide the cursor, clear the screen
            for (long i = 0; i < frames; i++)
            {
                final StringBuilder screen = new StringBuilder(HOME);
                for (final String line : frame(session))
                {
                    screen.append(line).append(CLEAR_LINE).append("\r\n");
                }
                out.print(screen.append(CLEAR_BELOW));
                out.flush();
                if (terminal.quitWithin(FRAME_NANOS))
                {
                    break;
                }
            }
            return 0;
        }
        finally
        {
            out.print("\033[?25h\r\n");
            out.flush();
            terminal.restore();
        }
    }

    /** @return the lines of one frame, each at most 80 characters. */
    List<String> frame(final String sessionName)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(fit(String.format(Locale.ROOT, "tandem top  %s  %s  q: quit", LocalTime.now().format(CLOCK), root)));
        final List<Path> sessions = SessionSweeper.liveSessions(root);
        int shown = 0;
        for (final Path dir : sessions)
        {
            if (sessionName != null && !dir.getFileName().toString().startsWith(sessionName))
            {
                continue;
            }
            shown++;
            try
            {
                session(SessionView.of(dir), lines);
            }
            catch (final RuntimeException ex)
            {
                lines.add(fit("session " + dir.getFileName() + ": " + ex.getMessage())); // it closed meanwhile
            }
        }
        if (shown == 0)
        {
            lines.add(sessionName == null ? "no live Tandem sessions" : "no live session '" + sessionName + "'");
        }
        return lines;
    }

    private void session(final SessionView view, final List<String> lines)
    {
        lines.add("");
        lines.add(fit(String.format(Locale.ROOT, "session %s  owner pid %d  up %s", view.dir.getFileName(), view.id.pid(),
            TandemCli.uptime(view.id.startMillis()))));
        lines.add(String.format(Locale.ROOT, "%-16s %-8s %7s %7s %7s %-12s %-12s", "PROCESS", "STATE", "PID", "CMD/s",
            "REPLY/s", "CMD BACKLOG", "REPLY BACKLOG"));
        for (final SessionView.ProcessRow p : view.processes)
        {
            final String key = view.dir.getFileName() + "/" + p.name;
            final Counters now = new Counters(p.generation, p.commandsSent, p.repliesSent, view.takenNanos);
            final Counters before = previous.put(key, now);
            lines.add(fit(String.format(Locale.ROOT, "%-16s %-8s %7d %7s %7s %-12s %-12s", clip(p.name, 16),
                clip(p.stateText(), 8), p.pid, rate(before, now, true), rate(before, now, false), p.commandBacklogText(),
                p.replyBacklogText())));
        }
        for (final SessionView.RingRow ring : view.rings)
        {
            if (ring.problem != null)
            {
                lines.add(fit("ring " + ring.name + ": " + ring.problem));
                continue;
            }
            final String key = view.dir.getFileName() + "/ring/" + ring.name;
            final Counters now = new Counters(0, ring.published, 0, view.takenNanos);
            final Counters before = previous.put(key, now);
            lines.add(fit(String.format(Locale.ROOT, "ring %-16s %-9s published %d (%s/s)  producer %s", clip(ring.name, 16),
                ring.policy, ring.published, rate(before, now, true), ring.producer)));
            for (final io.tandem.ringbuffer.ConsumerStats c : ring.consumers)
            {
                lines.add(fit(String.format(Locale.ROOT, "  consumer %-16s pid %-7d lag %-9d dropped %d", clip(c.name(), 16),
                    c.pid(), c.lag(), c.dropped())));
            }
        }
    }

    private static String rate(final Counters before, final Counters now, final boolean commands)
    {
        if (before == null || before.generation != now.generation || now.nanos == before.nanos)
        {
            return "-";
        }
        final long delta = commands ? now.first - before.first : now.second - before.second;
        return Sizes.rate(Math.max(0, delta) * 1e9 / (now.nanos - before.nanos));
    }

    private static String clip(final String text, final int width)
    {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }

    private static String fit(final String line)
    {
        return clip(line, 80);
    }

    private static void sleep(final long nanos)
    {
        try
        {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** One frame's counters of a process (or a ring: published in {@code first}). */
    private static final class Counters
    {
        final long generation;
        final long first;
        final long second;
        final long nanos;

        Counters(final long generation, final long first, final long second, final long nanos)
        {
            this.generation = generation;
            this.first = first;
            this.second = second;
            this.nanos = nanos;
        }
    }

    /**
     * The controlling terminal in raw mode (keys arrive unbuffered and unechoed), through {@code stty} as a shell
     * would do it, and back as it was.
     */
    private static final class Terminal
    {
        private final String saved;
        private final Thread restoreAtExit;

        private Terminal(final String saved)
        {
            this.saved = saved;
            this.restoreAtExit = new Thread(this::restoreSettings, "tandem-top-terminal");
            if (saved != null)
            {
                Runtime.getRuntime().addShutdownHook(restoreAtExit); // Ctrl-C must not leave the terminal raw
            }
        }

        static Terminal raw()
        {
            final String saved = stty("-g");
            if (saved != null)
            {
                stty("-icanon -echo min 0 time 0");
            }
            return new Terminal(saved);
        }

        /** @return true if q was pressed within {@code nanos}. */
        boolean quitWithin(final long nanos)
        {
            final long deadline = System.nanoTime() + nanos;
            final InputStream in = System.in;
            try
            {
                do
                {
                    while (in.available() > 0)
                    {
                        final int key = in.read();
                        if (key == 'q' || key == 'Q' || key < 0)
                        {
                            return true;
                        }
                    }
                    sleep(TimeUnit.MILLISECONDS.toNanos(20));
                }
                while (System.nanoTime() - deadline < 0);
            }
            catch (final IOException ex)
            {
                return true;
            }
            return false;
        }

        void restore()
        {
            if (saved != null)
            {
                restoreSettings();
                try
                {
                    Runtime.getRuntime().removeShutdownHook(restoreAtExit);
                }
                catch (final IllegalStateException ignored)
                {
                    // already shutting down: the hook restores
                }
            }
        }

        private void restoreSettings()
        {
            stty(saved);
        }

        /** @return what stty printed, or null if it failed (no terminal, no stty). */
        private static String stty(final String arguments)
        {
            try
            {
                final Process p = new ProcessBuilder("sh", "-c", "stty " + arguments + " < /dev/tty").redirectErrorStream(true)
                    .start();
                final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? output : null;
            }
            catch (final IOException ex)
            {
                return null;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
