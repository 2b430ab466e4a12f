package io.tandem.perf.chaos;

import java.util.ArrayList;
import java.util.List;

/** The injections of one fault kind: how many, how many as expected, the detection times and the evidence. */
final class FaultTally
{
    final String name;
    final String promise;
    int injected;
    int unexpected;
    final List<Double> detectMs = new ArrayList<>();
    final List<String> evidence = new ArrayList<>();

    FaultTally(final String name, final String promise)
    {
        this.name = name;
        this.promise = promise;
    }

    synchronized void add(final Outcome o)
    {
        injected++;
        if (!o.asExpected())
        {
            unexpected++;
            evidence.add(o.evidence());
        }
        if (!Double.isNaN(o.detectMs()))
        {
            detectMs.add(o.detectMs());
        }
    }

    boolean asExpected()
    {
        return injected > 0 && unexpected == 0;
    }

    double p50()
    {
        return Stats.percentile(detectMs, 50);
    }

    double max()
    {
        return detectMs.isEmpty() ? Double.NaN : detectMs.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    }
}
