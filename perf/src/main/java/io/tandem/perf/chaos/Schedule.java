package io.tandem.perf.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When each fault is injected: a list of (offset from the start, fault name), made from a seed alone, so a run
 * printed with its seed can be repeated. Every kind comes at least {@code minEach} times, the rest are drawn
 * at random; the order is shuffled and the offsets spread over the run with random jitter.
 *
 * <pre>{@code
 * List<Schedule.Injection> plan = Schedule.of(seed, List.of("kill9-mid-call", "sigstop-consumer"), 1, 4, 60_000);
 * }</pre>
 */
public final class Schedule
{
    /** One planned fault. */
    public record Injection(long atMillis, String fault)
    {
    }

    private Schedule()
    {
    }

    /**
     * @param seed      the seed of the run.
     * @param kinds     the fault names, in a fixed order.
     * @param minEach   how many of each kind at least.
     * @param total     how many in all (at least {@code minEach * kinds.size()} are made).
     * @param spanMillis over how long.
     * @return the plan, by time.
     */
    public static List<Injection> of(final long seed, final List<String> kinds, final int minEach, final int total,
        final long spanMillis)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < minEach; i++)
        {
            names.addAll(kinds);
        }
        while (names.size() < total && !kinds.isEmpty())
        {
            names.add(kinds.get(random.nextInt(kinds.size())));
        }
        // Fisher-Yates with our own random: Collections.shuffle(list, Random) would not take a SplittableRandom.
        for (int i = names.size() - 1; i > 0; i--)
        {
            Collections.swap(names, i, random.nextInt(i + 1));
        }
        final List<Injection> plan = new ArrayList<>(names.size());
        final double step = names.isEmpty() ? 0 : (double)spanMillis / names.size();
        for (int i = 0; i < names.size(); i++)
        {
            final long jitter = step >= 2 ? random.nextLong((long)(step / 2)) : 0;
            plan.add(new Injection((long)(i * step) + jitter, names.get(i)));
        }
        return plan;
    }
}
