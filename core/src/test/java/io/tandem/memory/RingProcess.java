package io.tandem.memory;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingProducer;

/**
 * A test process holding a {@link SharedRing} in a field: its backend attaches the ring by name, takes the producer
 * role and registers a consumer of its own in preRun, and never closes them: the ring closes with the process.
 */
public class RingProcess extends MessageProcess implements RingCommands
{
    private final SharedRing frames;
    private transient RingProducer producer;
    private transient RingConsumer consumer;

    public RingProcess(final String name, final SharedRing frames, final ProcessOptions options)
    {
        super(name, options);
        this.frames = frames;
    }

    @Override
    protected void preRun()
    {
        producer = frames.producer();
        consumer = frames.consumer("backend-" + name());
    }

    @Override
    public void produce(final long first, final int count)
    {
        for (long i = first; i < first + count; i++)
        {
            final FrameClaim claim = producer.claim();
            claim.putLong(0, i);
            claim.publish(Long.BYTES, 0, System.nanoTime());
        }
        sendOut(new MessageObject("produced", "count", count));
    }

    @Override
    public void describe()
    {
        sendOut(new MessageObject("ring", "path", frames.path().toString(), "creator", frames.isCreator(),
            "slotSize", frames.ring().slotSize(), "consumer", consumer.name()));
    }
}
