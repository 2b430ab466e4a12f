package io.tandem;


import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A process with a no-argument constructor that counts how often it runs, and fields of many kinds. */
public class CountingProcess extends MessageProcess implements Counting
{
    static final AtomicInteger CONSTRUCTIONS = new AtomicInteger();

    private final long number = 42;
    private final double[] values = {1.5, 2.5};
    private final List<String> names = List.of("a", "b");
    private final Map<String, Integer> sizes = Map.of("x", 1);
    private final Object boxed = 7;
    private final String hidden = "subclass";
    private final Counting.Colour colour = Counting.Colour.GREEN;

    public CountingProcess()
    {
        super("counting");
        CONSTRUCTIONS.incrementAndGet();
    }

    @Override
    public int constructions()
    {
        return CONSTRUCTIONS.get();
    }

    @Override
    public String fields()
    {
        return number + " " + values[1] + " " + names + " " + sizes + " " + boxed + " " + hidden + " " + colour;
    }
}
