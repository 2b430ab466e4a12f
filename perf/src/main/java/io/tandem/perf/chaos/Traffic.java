package io.tandem.perf.chaos;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.internal.runtime.Session;
import io.tandem.sync.SyncIndex;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The main session's traffic, on the paths no fault touches: two child backends and two in-JVM ones, each fed
 * by a command sender (commandsPerSecond each), a reply receiver, two calling threads (callsPerSecond each,
 * between them) and a SyncIndex waiter (callsPerSecond / 2; it also reads the value through the worker's shared
 * array); a producer thread feeding a BLOCK and an OVERWRITE ring that a reader in a
 * process of its own consumes. Every message carries its stream's sequence number, recorded in the
 * {@link Ledger}; a failure on these paths is an unexpected outcome ({@link #errors()}).
 */
final class Traffic implements AutoCloseable
{
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final int RING_SLOTS = 64;
    static final Duration RING_HEARTBEAT = Duration.ofSeconds(1);
    /** How long the traffic's threads may take to end once stopped (the senders; the receivers this past their drain). */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** How long the ring reader may take to read the last frames once the producer stopped. */
    static final Duration RING_DRAIN = Duration.ofSeconds(10);

    private final Ledger ledger;
    private final double commandsPerSecond;
    private final double callsPerSecond;
    private final double framesPerSecond;
    private final List<EchoWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Thread> receivers = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final LatencyLog latencies = new LatencyLog();
    private final Session session;
    private RingBuffer blockRing;
    private RingBuffer overwriteRing;
    private RingReader reader;
    private volatile boolean stopping;
    /** Set once every sending thread has ended: only then can a receiver tell it has all there will be. */
    private volatile boolean sendersDone;
    private volatile long blockPublished;
    private volatile long overwritePublished;

    Traffic(final Ledger ledger, final double commandsPerSecond, final double callsPerSecond, final double framesPerSecond)
    {
        this.ledger = ledger;
        this.commandsPerSecond = commandsPerSecond;
        this.callsPerSecond = callsPerSecond;
        this.framesPerSecond = framesPerSecond;
        this.session = Session.acquire();
    }

    /** Starts the processes (in parallel), waits for them, then starts the traffic. */
    void start()
    {
        final Path rings = session.resourceDirectory("rings");
        blockRing = RingBuffer.create(rings.resolve("chaos-block")).slotCount(RING_SLOTS).slotSize(64)
            .policy(RingPolicy.BLOCK).heartbeatTimeout(RING_HEARTBEAT).build();
        overwriteRing = RingBuffer.create(rings.resolve("chaos-overwrite")).slotCount(RING_SLOTS).slotSize(64)
            .policy(RingPolicy.OVERWRITE).heartbeatTimeout(RING_HEARTBEAT).build();
        workers.add(new EchoWorker("echo-child-1", ProcessOptions.defaults()));
        workers.add(new EchoWorker("echo-child-2", ProcessOptions.defaults()));
        workers.add(new EchoWorker("echo-jvm-1", ProcessOptions.builder().inJvm().build()));
        workers.add(new EchoWorker("echo-jvm-2", ProcessOptions.builder().inJvm().build()));
        reader = new RingReader("ring-reader", ProcessOptions.defaults(), blockRing.path(), overwriteRing.path());
        for (final MessageProcess p : processes())
        {
            p.start();
        }
        for (final MessageProcess p : processes())
        {
            p.awaitStarted(START_TIMEOUT);
        }
        for (final EchoWorker w : workers)
        {
            spawn(w.name() + "-send", () -> sendLoop(w));
            receivers.add(spawn(w.name() + "-receive", () -> receiveLoop(w)));
            // A stream each: with one shared stream an answer swapped between the two threads would still tick both off.
            spawn(w.name() + "-call-a", () -> callLoop(w, "call-a:"));
            spawn(w.name() + "-call-b", () -> callLoop(w, "call-b:"));
            spawn(w.name() + "-sync", () -> syncLoop(w));
        }
        spawn("ring-producer", this::produceLoop);
    }

    List<MessageProcess> processes()
    {
        final List<MessageProcess> all = new ArrayList<>(workers);
        if (reader != null)
        {
            all.add(reader);
        }
        return all;
    }

    /** @return the pids of the child JVMs on the surviving paths. */
    List<Long> childPids()
    {
        final List<Long> pids = new ArrayList<>();
        for (final MessageProcess p : processes())
        {
            if (!p.options().mode().equals(ProcessOptions.Mode.IN_JVM) && p.pid() > 0)
            {
                pids.add(p.pid());
            }
        }
        return pids;
    }

    EchoWorker worker(final int i)
    {
        return workers.get(i);
    }

    RingReader reader()
    {
        return reader;
    }

    RingBuffer blockRing()
    {
        return blockRing;
    }

    long blockPublished()
    {
        return blockPublished;
    }

    /** @return the main session's directory. */
    Path sessionDir()
    {
        return session.dir();
    }

    LatencyLog latencies()
    {
        return latencies;
    }

    List<String> errors()
    {
        return new ArrayList<>(errors);
    }

    private Thread spawn(final String name, final Runnable body)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final RuntimeException | Error ex)
            {
                errors.add(name + ": " + ex);
            }
        }, "chaos-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    private void sendLoop(final EchoWorker w)
    {
        final EchoCommands commands = w.backend(EchoCommands.class);
        final String stream = "command:" + w.name();
        final Pacer pacer = new Pacer(commandsPerSecond);
        while (!stopping)
        {
            pacer.await();
            commands.echo(ledger.send(stream));
        }
    }

    private void receiveLoop(final EchoWorker w)
    {
        final String stream = "command:" + w.name();
        while (true)
        {
            final MessageObject m;
            try
            {
                m = w.receive(Duration.ofMillis(200));
            }
            catch (final ReplyTimeoutException ex)
            {
                if (sendersDone && drained(stream))
                {
                    return;
                }
                continue;
            }
            if (m != null && "echo".equals(m.name()))
            {
                ledger.receive(stream, ((Number)m.get("seq")).longValue());
            }
            if (sendersDone && drained(stream))
            {
                return;
            }
        }
    }

    private boolean drained(final String stream)
    {
        final long[] s = ledger.byStream().get(stream);
        return s == null || s[1] + s[3] >= s[0] || System.nanoTime() - stopAt > DRAIN_NANOS;
    }

    private static final long DRAIN_NANOS = 10_000_000_000L;
    private volatile long stopAt;

    private void callLoop(final EchoWorker w, final String prefix)
    {
        final EchoCommands commands = w.backend(EchoCommands.class);
        final String stream = prefix + w.name();
        final Pacer pacer = new Pacer(callsPerSecond / 2);
        while (!stopping)
        {
            pacer.await();
            final long seq = ledger.send(stream);
            final long t0 = System.nanoTime();
            final long answer = commands.square(seq);
            latencies.add(System.nanoTime() - t0);
            final String wrong = answerProblem(stream, seq, answer);
            if (wrong != null)
            {
                errors.add(wrong);
            }
            ledger.receive(stream, answer);
        }
    }

    /** @return the error of a call answered with another call's value, or null if {@code answer} is its own. */
    static String answerProblem(final String stream, final long seq, final long answer)
    {
        return answer == seq ? null
            : String.format(Locale.ROOT, "%s: call %d was answered %d (another call's answer)", stream, seq, answer);
    }

    private void syncLoop(final EchoWorker w)
    {
        final EchoCommands commands = w.backend(EchoCommands.class);
        final String stream = "sync:" + w.name();
        final Pacer pacer = new Pacer(callsPerSecond / 2);
        while (!stopping)
        {
            pacer.await();
            final long seq = ledger.send(stream);
            try (SyncIndex i = new SyncIndex(w.events()))
            {
                commands.signal(seq, 0, i.index());
            }
            ledger.receive(stream, w.values().getLong(0)); // the value the backend wrote before it set the event
        }
    }

    private void produceLoop()
    {
        final Pacer pacer = new Pacer(framesPerSecond);
        try (RingProducer block = blockRing.producer(); RingProducer overwrite = overwriteRing.producer())
        {
            while (!stopping)
            {
                pacer.await();
                final FrameClaim b = block.claim(Duration.ofSeconds(30)); // a stopped consumer holds it up to the SIGCONT
                b.putLong(0, blockPublished);
                b.publish(8, 0, System.nanoTime());
                blockPublished++;
                final FrameClaim o = overwrite.claim(Duration.ofSeconds(1));
                o.putLong(0, overwritePublished);
                o.publish(8, 0, System.nanoTime());
                overwritePublished++;
            }
        }
    }

    /**
     * Stops sending and waits (bounded) for what was sent to arrive; then reads the ring reader's account of the
     * frames. The frames count in the ledger as streams {@code ring:block} (every one must arrive once) and
     * {@code ring:overwrite} (a lapped read may skip frames, which the contract allows: those are not counted lost,
     * only duplicates and torn reads handed out are).
     */
    void drain() throws InterruptedException
    {
        stopping = true;
        // One deadline for all the senders, one for all the receivers: not 15 s for each thread in turn.
        final long sendersDeadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (final Thread t : threads)
        {
            if (!receivers.contains(t))
            {
                join(t, sendersDeadline);
            }
        }
        stopAt = System.nanoTime();
        sendersDone = true;
        final long receiversDeadline = System.nanoTime() + JOIN_TIMEOUT.toNanos() + DRAIN_NANOS;
        for (final Thread t : receivers)
        {
            join(t, receiversDeadline);
        }
        final long deadline = System.nanoTime() + RING_DRAIN.toNanos();
        String[] block;
        String[] overwrite;
        boolean caughtUp;
        do
        {
            final String[] parts = reader.backend(RingReaderCommands.class).report().split(";");
            block = parts[0].substring(parts[0].indexOf('=') + 1).split(",");
            overwrite = parts[1].substring(parts[1].indexOf('=') + 1).split(",");
            caughtUp = Long.parseLong(block[5]) >= blockPublished - 1 && Long.parseLong(overwrite[5]) >= overwritePublished - 1;
            if (caughtUp)
            {
                break;
            }
            Thread.sleep(50);
        }
        while (System.nanoTime() - deadline < 0);
        if (!caughtUp)
        {
            errors.add(String.format(Locale.ROOT, "the ring reader had not read up to the last frame %s after the stop: "
                + "block last %s of %d published, overwrite last %s of %d (the frames after are counted lost)", RING_DRAIN,
                block[5], blockPublished, overwrite[5], overwritePublished));
        }
        account(ledger, errors, "ring:block", block, blockPublished, false);
        account(ledger, errors, "ring:overwrite", overwrite, overwritePublished, true);
    }

    private void join(final Thread t, final long deadline) throws InterruptedException
    {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (t.isAlive())
        {
            errors.add(t.getName() + " did not end within " + JOIN_TIMEOUT.toSeconds() + " s of the stop");
        }
    }

    /**
     * Enters a ring reader's account of {@code stream} ({@code consumed,gaps,dups,torn,first,last,dropped}) in the
     * ledger; a frame skipped and not counted dropped by its consumer (silent loss) is an error.
     */
    static void account(final Ledger ledger, final java.util.Collection<String> errors, final String stream, final String[] seen,
        final long published, final boolean lossy)
    {
        final long consumed = Long.parseLong(seen[0]);
        final long gaps = Long.parseLong(seen[1]);
        final long dups = Long.parseLong(seen[2]);
        final long first = Long.parseLong(seen[4]);
        final long dropped = Long.parseLong(seen[6]);
        if (!lossy)
        {
            if (first != 0 && published > 0)
            {
                errors.add(String.format(Locale.ROOT, "%s: the reader's first frame was %d, not 0", stream, first));
            }
            ledger.count(stream, published, consumed, dups);
            return;
        }
        // A lapped OVERWRITE reader skips frames (before its first one too, if lapped at once): the contract lets it,
        // provided it counts them. Frames skipped and not counted as dropped would be silent loss.
        final long skipped = first + gaps;
        if (skipped != dropped)
        {
            errors.add(String.format(Locale.ROOT, "%s: the reader skipped %d frames (first %d, gaps %d) but its consumer "
                + "counted %d dropped", stream, skipped, first, gaps, dropped));
        }
        // Frames after the reader's last one are not skipped but unread: they count as lost (and drain() said so).
        ledger.count(stream, published - skipped, consumed, dups);
    }

    @Override
    public void close()
    {
        stopping = true;
        for (final MessageProcess p : processes())
        {
            p.close();
        }
        if (blockRing != null)
        {
            blockRing.close();
        }
        if (overwriteRing != null)
        {
            overwriteRing.close();
        }
        session.release();
    }

    /** Sends at a fixed rate from intended times; falls behind rather than bursting after a stall. */
    static final class Pacer
    {
        private final long periodNanos;
        private long next = System.nanoTime();

        Pacer(final double perSecond)
        {
            this.periodNanos = (long)(1e9 / perSecond);
        }

        void await()
        {
            next += periodNanos;
            long wait;
            while ((wait = next - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(wait);
            }
            if (-wait > 1_000_000_000L)
            {
                next = System.nanoTime();
            }
        }
    }
}
