package io.tandem.perf;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line saying how far a long run is: task, phase, done/total, time elapsed and an estimate of the time left.
 * On a terminal ({@code System.console() != null}) the line is redrawn in place (carriage return) every second and at
 * each step, and whatever the run prints meanwhile goes through {@link #out()}, which clears the line first and draws it
 * again below; otherwise (a pipe, a file, CI) it prints a plain line at each phase and every 10 s.
 *
 * <pre>{@code
 * try (Progress progress = Progress.start("perf", benchmarks.size(), System.out)) {
 *     for (Benchmark b : benchmarks) {
 *         progress.phase(b.name());
 *         b.run(progress.out());
 *         progress.step();
 *     }
 * }
 * }</pre>
 *
 * <p>A progress started while another runs (a benchmark's own, inside {@code ./tandem perf}'s) draws no line of its
 * own: it shows as the detail of the outer one's line.
 */
public final class Progress implements AutoCloseable
{
    /** A plain line at most this often besides one per phase. */
    static final long PLAIN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    /** The ticker's period: the elapsed time on a terminal moves each second. */
    static final long TICK_NANOS = Duration.ofSeconds(1).toNanos();
    /** Steps redraw the terminal line at most this often. */
    private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();

    private static Progress active;

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream target;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long startNanos;
    private final Progress parent;
    private final PrintStream shown;
    private PrintStream replacedOut;
    private Thread ticker;

    private String phase = "";
    private long done;
    private long expectedNanos = -1;
    private String detail;
    private int drawnLength;
    private boolean drawn;
    private boolean atLineStart = true;
    private long lastDrawNanos;
    private long lastPlainNanos;
    private boolean closed;
    private boolean timed;

    private Progress(final String task, final long total, final String unit, final PrintStream target, final boolean terminal,
        final LongSupplier clock, final Progress parent)
    {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.target = target;
        this.terminal = terminal;
        this.clock = clock;
        this.parent = parent;
        this.startNanos = clock.getAsLong();
        this.lastPlainNanos = startNanos;
        this.shown = terminal && parent == null ? new PrintStream(new LineClearing(), true) : target;
    }

    /**
     * Starts a progress line for {@code total} steps on {@code out}: redrawn in place when {@code out} is this JVM's
     * {@code System.out} on a terminal (which {@link #out()} then replaces until {@link #close()}), plain lines otherwise.
     */
    public static Progress start(final String task, final long total, final PrintStream out)
    {
        return start(task, total, "", out);
    }

    /** As {@link #start(String, long, PrintStream)}, counting in {@code unit} (e.g. {@code " s"}: done and total are seconds). */
    public static Progress start(final String task, final long total, final String unit, final PrintStream out)
    {
        final boolean terminal = System.console() != null && out == System.out;
        final Progress progress = start(task, total, unit, out, terminal, System::nanoTime);
        if (progress.parent == null)
        {
            progress.startTicker();
        }
        if (progress.parent == null && terminal)
        {
            progress.replacedOut = System.out;
            System.setOut(progress.shown);
        }
        return progress;
    }

    /**
     * Starts a progress line for a run of a fixed length (a soak): done and total are its seconds, and the estimate is
     * what is left of {@code length}.
     */
    public static Progress timed(final String task, final Duration length, final PrintStream out)
    {
        return start(task, length.toSeconds(), " s", out).timed(length);
    }

    /** Counts seconds elapsed as the steps done, and expects {@code length}. */
    Progress timed(final Duration length)
    {
        synchronized (root())
        {
            timed = true;
        }
        return expect(length);
    }

    /** For tests: no ticker, no {@code System.out} replaced; {@link #tick()} by hand. */
    static Progress start(final String task, final long total, final String unit, final PrintStream out,
        final boolean terminal, final LongSupplier clock)
    {
        synchronized (Progress.class)
        {
            final Progress progress = new Progress(task, total, unit, out, terminal, clock, active);
            if (active == null)
            {
                active = progress;
            }
            return progress;
        }
    }

    /** @return where to print while this runs: on a terminal, a stream that keeps the progress line below the output. */
    public PrintStream out()
    {
        return parent != null ? parent.out() : shown;
    }

    /**
     * Says how long the whole run should take (a timed run's length): the estimate is then what is left of it, until
     * the run is late, when the rate of steps so far gives it.
     *
     * @return this.
     */
    public Progress expect(final Duration duration)
    {
        synchronized (root())
        {
            expectedNanos = duration.toNanos();
        }
        return this;
    }

    /** Starts a phase: a plain line at once off a terminal, the line redrawn on one. */
    public void phase(final String name)
    {
        synchronized (root())
        {
            if (name.equals(phase))
            {
                return;
            }
            phase = name;
            changed(true);
        }
    }

    /** One more step done. */
    public void step()
    {
        synchronized (root())
        {
            done++;
            changed(false);
        }
    }

    /** Sets how many steps are done. */
    public void done(final long steps)
    {
        synchronized (root())
        {
            done = steps;
            changed(false);
        }
    }

    /** Redraws the line (a terminal) or prints it if the last plain line is {@value #PLAIN_EVERY_NANOS} ns old; what the ticker calls. */
    void tick()
    {
        final Progress root = root();
        synchronized (root)
        {
            if (closed || root.closed)
            {
                return;
            }
            final long now = clock.getAsLong();
            if (root.terminal)
            {
                root.draw(now);
            }
            else if (now - root.lastPlainNanos >= PLAIN_EVERY_NANOS)
            {
                root.plain(now);
            }
        }
    }

    /** Ends the line: a terminal's is cleared, a nested one's detail taken off its parent's line. */
    @Override
    public void close()
    {
        final Thread t;
        synchronized (root())
        {
            if (closed)
            {
                return;
            }
            closed = true;
            t = ticker;
            if (parent != null)
            {
                parent.detail = null;
            }
            else if (terminal)
            {
                clear();
                target.flush();
            }
        }
        if (t != null)
        {
            t.interrupt();
        }
        synchronized (Progress.class)
        {
            if (active == this)
            {
                active = null;
            }
        }
        if (replacedOut != null)
        {
            System.setOut(replacedOut);
        }
    }

    /** @return the line as it reads now. */
    String line()
    {
        final long now = clock.getAsLong();
        return line(task, phase, shownDone(now), total, unit, now - startNanos, remaining(now), detail);
    }

    /**
     * @return e.g. {@code perf [rtt] 3/8, 2m 05s elapsed, about 3m 20s left (spawn [100 workers] 4/9)}; no estimate
     * while {@code remainingNanos} is negative.
     */
    static String line(final String task, final String phase, final long done, final long total, final String unit,
        final long elapsedNanos, final long remainingNanos, final String detail)
    {
        final StringBuilder text = new StringBuilder(task);
        if (!phase.isEmpty())
        {
            text.append(" [").append(phase).append(']');
        }
        text.append(' ').append(done).append('/').append(total).append(unit).append(", ").append(duration(elapsedNanos))
            .append(" elapsed");
        if (remainingNanos >= 0)
        {
            text.append(", about ").append(duration(remainingNanos)).append(" left");
        }
        if (detail != null)
        {
            text.append(" (").append(detail).append(')');
        }
        return text.toString();
    }

    /** @return {@code 45s}, {@code 3m 05s} or {@code 1h 02m}. */
    static String duration(final long nanos)
    {
        final long seconds = Math.max(0, nanos) / 1_000_000_000L;
        if (seconds < 60)
        {
            return seconds + "s";
        }
        if (seconds < 3600)
        {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds / 60 % 60);
    }

    /** @return the time left: what is left of the expected duration, else elapsed per step times the steps left; -1 if unknown. */
    private long remaining(final long now)
    {
        final long elapsed = now - startNanos;
        if (expectedNanos >= 0 && elapsed <= expectedNanos)
        {
            return expectedNanos - elapsed;
        }
        final long steps = shownDone(now);
        if (steps <= 0 || total <= 0)
        {
            return -1;
        }
        return (long)(elapsed * (double)Math.max(0, total - steps) / steps);
    }

    private long shownDone(final long now)
    {
        return timed ? Math.min(total, (now - startNanos) / 1_000_000_000L) : done;
    }

    private Progress root()
    {
        return parent == null ? this : parent.root();
    }

    private void changed(final boolean newPhase)
    {
        if (parent != null)
        {
            final long now = clock.getAsLong();
            parent.detail = line(task, phase, shownDone(now), total, unit, now - startNanos, -1, null);
            parent.changed(newPhase);
            return;
        }
        final long now = clock.getAsLong();
        if (terminal)
        {
            if (newPhase || now - lastDrawNanos >= REDRAW_NANOS)
            {
                draw(now);
            }
        }
        else if (newPhase)
        {
            plain(now);
        }
    }

    private void plain(final long now)
    {
        lastPlainNanos = now;
        target.println(line());
    }

    /** Draws the line over the last one; not while the run's own output has half a line written. */
    private void draw(final long now)
    {
        if (closed || !atLineStart)
        {
            return;
        }
        lastDrawNanos = now;
        final String text = line();
        final StringBuilder out = new StringBuilder().append('\r').append(text);
        for (int i = text.length(); i < drawnLength; i++)
        {
            out.append(' '); // what is left of a longer line
        }
        target.print(out);
        target.flush();
        drawnLength = text.length();
        drawn = true;
    }

    private void clear()
    {
        if (drawn)
        {
            target.print('\r' + " ".repeat(drawnLength) + '\r');
            drawn = false;
            drawnLength = 0;
        }
    }

    private void startTicker()
    {
        final Thread t = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                try
                {
                    Thread.sleep(TICK_NANOS / 1_000_000);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                tick();
            }
        }, "progress-" + task);
        t.setDaemon(true);
        synchronized (root())
        {
            ticker = t;
        }
        t.start();
    }

    /** The run's output on a terminal: the progress line is cleared before it and drawn again after each full line. */
    private final class LineClearing extends OutputStream
    {
        @Override
        public void write(final int b)
        {
            write(new byte[] {(byte)b}, 0, 1);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length)
        {
            if (length == 0)
            {
                return;
            }
            synchronized (Progress.this)
            {
                clear();
                target.write(bytes, offset, length);
                atLineStart = bytes[offset + length - 1] == '\n';
                if (atLineStart && !closed)
                {
                    draw(clock.getAsLong());
                }
            }
        }

        @Override
        public void flush()
        {
            target.flush();
        }
    }
}
