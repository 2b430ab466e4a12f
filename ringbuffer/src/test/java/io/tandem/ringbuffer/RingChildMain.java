package io.tandem.ringbuffer;

import io.tandem.idle.BackoffIdleStrategy;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.WaitMode;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The other process of the multi-process tests. Prints {@code READY} once set up and {@code RESULT ...} at the end.
 * <pre>
 *   consume &lt;path&gt; &lt;name&gt; &lt;frames&gt; &lt;minLen&gt; &lt;maxLen&gt; &lt;poll|receive&gt; &lt;pauseNanosPerFrame&gt; [waitMode]
 *   produce &lt;path&gt; &lt;frames&gt; &lt;minLen&gt; &lt;maxLen&gt; &lt;pauseNanosPerFrame&gt;
 *   hold &lt;path&gt; &lt;name&gt;                    register, then never read (to be killed)
 *   produce-hang &lt;path&gt; &lt;frames&gt;          publish, then hang (to be killed)
 * </pre>
 */
public final class RingChildMain
{
    private RingChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Paths.get(args[1]);
        final WaitMode waitMode = "consume".equals(args[0]) && args.length > 8 ? WaitMode.valueOf(args[8]) : WaitMode.BACKOFF;
        try (RingBuffer ring = RingBuffer.attach(path).attachTimeout(Duration.ofSeconds(30)).waitMode(waitMode).build())
        {
            switch (args[0])
            {
                case "consume":
                    consume(ring, args[2], Long.parseLong(args[3]), new TestFrames(Integer.parseInt(args[4]), Integer.parseInt(args[5])),
                        "poll".equals(args[6]), Long.parseLong(args[7]), waitMode);
                    break;
                case "produce":
                    produce(ring, Long.parseLong(args[2]), new TestFrames(Integer.parseInt(args[3]), Integer.parseInt(args[4])),
                        Long.parseLong(args[5]));
                    break;
                case "hold":
                    try (RingConsumer ignored = ring.consumer(args[2]))
                    {
                        System.out.println("READY");
                        hang();
                    }
                    break;
                case "produce-hang":
                    try (RingProducer producer = ring.producer())
                    {
                        final TestFrames frames = new TestFrames(8, 64);
                        for (long s = 0, n = Long.parseLong(args[2]); s < n; s++)
                        {
                            frames.publish(producer, producer.position());
                        }
                        System.out.println("READY");
                        hang();
                    }
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
        }
    }

    private static void consume(
        final RingBuffer ring,
        final String name,
        final long frames,
        final TestFrames check,
        final boolean poll,
        final long pauseNs,
        final WaitMode waitMode)
    {
        final boolean strict = ring.policy() == RingPolicy.BLOCK;
        try (RingConsumer consumer = ring.consumer(name))
        {
            System.out.println("READY");
            final Verifier verifier = new Verifier(check, strict, consumer.startPosition(), pauseNs);
            final IdleStrategy idle = waitMode == WaitMode.BACKOFF ? new BackoffIdleStrategy() : waitMode.newIdleStrategy();
            long idlePasses = 0;
            while (consumer.position() < frames)
            {
                if (poll)
                {
                    final int work = consumer.poll(verifier::onFrame, 64);
                    idlePasses = work > 0 ? 0 : idlePasses + 1;
                    if ((idlePasses & 1023) == 1023 && ring.isAbandoned() && !consumer.hasFrame())
                    {
                        break;
                    }
                    idle.idle(work);
                }
                else
                {
                    final Frame frame = consumer.receive(Duration.ofSeconds(1));
                    if (frame == null)
                    {
                        if (ring.isAbandoned())
                        {
                            break;
                        }
                        continue;
                    }
                    final String problem = verifier.inspect(frame);
                    if (consumer.release())
                    {
                        verifier.accept(frame.sequence(), problem);
                    }
                }
            }
            System.out.println(String.format(Locale.ROOT, "RESULT consumed=%d dropped=%d position=%d delivered=%d errors=%d first=%s",
                consumer.consumed(), consumer.dropped(), consumer.position(), verifier.delivered, verifier.errors, verifier.firstError));
        }
    }

    static void produce(final RingBuffer ring, final long frames, final TestFrames content, final long pauseNs)
    {
        try (RingProducer producer = ring.producer(WaitMode.BUSY_SPIN))
        {
            System.out.println("READY");
            for (long s = 0; s < frames; s++)
            {
                content.publish(producer, producer.position());
                pause(pauseNs);
            }
            System.out.println("RESULT published=" + producer.position());
        }
    }

    static void pause(final long pauseNs)
    {
        if (pauseNs > 0)
        {
            final long until = System.nanoTime() + pauseNs;
            while (System.nanoTime() - until < 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    private static void hang()
    {
        while (true)
        {
            LockSupport.parkNanos(1_000_000_000L);
        }
    }

    /** Checks every delivered frame: content intact, sequence in order (without gaps when {@code strict}). */
    static final class Verifier
    {
        private final TestFrames check;
        private final boolean strict;
        private final long pauseNs;
        private long expected;
        long delivered;
        long errors;
        String firstError;

        Verifier(final TestFrames check, final boolean strict, final long startPosition, final long pauseNs)
        {
            this.check = check;
            this.strict = strict;
            this.expected = startPosition;
            this.pauseNs = pauseNs;
        }

        void onFrame(final Frame frame)
        {
            accept(frame.sequence(), inspect(frame));
        }

        String inspect(final Frame frame)
        {
            final String problem = check.check(frame);
            pause(pauseNs);
            return problem;
        }

        void accept(final long sequence, final String problem)
        {
            delivered++;
            String error = problem;
            if (error == null && (strict ? sequence != expected : sequence < expected))
            {
                error = "frame " + sequence + " delivered, expected " + (strict ? "" : ">= ") + expected;
            }
            expected = sequence + 1;
            if (error != null)
            {
                errors++;
                if (firstError == null)
                {
                    firstError = error.replace(' ', '_');
                }
            }
        }
    }
}
