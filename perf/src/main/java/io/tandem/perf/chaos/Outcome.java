package io.tandem.perf.chaos;

/**
 * What one injection of a fault gave: whether it is what the failure contract promises, how long the promised
 * signal took to come (ms from the injection; NaN where the promise is "survivors unaffected" with nothing to
 * time), and the evidence (the exception's text, or what was seen instead).
 */
public record Outcome(boolean asExpected, double detectMs, String evidence)
{
    static Outcome expected(final double detectMs, final String evidence)
    {
        return new Outcome(true, detectMs, evidence);
    }

    static Outcome unexpected(final double detectMs, final String evidence)
    {
        return new Outcome(false, detectMs, evidence);
    }
}
