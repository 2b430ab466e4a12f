package io.tandem.perf.wake;

import io.tandem.MessageProcess;
import io.tandem.internal.channel.Codegen;
import io.tandem.perf.CodegenProbe;
import io.tandem.ProcessOptions;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.sync.EventGroup;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The backend of the wake-up benchmark, in the default options: answers pings, sets events, squares numbers,
 * and, given two ring paths, echoes each frame of the first ring onto the second (woken by the first ring's
 * doorbell, as a command wakes it).
 */
public final class WakeProcess extends MessageProcess implements Wake, CodegenProbe
{
    final EventGroup events = new EventGroup(4);
    private final String inRing;
    private final String outRing;
    private transient RingBuffer in;
    private transient RingBuffer out;
    private transient RingConsumer frames;
    private transient RingProducer echoes;

    public WakeProcess(final String name, final ProcessOptions options, final Path inRing, final Path outRing)
    {
        super(name, options);
        this.inRing = inRing == null ? null : inRing.toString();
        this.outRing = outRing == null ? null : outRing.toString();
    }

    @Override
    protected void preRun()
    {
        if (inRing != null)
        {
            in = RingBuffer.attach(Path.of(inRing)).attachTimeout(Duration.ofSeconds(10)).build();
            out = RingBuffer.attach(Path.of(outRing)).attachTimeout(Duration.ofSeconds(10)).build();
            frames = in.consumer("echo");
            echoes = out.producer();
            wakeOn(frames);
        }
    }

    @Override
    protected int betweenCommands()
    {
        if (frames == null)
        {
            return 0;
        }
        int work = 0;
        Frame frame;
        while ((frame = frames.tryReceive()) != null)
        {
            final long value = frame.getLong(0);
            frames.release();
            echoes.claim().putLong(0, value).publish(8, 0, 0L);
            work++;
        }
        return work;
    }

    @Override
    protected void postRun()
    {
        if (frames != null)
        {
            frames.close();
            echoes.close();
            in.close();
            out.close();
        }
    }

    @Override
    public void ping(final long value)
    {
        frontend(Woken.class).pong(value);
    }

    @Override
    public void set(final int index)
    {
        events.set(index);
    }

    @Override
    public boolean codegenSettled()
    {
        return Codegen.isSettled();
    }

    @Override
    public long square(final long value)
    {
        return value * value;
    }
}
