package io.tandem;

import io.tandem.idle.Await;
import io.tandem.idle.Doorbell;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.NanoClock;
import io.tandem.idle.SpinBudget;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.internal.runtime.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits on many processes at once, and on ring buffers, NIO channels and a wake-up signal in the same wait: the
 * tutorial's {@code safe_select}, without select()'s descriptor limit. A backend rings its slot's doorbell
 * in the session's process table after each reply, so an idle poll reads one word per 64 processes,
 * whatever their number.
 *
 * <pre>{@code
 * Poller poller = new Poller();
 * workers.forEach(poller::add);
 * poller.add(serverSocket, SelectionKey.OP_ACCEPT);
 * while (running) {
 *     Poller.Ready ready = poller.poll(Duration.ofSeconds(2));
 *     if (ready.isWoken()) break;                          // wakeup(): stop, from any thread
 *     for (MessageProcess p : ready.processes()) {
 *         MessageObject msg;
 *         while ((msg = p.tryReceive()) != null) handle(p, msg);
 *     }
 *     for (SelectionKey key : ready.channels()) accept(key);
 *     for (RingConsumer frames : ready.rings()) frames.poll(this::analyse, 16);
 *     for (ProcessExit exit : ready.exits()) log.warn("{}", exit);
 * }
 * }</pre>
 *
 * Readiness is level-triggered, like select: a process whose replies were not all taken is reported
 * again by the next poll. One thread polls; {@link #wakeup()} and registration may come from any thread.
 */
public final class Poller implements AutoCloseable
{
    /** The longest sleep: everything it waits for rings the session's poll bell, or a ring's; this is a safety net. */
    private static final long MAX_SLEEP_NS = TimeUnit.SECONDS.toNanos(1);

    private final Session session;
    private final ProcessTable table;
    private final MessageProcess[] bySlot;
    private final long[] masks;
    private final Set<MessageProcess> registered = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<RingConsumer> rings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<ProcessExit> exits = new ConcurrentLinkedQueue<>();
    private final Ready ready = new Ready();
    private final List<MessageProcess> reportedLastTime = new ArrayList<>();
    private final Doorbell pollBell;
    /** How long a poll spins, then yields, before it sleeps: a reply that comes back at once is caught awake. */
    private final SpinBudget spin = new SpinBudget();
    /** When the current poll began waiting, and how long it stays awake (spinning, then yielding). */
    private long idleSince;
    private long spinNanos;
    private boolean sleptThisPoll;
    /** The poll's clock: its deadline and its spin and yield phases. */
    private final NanoClock clock = NanoClock.SYSTEM;
    /** The poll's wait: collects until something is ready or the deadline passes, idling as {@link #waitBriefly}. */
    private final Await await = new Await(clock, new IdleStrategy()
    {
        @Override
        public void idle()
        {
            waitBriefly(await.remainingNanos());
        }

        @Override
        public void reset()
        {
            idleSince = clock.nanoTime();
            spinNanos = -1;
            sleptThisPoll = false;
        }
    });
    private final Await.Step collect = () ->
    {
        collect();
        return ready.isEmpty() ? 0 : Await.Step.DONE;
    };
    private volatile Selector selector;
    /** True while the polling thread blocks in the selector: the bridge then turns rings into selector wake-ups. */
    private volatile boolean selecting;
    private final Object bridgeLock = new Object();
    private volatile boolean wakeupRequested;
    private volatile Thread pollingThread;
    private volatile int highestWord = -1;
    private volatile boolean closed;

    /** A poller over processes of this JVM's session. */
    public Poller()
    {
        this.session = Session.acquire();
        this.table = session.processTable();
        this.bySlot = new MessageProcess[table.capacity()];
        this.masks = new long[table.capacity() / 64];
        this.pollBell = table.pollBell();
    }

    /**
     * Watches {@code process}'s replies and exits. The process must be started; it stays registered across
     * {@link MessageProcess#restart()}.
     */
    public synchronized void add(final MessageProcess process)
    {
        final FrontendLink link = process.link();
        if (link == null)
        {
            throw new IllegalStateException("start " + process + " before adding it to a poller");
        }
        if (!registered.add(process))
        {
            return;
        }
        final int slot = link.slot();
        bySlot[slot] = process;
        masks[slot >>> 6] |= 1L << (slot & 63);
        highestWord = Math.max(highestWord, slot >>> 6);
        process.onExit(code ->
        {
            final FrontendLink current = process.link();
            if (registered.contains(process))
            {
                exits.add(new ProcessExit(process, code, current != null && current.isStopRequested()));
                wakeupThread();
            }
        });
    }

    /** Stops watching {@code process}. */
    public synchronized void remove(final MessageProcess process)
    {
        if (!registered.remove(process))
        {
            return;
        }
        for (int slot = 0; slot < bySlot.length; slot++)
        {
            if (bySlot[slot] == process)
            {
                bySlot[slot] = null;
                masks[slot >>> 6] &= ~(1L << (slot & 63));
            }
        }
    }

    /**
     * Watches a selectable channel (a socket, a pipe) for {@code ops}; it is put in non-blocking mode.
     *
     * @return its key; the key's attachment is {@code attachment}.
     */
    public SelectionKey add(final SelectableChannel channel, final int ops, final Object attachment)
    {
        try
        {
            channel.configureBlocking(false);
            return channel.register(selector(), ops, attachment);
        }
        catch (final ClosedChannelException ex)
        {
            throw new IllegalArgumentException("channel is closed", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@link #add(SelectableChannel, int, Object)} without an attachment. */
    public SelectionKey add(final SelectableChannel channel, final int ops)
    {
        return add(channel, ops, null);
    }

    /**
     * Watches a ring consumer: the poll reports it while a frame waits for it. The consumer stays owned by
     * the caller (and by the polling thread, which reads its frames).
     */
    public void add(final RingConsumer consumer)
    {
        if (!rings.contains(consumer))
        {
            rings.add(consumer);
        }
    }

    /** Stops watching a ring consumer. */
    public void remove(final RingConsumer consumer)
    {
        rings.remove(consumer);
    }

    /** @return the processes being watched. */
    public List<MessageProcess> processes()
    {
        synchronized (registered)
        {
            return new ArrayList<>(registered);
        }
    }

    /**
     * Waits until a process has replies, a channel is ready, a backend exits, or {@link #wakeup()} is
     * called, or {@code timeout} passes.
     *
     * @return what is ready, empty on timeout; the same object is reused by the next poll.
     */
    public Ready poll(final Duration timeout)
    {
        pollingThread = Thread.currentThread();
        ready.clear();
        final int result = await.until(collect, null, null, await.deadline(timeout.toNanos()));
        reportedLastTime.clear();
        if (result == Await.MET)
        {
            reportedLastTime.addAll(ready.processes); // level-triggered: what is not all read is reported again
        }
        return ready;
    }

    /**
     * Makes the current (or next) {@link #poll} return at once with {@link Ready#isWoken()}: the stop
     * signal of a manager loop. Any thread.
     */
    public void wakeup()
    {
        wakeupRequested = true;
        wakeupThread();
    }

    /**
     * @return true if something a poll reports may be ready: a doorbell bit of a watched process, an exit, a
     * wake-up, a frame on a watched ring. What a sleeping poll checks after announcing its sleep (any thread).
     */
    private boolean anythingReady()
    {
        if (wakeupRequested || !exits.isEmpty())
        {
            return true;
        }
        final int words = highestWord;
        for (int word = 0; word <= words; word++)
        {
            if (table.anyRung(word, masks[word]))
            {
                return true;
            }
        }
        for (final RingConsumer ring : rings)
        {
            if (!ring.isClosed() && ring.hasFrame())
            {
                return true;
            }
        }
        return false;
    }

    /** @return the doorbells a sleeping poll sleeps on: the session's poll bell and each watched ring's data bell. */
    private Doorbell[] bells()
    {
        final Doorbell[] bells = new Doorbell[1 + rings.size()];
        bells[0] = pollBell;
        int i = 1;
        for (final RingConsumer ring : rings)
        {
            if (i < bells.length)
            {
                bells[i++] = ring.dataBell();
            }
        }
        return i == bells.length ? bells : java.util.Arrays.copyOf(bells, i);
    }

    /** @return the number of processes watched. */
    public int size()
    {
        return registered.size();
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        synchronized (bridgeLock)
        {
            bridgeLock.notifyAll();
        }
        pollBell.ring(); // the bridge, if asleep, wakes and sees closed
        registered.clear();
        final Selector s = selector;
        if (s != null)
        {
            try
            {
                s.close();
            }
            catch (final IOException ignored)
            {
                // closing anyway
            }
        }
        session.release();
    }

    private void collect()
    {
        // Level-triggered: what was reported and not all read is reported again.
        for (final MessageProcess p : reportedLastTime)
        {
            if (hasReplies(p))
            {
                ready.addProcess(p);
            }
        }
        final int words = highestWord;
        for (int word = 0; word <= words; word++)
        {
            long rings = table.takeRings(word, masks[word]);
            while (rings != 0)
            {
                final int slot = (word << 6) + Long.numberOfTrailingZeros(rings);
                rings &= rings - 1;
                final MessageProcess p = bySlot[slot];
                if (p != null)
                {
                    ready.addProcess(p);
                }
            }
        }
        for (final RingConsumer ring : rings)
        {
            if (!ring.isClosed() && ring.hasFrame())
            {
                ready.rings.add(ring);
            }
        }
        ProcessExit exit;
        while ((exit = exits.poll()) != null)
        {
            ready.exits.add(exit);
        }
        final Selector s = selector;
        if (s != null)
        {
            s.selectedKeys().clear();
            try
            {
                if (s.selectNow() > 0)
                {
                    ready.channels.addAll(s.selectedKeys());
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        if (wakeupRequested)
        {
            wakeupRequested = false;
            ready.woken = true;
        }
    }

    private boolean hasReplies(final MessageProcess p)
    {
        final FrontendLink link = p.link();
        if (link == null || link.isClosed())
        {
            return false;
        }
        final int slot = link.slot();
        return link.inbox().hasPending() ||
            table.counter(slot, ProcessTableDescriptor.REPLIES_SENT_OFFSET) > table.counter(slot, ProcessTableDescriptor.REPLIES_READ_OFFSET);
    }

    private void waitBriefly(final long leftNanos)
    {
        if (spinNanos < 0)
        {
            spinNanos = spin.begin();
        }
        final long idle = clock.nanoTime() - idleSince;
        if (idle < SpinBudget.spinNanos(spinNanos))
        {
            Thread.onSpinWait();
            return;
        }
        if (idle < spinNanos)
        {
            Thread.yield();
            return;
        }
        final Doorbell[] bells = bells();
        final boolean foundReady = sleep(bells, leftNanos);
        if (!sleptThisPoll)
        {
            sleptThisPoll = true;
            spin.slept(idleSince, bells, foundReady);
        }
    }

    /** @return true if something was ready as the sleep was announced (it did not sleep). */
    private boolean sleep(final Doorbell[] bells, final long leftNanos)
    {
        final Selector s = selector;
        if (s == null)
        {
            return Doorbell.sleep(bells, this::anythingReady, Math.min(leftNanos, MAX_SLEEP_NS));
        }
        try
        {
            // Block in the selector so a channel wakes us at once; the bridge thread turns rings into wakeup()s.
            synchronized (bridgeLock)
            {
                selecting = true;
                bridgeLock.notifyAll();
            }
            if (anythingReady())
            {
                return true;
            }
            s.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(leftNanos, MAX_SLEEP_NS))));
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            selecting = false;
        }
    }

    /** While the polling thread blocks in the selector, sleeps on the doorbells and wakes the selector when rung. */
    private void bridgeRingsToSelector()
    {
        while (!closed)
        {
            synchronized (bridgeLock)
            {
                while (!selecting && !closed)
                {
                    try
                    {
                        bridgeLock.wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            }
            if (closed)
            {
                return;
            }
            Doorbell.sleep(bells(), () -> !selecting || anythingReady(), MAX_SLEEP_NS);
            final Selector s = selector;
            if (selecting && s != null && anythingReady())
            {
                s.wakeup();
            }
        }
    }

    private void wakeupThread()
    {
        pollBell.ring(); // a poll asleep on it wakes (and so does every other poller of the session: they re-check)
        final Selector s = selector;
        if (s != null)
        {
            s.wakeup();
        }
        final Thread t = pollingThread;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    private Selector selector()
    {
        Selector s = selector;
        if (s == null)
        {
            synchronized (this)
            {
                s = selector;
                if (s == null)
                {
                    try
                    {
                        s = Selector.open();
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                    selector = s;
                    final Thread bridge = new Thread(this::bridgeRingsToSelector, "tandem-poller-bridge");
                    bridge.setDaemon(true);
                    bridge.start();
                }
            }
        }
        return s;
    }

    /** What a {@link #poll} found. Reused: read it before the next poll. */
    public static final class Ready
    {
        private final List<MessageProcess> processes = new ArrayList<>();
        private final Set<MessageProcess> seen = new java.util.HashSet<>();
        private final List<SelectionKey> channels = new ArrayList<>();
        private final List<RingConsumer> rings = new ArrayList<>();
        private final List<ProcessExit> exits = new ArrayList<>();
        private boolean woken;

        /** @return processes with replies waiting, in slot order. */
        public List<MessageProcess> processes()
        {
            return processes;
        }

        /** @return channels ready for the operations they were added with. */
        public List<SelectionKey> channels()
        {
            return channels;
        }

        /** @return ring consumers with a frame waiting (level-triggered: reported until they read it). */
        public List<RingConsumer> rings()
        {
            return rings;
        }

        /** @return backends that exited since the last poll. */
        public List<ProcessExit> exits()
        {
            return exits;
        }

        /** @return true if {@link Poller#wakeup()} was called. */
        public boolean isWoken()
        {
            return woken;
        }

        /** @return true if nothing is ready (the poll timed out). */
        public boolean isEmpty()
        {
            return processes.isEmpty() && channels.isEmpty() && rings.isEmpty() && exits.isEmpty() && !woken;
        }

        void addProcess(final MessageProcess p)
        {
            if (seen.add(p))
            {
                processes.add(p);
            }
        }

        void clear()
        {
            processes.clear();
            seen.clear();
            channels.clear();
            rings.clear();
            exits.clear();
            woken = false;
        }
    }
}
