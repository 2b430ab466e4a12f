package io.tandem.perf.rtt;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** The Tandem side of the round trip: a backend that answers each ping with a pong. */
public final class PingPongProcess extends MessageProcess implements Ping, Hello, io.tandem.perf.CodegenProbe
{
    public PingPongProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public void ping(final long value)
    {
        frontend(Pong.class).pong(value);
    }

    @Override
    public boolean codegenSettled()
    {
        return io.tandem.internal.channel.Codegen.isSettled();
    }

    @Override
    public void hello()
    {
        sendOut(new MessageObject("hello"));
    }
}
