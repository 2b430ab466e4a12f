package io.tandem.perf.rtt;

import io.tandem.perf.ChildJvm;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * The bare Chronicle baseline: a method reader on the ping queue answering through a method writer on the
 * pong queue, busy-spinning: what Tandem's commands are made of, without Tandem. {@code -1} ends it.
 */
public final class ChronicleQueuePeer
{
    private ChronicleQueuePeer()
    {
    }

    public static void main(final String[] args)
    {
        try (ChronicleQueue pings = SingleChronicleQueueBuilder.binary(args[0]).build();
             ChronicleQueue pongs = SingleChronicleQueueBuilder.binary(args[1]).build())
        {
            final Pong pong = pongs.methodWriter(Pong.class);
            final boolean[] done = {false};
            final MethodReader reader = pings.createTailer().methodReader((Ping)value ->
            {
                if (value == -1)
                {
                    done[0] = true;
                }
                else
                {
                    pong.pong(value);
                }
            });
            System.out.println(ChildJvm.READY);
            System.out.flush();
            while (!done[0])
            {
                if (!reader.readOne())
                {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
