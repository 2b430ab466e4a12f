package io.tandem.perf.manager;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** A worker that answers each echo with a message. */
public final class EchoWorker extends MessageProcess implements Echo
{
    public EchoWorker(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public void echo(final long value)
    {
        sendOut(new MessageObject("echo", "value", value));
    }
}
