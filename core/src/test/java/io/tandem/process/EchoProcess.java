package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.test.TestJvm;

import java.util.ArrayList;
import java.util.List;

/** A test process: echoes, adds, fails, exits, prints, runs out of memory, on command. */
public class EchoProcess extends MessageProcess implements EchoCommands
{
    private final String greeting;
    private final int[] numbers = {1, 2, 3};
    private transient String notShipped = "frontend only";
    private final transient List<byte[]> hog = new ArrayList<>();

    public EchoProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
        this.greeting = "hello from " + name;
    }

    public EchoProcess(final String name)
    {
        this(name, ProcessOptions.defaults());
    }

    @Override
    public void echo(final String text)
    {
        sendOut(new MessageObject("echo", "text", text, "greeting", greeting, "transient", notShipped,
            "numbers", numbers, "backend", isBackend()));
    }

    @Override
    public void add(final int a, final long b)
    {
        frontend(EchoReplies.class).sum(a + b);
    }

    @Override
    public void fail(final String message)
    {
        throw new IllegalStateException(message);
    }

    @Override
    public void exit(final int code)
    {
        System.exit(code);
    }

    @Override
    public void sleep(final long millis)
    {
        TestJvm.sleep(millis);
    }

    @Override
    public void print(final String line)
    {
        System.out.println(line);
    }

    @Override
    @SuppressWarnings("MismatchedQueryAndUpdateOfCollection")
    public void allocate(final int megabytes)
    {
        final List<byte[]> blocks = hog == null ? new ArrayList<>() : hog;
        for (int i = 0; i < megabytes; i++)
        {
            blocks.add(new byte[1 << 20]);
        }
        sendOut(new MessageObject("allocated", "blocks", blocks.size()));
    }

    @Override
    public void sumAll(final double[] values, final List<String> labels)
    {
        double sum = 0;
        for (final double v : values)
        {
            sum += v;
        }
        sendOut(new MessageObject("sumAll", "sum", sum, "labels", String.join(",", labels)));
    }

    @Override
    public void sendTypedError(final String text)
    {
        frontend(EchoReplies.class).note(text);
    }
}
