package io.tandem.calls;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.test.TestJvm;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The backend of {@link CallsTest}. */
public class CalculatorProcess extends MessageProcess implements Calculator
{
    public CalculatorProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public int add(final int a, final int b)
    {
        return a + b;
    }

    @Override
    public String greet(final String name)
    {
        return "hello " + name + " from " + name();
    }

    @Override
    public long divide(final long a, final long b)
    {
        return a / b;
    }

    @Override
    public CompletableFuture<Long> squareLater(final long x)
    {
        // completes on another thread, after the handler has returned
        return CompletableFuture.supplyAsync(() -> x * x, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }

    @Override
    public List<String> split(final String text)
    {
        return Arrays.asList(text.split(","));
    }

    @Override
    public Map<String, Integer> lengths(final String text)
    {
        final Map<String, Integer> out = new LinkedHashMap<>();
        for (final String word : text.split(","))
        {
            out.put(word, word.length());
        }
        return out;
    }

    @Override
    public double[] scale(final double[] values, final double factor)
    {
        final double[] out = values.clone();
        for (int i = 0; i < out.length; i++)
        {
            out[i] *= factor;
        }
        return out;
    }

    @Override
    public int sleepThenReturn(final int millis)
    {
        TestJvm.sleep(millis);
        return millis;
    }

    @Override
    public int markThenSleep(final String marker, final int millis)
    {
        try
        {
            java.nio.file.Files.createFile(java.nio.file.Paths.get(marker));
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        TestJvm.sleep(millis);
        return millis;
    }

    @Override
    public void note(final String text)
    {
        sendOut(new MessageObject("note", "text", text));
    }

    @Override
    public void exit(final int code)
    {
        System.exit(code);
    }
}
