package io.tandem.perf.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The command line of {@code ./tandem chaos}, parsed and checked in one place. */
final class ChaosOptions
{
    static final int QUICK_SECONDS = 30;
    static final int DEFAULT_SECONDS = 150;
    static final int SOAK_SECONDS = 600;
    static final int SOAK_PERIOD_SECONDS = 60;

    boolean quick;
    boolean soak;
    int seconds = -1;
    int periodSeconds = SOAK_PERIOD_SECONDS;
    int faultEverySeconds = -1;
    long seed;
    boolean seedGiven;
    List<String> only = new ArrayList<>();
    Path out = Path.of(System.getProperty("tandem.perf.results.dir", "perf/target"));
    Path root;
    String[] args;

    /** @return the options, or throws IllegalArgumentException saying what is wrong. */
    static ChaosOptions parse(final String... args)
    {
        final ChaosOptions o = new ChaosOptions();
        o.args = args.clone();
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            switch (a)
            {
                case "--quick" -> o.quick = true;
                case "--soak" -> o.soak = true;
                case "--seconds" -> o.seconds = positive(a, value(args, ++i));
                case "--period" -> o.periodSeconds = positive(a, value(args, ++i));
                case "--fault-every" -> o.faultEverySeconds = positive(a, value(args, ++i));
                case "--seed" ->
                {
                    o.seed = Long.parseLong(value(args, ++i));
                    o.seedGiven = true;
                }
                case "--faults" -> o.only.addAll(List.of(value(args, ++i).split(",")));
                case "--out" -> o.out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (o.seconds < 0)
        {
            o.seconds = o.soak ? SOAK_SECONDS : o.quick ? QUICK_SECONDS : DEFAULT_SECONDS;
        }
        if (o.faultEverySeconds < 0)
        {
            o.faultEverySeconds = Math.max(10, o.periodSeconds / 2);
        }
        if (!o.seedGiven)
        {
            o.seed = new SplittableRandom().nextLong();
        }
        return o;
    }

    private static String value(final String[] args, final int i)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(final String option, final String value)
    {
        final int v = Integer.parseInt(value);
        if (v <= 0)
        {
            throw new IllegalArgumentException(option + " must be positive, got " + v);
        }
        return v;
    }

    static String usage()
    {
        return String.join("\n",
            "usage: ./tandem chaos [--quick] [--seconds N] [--seed S] [--faults a,b] [--out DIR]",
            "       ./tandem chaos --soak [--seconds N] [--period S] [--fault-every S] [--seed S]",
            "  --quick        every fault kind once, over " + QUICK_SECONDS + " s (at most 3 minutes in all)",
            "  --seconds N    how long faults are injected (default " + DEFAULT_SECONDS + "; soak " + SOAK_SECONDS + ")",
            "  --seed S       repeat a run: the seed it printed",
            "  --faults a,b   only these kinds (names as in the table)",
            "  --soak         steady traffic, faults at a low rate; a report every --period S (default "
                + SOAK_PERIOD_SECONDS + "), slopes at the end",
            "  --out DIR      where chaos-results.json / soak-results.json go (default perf/target)");
    }
}
