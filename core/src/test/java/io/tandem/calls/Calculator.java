package io.tandem.calls;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Calls with results, of every kind. */
public interface Calculator
{
    int add(int a, int b);

    String greet(String name);

    long divide(long a, long b);

    CompletableFuture<Long> squareLater(long x);

    List<String> split(String text);

    /** Each comma-separated word of {@code text} and its length. */
    Map<String, Integer> lengths(String text);

    double[] scale(double[] values, double factor);

    int sleepThenReturn(int millis);

    /** Creates the file {@code marker} (the test sees the call has started), then sleeps {@code millis}. */
    int markThenSleep(String marker, int millis);

    void note(String text);

    void exit(int code);
}
