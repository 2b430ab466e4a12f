package io.tandem.perf;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The progress line's text, its plain lines off a terminal and its redrawn line on one, on a clock moved by hand. */
class ProgressTest
{
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void durationsReadAsSecondsMinutesOrHours()
    {
        assertEquals("0s", Progress.duration(0));
        assertEquals("59s", Progress.duration(59 * SECOND + SECOND / 2));
        assertEquals("1m 00s", Progress.duration(60 * SECOND));
        assertEquals("59m 59s", Progress.duration(3599 * SECOND));
        assertEquals("1h 00m", Progress.duration(3600 * SECOND));
        assertEquals("2h 05m", Progress.duration((2 * 3600 + 5 * 60 + 59) * SECOND));
        assertEquals("0s", Progress.duration(-5 * SECOND), "a clock read backwards is no negative time");
    }

    @Test
    void theLineSaysTaskPhaseDoneOfTotalElapsedAndTheTimeLeft()
    {
        assertEquals("perf [rtt] 3/8, 2m 05s elapsed, about 3m 28s left",
            Progress.line("perf", "rtt", 3, 8, "", 125 * SECOND, 208 * SECOND, null));
        assertEquals("perf 0/8, 0s elapsed", Progress.line("perf", "", 0, 8, "", 0, -1, null), "no estimate before a step");
        assertEquals("soak [traffic] 120/1800 s, 2m 00s elapsed, about 28m 00s left",
            Progress.line("soak", "traffic", 120, 1800, " s", 120 * SECOND, 1680 * SECOND, null));
        assertEquals("perf [spawn] 4/8, 5m 00s elapsed, about 5m 00s left (spawn 100 workers [processes, round 2 of 3] 4/6, 50s elapsed)",
            Progress.line("perf", "spawn", 4, 8, "", 300 * SECOND, 300 * SECOND,
                "spawn 100 workers [processes, round 2 of 3] 4/6, 50s elapsed"));
    }

    @Test
    void theEstimateIsTheRateOfStepsSoFarOrWhatIsLeftOfAnExpectedLength()
    {
        try (Progress progress = Progress.start("perf", 4, "", target, false, clock::get))
        {
            assertEquals("perf 0/4, 0s elapsed", progress.line());
            clock.addAndGet(30 * SECOND);
            progress.step();
            assertEquals("perf 1/4, 30s elapsed, about 1m 30s left", progress.line(), "30 s a step, three to go");
        }
        try (Progress progress = Progress.start("chaos", 10, "", target, false, clock::get).expect(Duration.ofSeconds(60)))
        {
            clock.addAndGet(15 * SECOND);
            assertEquals("chaos 0/10, 15s elapsed, about 45s left", progress.line(), "a run of a known length");
            clock.addAndGet(60 * SECOND);
            progress.done(5);
            assertEquals("chaos 5/10, 1m 15s elapsed, about 1m 15s left", progress.line(), "late: the rate so far");
        }
        try (Progress progress = Progress.start("soak", 600, " s", target, false, clock::get).timed(Duration.ofSeconds(600)))
        {
            clock.addAndGet(120 * SECOND);
            assertEquals("soak 120/600 s, 2m 00s elapsed, about 8m 00s left", progress.line(), "its seconds are its steps");
        }
    }

    @Test
    void offATerminalItPrintsAPlainLineAtEachPhaseAndEveryTenSeconds()
    {
        try (Progress progress = Progress.start("perf", 2, "", target, false, clock::get))
        {
            assertSame(target, progress.out(), "the run's output is left alone");
            progress.phase("arrays");
            clock.addAndGet(5 * SECOND);
            progress.tick();
            clock.addAndGet(5 * SECOND);
            progress.tick();
            progress.step();
            progress.phase("ring");
            progress.out().println("a line of the run's own");
        }
        assertEquals("perf [arrays] 0/2, 0s elapsed\n" +
            "perf [arrays] 0/2, 10s elapsed\n" +
            "perf [ring] 1/2, 10s elapsed, about 10s left\n" +
            "a line of the run's own\n", text());
    }

    @Test
    void onATerminalItRedrawsOneLineInPlaceAndKeepsTheRunsOutputAboveIt()
    {
        try (Progress progress = Progress.start("perf", 2, "", target, true, clock::get))
        {
            progress.phase("arrays");
            clock.addAndGet(SECOND);
            progress.tick();
            progress.out().print("table ");
            clock.addAndGet(SECOND);
            progress.tick(); // half a line of the run's own is on screen: no redraw over it
            progress.out().println("row");
            progress.step();
            progress.phase("ring");
        }
        final String first = "perf [arrays] 0/2, 0s elapsed";
        final String second = "perf [arrays] 0/2, 1s elapsed";
        final String third = "perf [arrays] 0/2, 2s elapsed";
        final String fourth = "perf [ring] 1/2, 2s elapsed, about 2s left";
        assertEquals("\r" + first +
            "\r" + second +
            "\r" + " ".repeat(second.length()) + "\r" + "table " +
            "row\n" +
            "\r" + third +
            "\r" + fourth +
            "\r" + " ".repeat(fourth.length()) + "\r", text());
    }

    @Test
    void aProgressStartedInsideAnotherShowsAsTheDetailOfItsLine()
    {
        try (Progress outer = Progress.start("perf", 8, "", target, false, clock::get))
        {
            outer.phase("spawn");
            try (Progress inner = Progress.start("spawn 100 workers", 6, "", target, false, clock::get))
            {
                assertSame(outer.out(), inner.out());
                clock.addAndGet(20 * SECOND);
                inner.phase("processes, round 1 of 3");
            }
            assertEquals("perf [spawn] 0/8, 20s elapsed", outer.line(), "the detail goes with the inner one");
        }
        assertEquals("perf [spawn] 0/8, 0s elapsed\n" +
            "perf [spawn] 0/8, 20s elapsed (spawn 100 workers [processes, round 1 of 3] 0/6, 20s elapsed)\n", text());
    }

    private String text()
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
