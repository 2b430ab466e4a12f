package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** A test process: echoes, fails on demand, exits, dies. */
public class EchoProcess extends MessageProcess implements EchoCommands
{

    private final String greeting;
    private transient String notShipped = "frontend only";

    public EchoProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
        this.greeting = "hello from " + name;
    }

    @Override
    public void echo(final String text)
    {
        sendOut(new MessageObject("echo", "text", text, "greeting", greeting, "transient", notShipped));
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
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
