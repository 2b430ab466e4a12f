package io.tandem.examples.streaming;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.Poller;
import io.tandem.examples.frames.FramePattern;
import io.tandem.examples.frames.ReportLines;
import io.tandem.memory.SharedRing;
import io.tandem.ringbuffer.RingPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The streaming pipeline: a producer process pushes 1920x1080x3 frames at 30 per second through a
 * shared-memory ring to two consumer processes, one fast and one slow (100 ms of "analysis" per frame),
 * first with the BLOCK policy (nothing lost: the slow consumer sets the pace), then with OVERWRITE (the
 * producer never waits: the slow consumer skips to the newest frame and counts what it missed). Every
 * second each process reports; this prints what they said. The ring is a {@link SharedRing} held in each
 * process's field: it reaches the backends by name and closes with the processes. Run it with
 * {@code ./tandem example streaming [seconds per policy]}.
 *
 * <pre>
 * BLOCK      t=4s  producer  10 frames/s  waited 1005 ms for a free slot
 * BLOCK      t=4s  fast      10 frames/s  dropped 0    corrupt 0  age p50 75 us  max 455 us
 * BLOCK      t=4s  slow      10 frames/s  dropped 0    corrupt 0  age p50 707.0 ms  max 708.9 ms
 * OVERWRITE  t=1s  fast      31 frames/s  dropped 0    corrupt 0  age p50 114 us  max 4.9 ms
 * OVERWRITE  t=5s  producer  30 frames/s  waited 0 ms for a free slot
 * OVERWRITE  t=5s  fast      30 frames/s  dropped 0    corrupt 0  age p50 6 us  max 1.1 ms
 * OVERWRITE  t=5s  slow       8 frames/s  dropped 26   corrupt 0  age p50 92.5 ms  max 159.6 ms
 * </pre>
 * The fast consumer's frames are 6 us old once it has learnt the producer's rhythm (a few seconds): it is awake
 * when each is due ({@code Cadence} in {@code io.tandem.idle}); before that, and in BLOCK mode, where the slow
 * consumer's releases set the pace, each waits for a wake-up, 75 to 200 us on a virtual machine.
 */
public final class StreamingExample
{
    static final int FRAMES_PER_SECOND = 30;
    static final long SLOW_WORK_MILLIS = 100;
    /** 1920 x 1080 x 3 bytes: a video frame. */
    static final FramePattern FRAMES = new FramePattern(1920 * 1080 * 3);

    private StreamingExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (final RingPolicy policy : List.of(RingPolicy.BLOCK, RingPolicy.OVERWRITE))
        {
            run(policy, seconds);
        }
        System.out.println("streaming: done");
    }

    static void run(final RingPolicy policy, final int seconds) throws Exception
    {
        try (SharedRing frames = SharedRing.builder("frames-" + policy.name().toLowerCase(Locale.ROOT))
                 .slotCount(8).slotSize(FRAMES.bytes()).policy(policy).create();
             FrameConsumer fast = new FrameConsumer("fast", frames, 0);
             FrameConsumer slow = new FrameConsumer("slow", frames, SLOW_WORK_MILLIS);
             FrameProducer producer = new FrameProducer("producer", frames, FRAMES_PER_SECOND);
             Poller poller = new Poller())
        {
            for (final MessageProcess p : List.of(fast, slow))
            {
                p.start();
                p.awaitStarted(Duration.ofSeconds(60)); // consumers first: they see every frame from the first
                poller.add(p);
            }
            producer.start();
            poller.add(producer);
            final long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos() + 500_000_000L;
            final long start = System.nanoTime();
            while (System.nanoTime() - end < 0)
            {
                for (final MessageProcess p : poller.poll(Duration.ofMillis(200)).processes())
                {
                    MessageObject m;
                    while ((m = p.tryReceive()) != null)
                    {
                        print(policy, (System.nanoTime() - start) / 1_000_000_000L, p.name(), m);
                    }
                }
            }
            for (final MessageProcess p : List.of(producer, fast, slow))
            {
                p.requestStop();
            }
        }
    }

    private static void print(final RingPolicy policy, final long second, final String who, final MessageObject m)
    {
        System.out.println(m.name().equals("producer") ?
            ReportLines.producer(policy, second, who, m.get("frames", Long.class), m.get("blockedMillis", Long.class)) :
            ReportLines.consumer(policy, second, who, m));
    }
}
