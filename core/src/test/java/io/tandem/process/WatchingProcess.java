package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A backend with work of its own between commands: it echoes each frame of a ring as a reply (woken by the
 * ring, {@code wakeOn}, if asked to), and fires a reply at a time a command sets (woken by a timer,
 * {@code wakeAt}, if asked to). Without either, only the 20 ms look of an idle loop finds the work.
 */
public class WatchingProcess extends MessageProcess implements WatchingCommands
{
    private final String ringPath;
    private final boolean wakeOnFrames;
    private transient RingBuffer ring;
    private transient RingConsumer frames;
    private transient long fireAt;
    private transient boolean timed;

    public WatchingProcess(final String name, final Path ringPath, final boolean wakeOnFrames)
    {
        super(name, ProcessOptions.defaults());
        this.ringPath = ringPath == null ? null : ringPath.toString();
        this.wakeOnFrames = wakeOnFrames;
    }

    @Override
    protected void preRun()
    {
        if (ringPath != null)
        {
            ring = RingBuffer.attach(Path.of(ringPath)).attachTimeout(Duration.ofSeconds(10)).build();
            frames = ring.consumer("watcher");
            if (wakeOnFrames)
            {
                wakeOn(frames);
            }
        }
    }

    @Override
    public void fireIn(final long millis, final boolean timed)
    {
        this.fireAt = System.nanoTime() + millis * 1_000_000;
        this.timed = timed;
    }

    @Override
    protected int betweenCommands()
    {
        int work = 0;
        if (frames != null)
        {
            Frame frame;
            while ((frame = frames.tryReceive()) != null)
            {
                final long sentAt = frame.getLong(0);
                frames.release();
                sendOut(new MessageObject("frame", "sentAt", sentAt, "seenAt", System.nanoTime()));
                work++;
            }
        }
        if (fireAt != 0)
        {
            final long now = System.nanoTime();
            if (now - fireAt >= 0)
            {
                sendOut(new MessageObject("fired", "lateNanos", now - fireAt));
                fireAt = 0;
                work++;
            }
            else if (timed)
            {
                wakeAt(fireAt);
            }
        }
        return work;
    }

    @Override
    protected void postRun()
    {
        if (frames != null)
        {
            frames.close();
            ring.close();
        }
    }
}
