package io.tandem.examples.streaming;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingProducer;

/**
 * A camera: a backend that, between commands, draws frames at a fixed rate straight into the ring's
 * slots and publishes them (the tutorial's "Custom MessageProcess" that pushes streaming data). The ring is a
 * field: it travels to the backend by name, attaches there, and closes with the process (its producer with it).
 */
public final class FrameProducer extends MessageProcess
{
    private final SharedRing ring;
    private final int framesPerSecond;
    private transient RingProducer producer;
    private transient long nextFrameAt;
    private transient long counter;
    private transient long reportAt;
    private transient long publishedInWindow;
    private transient long blockedNanosInWindow;
    private transient long blockedSince;

    public FrameProducer(final String name, final SharedRing ring, final int framesPerSecond)
    {
        super(name);
        this.ring = ring;
        this.framesPerSecond = framesPerSecond;
    }

    @Override
    protected void preRun()
    {
        producer = ring.producer();
        wakeOn(producer); // BLOCK: a slot the slowest consumer frees wakes it
        nextFrameAt = System.nanoTime();
        reportAt = nextFrameAt + 1_000_000_000L;
    }

    @Override
    protected int betweenCommands()
    {
        final long now = System.nanoTime();
        if (now - reportAt >= 0)
        {
            sendOut(new MessageObject("producer", "frames", publishedInWindow, "blockedMillis", blockedNanosInWindow / 1_000_000));
            publishedInWindow = 0;
            blockedNanosInWindow = 0;
            reportAt += 1_000_000_000L;
        }
        if (now - nextFrameAt < 0)
        {
            wakeAt(nextFrameAt - reportAt < 0 ? nextFrameAt : reportAt); // asleep until the next frame or report is due
            return 0;
        }
        final FrameClaim claim = producer.tryClaim(); // BLOCK: null while the slowest consumer holds the slot
        if (claim == null)
        {
            if (blockedSince == 0)
            {
                blockedSince = now;
            }
            wakeAt(reportAt); // a freed slot wakes it earlier
            return 0;
        }
        if (blockedSince != 0)
        {
            blockedNanosInWindow += System.nanoTime() - blockedSince;
            blockedSince = 0;
        }
        StreamingExample.FRAMES.draw(claim, ++counter);
        claim.publish(StreamingExample.FRAMES.bytes(), 0, System.nanoTime());
        publishedInWindow++;
        nextFrameAt += 1_000_000_000L / framesPerSecond;
        if (System.nanoTime() - nextFrameAt > 1_000_000_000L)
        {
            nextFrameAt = System.nanoTime(); // fell behind (blocked): do not burst to catch up
        }
        return 1;
    }
}
