package io.tandem.internal.launch;

import io.tandem.internal.runtime.FileModes;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.internal.runtime.ProcessDirectoryDescriptor;
import io.tandem.internal.runtime.ProcessTable;
import io.tandem.internal.runtime.ProcessTableDescriptor;
import io.tandem.internal.runtime.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * This JVM's spare backend JVMs: booted ahead (Chronicle loaded, the JIT warmed on Tandem's own queue code),
 * tethered like any backend, each waiting for one claim line on its stdin. A start takes a ready spare of its
 * {@link SpareFit} when there is one (see {@link #claim}); the pool refills in the background.
 *
 * <p>The claim: the frontend writes the backend's arguments (process directory, roll cycle, block size, slot, name)
 * as one line on the spare's stdin; the spare answers by setting its own process-table slot to
 * {@link ProcessTableDescriptor#CLAIMED}, then runs as a cold backend would, its stdin the tether from then on. A
 * spare found dead, or one that does not answer within {@link #CLAIM_ANSWER_TIMEOUT}, is killed and the next one (or a
 * cold start) takes its place: the start document waits in the queue, unread, until a backend answers. (One that
 * answers only as it is killed may have begun as the process: that start then fails as a backend dying at start
 * does, rather than have a second backend run the process's preRun again.)
 *
 * <p>Each spare has a slot in the session's process table (state {@code spare} once warm, so {@code tandem ps} shows
 * it), a registry entry named {@code spare:<n>} and a directory of that name for its warm-up, removed when it is
 * claimed or gone. The pool holds a reference on the session while it exists: spares live in it.
 */
public final class SparePool implements AutoCloseable
{
    /** How long a claimed spare may take to answer before it is killed and the start goes elsewhere. */
    public static final Duration CLAIM_ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** Spares of one fit that die before they are warm, in a row, after which that fit is not refilled. */
    static final int MAX_FAILED_BOOTS = 3;
    /**
     * How long after the last claim of a fit its replacements start booting: a boot is a JVM start's worth of CPU,
     * and neither the claimed spare's first answer nor the next claims of a burst (a fleet starting) should compete
     * with it. Each claim pushes the refill back again, while spares of that fit are left.
     */
    static final long REFILL_DELAY_MS = 250;
    /** Spares booting at once, at most: one per core keeps a refill of many from starving the running processes. */
    static final int MAX_BOOTING = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Prefix of a spare's name (registry entry, directory, {@code -Dtandem.process}); ':' is no process name's. */
    public static final String NAME_PREFIX = "spare:";

    private static final Logger LOG = LoggerFactory.getLogger(SparePool.class);
    private static final long CLOSE_WAIT_MS = 2_000;
    private static SparePool instance;

    private final Session session;
    private final ProcessTable table;
    private final Map<SpareFit, Shelf> shelves = new HashMap<>();
    private final ScheduledExecutorService filler = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread t = new Thread(r, "tandem-spares");
        t.setDaemon(true);
        return t;
    });
    private int nextId = 1;
    private boolean closed;

    private SparePool(final Session session)
    {
        this.session = session;
        this.table = session.processTable();
    }

    /** @return this JVM's pool, made (taking a session reference) on first use. */
    public static synchronized SparePool acquire()
    {
        if (instance == null)
        {
            final SparePool pool = new SparePool(Session.acquire());
            Session.closeAtExit(pool);
            instance = pool;
        }
        return instance;
    }

    /** @return this JVM's pool if one exists, else null (nothing to claim from). */
    public static synchronized SparePool existing()
    {
        return instance;
    }

    /**
     * Keeps at least {@code count} spares of {@code fit} booted (raises the target, never lowers it), started in the
     * background.
     */
    public void keep(final SpareFit fit, final int count)
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            final Shelf shelf = shelves.computeIfAbsent(fit, Shelf::new);
            if (count > shelf.target)
            {
                shelf.target = count;
                shelf.failedBoots = 0;
            }
        }
        refill(fit, 0);
    }

    /** @return the spares of {@code fit} that are warm and alive now. */
    public synchronized int ready(final SpareFit fit)
    {
        final Shelf shelf = shelves.get(fit);
        int ready = 0;
        if (shelf != null)
        {
            for (final Spare spare : shelf.spares)
            {
                ready += spare.isReady() ? 1 : 0;
            }
        }
        return ready;
    }

    /** @return the pids of all spares now (booting or ready). */
    public synchronized List<Long> pids()
    {
        final List<Long> pids = new ArrayList<>();
        for (final Shelf shelf : shelves.values())
        {
            for (final Spare spare : shelf.spares)
            {
                pids.add(spare.backend.pid());
            }
        }
        return pids;
    }

    /**
     * Hands a ready spare of {@code fit} (which must be {@code spec}'s, {@link SpareFit#of(BackendSpec)}) the process
     * {@code spec} describes.
     *
     * @return the backend, now that process; null if no spare fits (the caller starts a cold one).
     */
    public static BackendHandle claim(final BackendSpec spec, final SpareFit fit)
    {
        final SparePool pool = existing();
        return pool == null ? null : pool.claimSpare(spec, fit);
    }

    private BackendHandle claimSpare(final BackendSpec spec, final SpareFit fit)
    {
        final String line = claimLine(spec);
        if (line == null)
        {
            return null;
        }
        while (true)
        {
            final Spare spare;
            synchronized (this)
            {
                final Shelf shelf = shelves.get(fit);
                if (closed || shelf == null)
                {
                    return null;
                }
                spare = shelf.takeReady();
                if (spare == null)
                {
                    return null;
                }
                shelf.claims++;
                shelf.lastClaimNanos = System.nanoTime();
            }
            refill(fit, REFILL_DELAY_MS);
            if (spare.claim(line))
            {
                spare.release();
                LOG.debug("{} (pid {}) became process '{}'", spare.name, spare.backend.pid(), spec.processName());
                return spare.backend;
            }
            spare.kill();
            if (spare.answered())
            {
                // It answered between the deadline and the kill: it may have begun as the process (read its start
                // document, run preRun). Another backend must not run it a second time: this start fails as a
                // backend that died while starting does.
                LOG.warn("{} (pid {}) answered its claim for '{}' after {} ms, too late: killed; the process's backend " +
                    "died while starting", spare.name, spare.backend.pid(), spec.processName(), CLAIM_ANSWER_TIMEOUT.toMillis());
                spare.release();
                return spare.backend;
            }
            LOG.warn("{} (pid {}) did not answer its claim for '{}': killed; trying another", spare.name,
                spare.backend.pid(), spec.processName());
            spare.release();
        }
    }

    /** @return the claim line of {@code spec}: tab-separated, or null if a field holds a tab or a line break. */
    private static String claimLine(final BackendSpec spec)
    {
        final String[] fields = {spec.processDir().toString(), spec.rollCycle(), Long.toString(spec.queueBlockSize()),
            Integer.toString(spec.slot()), spec.processName()};
        for (final String field : fields)
        {
            if (field.indexOf('\t') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0)
            {
                return null;
            }
        }
        return String.join("\t", fields);
    }

    private void refill(final SpareFit fit, final long delayMs)
    {
        synchronized (this)
        {
            final Shelf shelf = shelves.get(fit);
            if (closed || shelf == null || shelf.fillScheduled)
            {
                return; // one fill per fit at a time: the one scheduled boots up to the target
            }
            shelf.fillScheduled = true;
        }
        try
        {
            filler.schedule(() -> fill(fit), delayMs, TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            // closed
        }
    }

    /** Boots spares of {@code fit} until its shelf holds its target. The filler thread only. */
    private void fill(final SpareFit fit)
    {
        synchronized (this)
        {
            final Shelf shelf = shelves.get(fit);
            if (shelf != null)
            {
                shelf.fillScheduled = false;
            }
        }
        while (true)
        {
            final Shelf shelf;
            final String name;
            synchronized (this)
            {
                shelf = shelves.get(fit);
                if (closed || shelf == null || shelf.spares.size() >= shelf.target || shelf.failedBoots >= MAX_FAILED_BOOTS)
                {
                    return;
                }
                final long sinceClaimMs = (System.nanoTime() - shelf.lastClaimNanos) / 1_000_000;
                if (shelf.claims > 0 && sinceClaimMs < REFILL_DELAY_MS && !shelf.spares.isEmpty())
                {
                    // Claims are still coming and spares are left for them: later. (With none left, starts are cold
                    // and compete with each other anyway: boot now, or a steady stream of starts would never refill.)
                    refill(fit, REFILL_DELAY_MS - sinceClaimMs);
                    return;
                }
                if (booting() >= MAX_BOOTING)
                {
                    refill(fit, 20); // again once one of those is warm; the filler thread stays free meanwhile
                    return;
                }
                name = NAME_PREFIX + nextId++;
            }
            final Spare spare;
            try
            {
                spare = boot(fit, name);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("cannot boot a spare backend JVM ({}); starts of this kind stay cold", ex.toString());
                synchronized (this)
                {
                    shelf.failedBoots = MAX_FAILED_BOOTS;
                }
                return;
            }
            synchronized (this)
            {
                if (closed)
                {
                    // Still booting, it cannot see its tether yet, and it would mark its freed slot spare: kill it.
                    spare.kill();
                    spare.release();
                    return;
                }
                shelf.spares.add(spare);
            }
            spare.backend.onExit(() -> died(shelf, spare));
        }
    }

    private Spare boot(final SpareFit fit, final String name)
    {
        final Path dir = ProcessDirectoryDescriptor.processDirectory(session.dir(), name);
        final int slot = table.claim();
        try
        {
            FileModes.ensureDirectory(dir);
            if (session.isOwned())
            {
                final Map<String, String> entry = new LinkedHashMap<>();
                entry.put("class", "-");
                entry.put("slot", Integer.toString(slot));
                entry.put("mode", "SPARE");
                entry.put("started", Long.toString(System.currentTimeMillis()));
                session.registry().put(name, entry);
            }
            final Process process = BackendLauncher.startProcess(
                cdsArgs -> ChildJvmCommand.buildSpare(fit, name, session.dir(), dir, slot, cdsArgs), fit.jvmArgs(),
                fit.pipeOutput(), name);
            table.pid(slot, process.pid());
            return new Spare(name, dir, slot, new ChildJvmBackend(process));
        }
        catch (final RuntimeException | Error ex)
        {
            releaseSlot(name, dir, slot);
            throw ex;
        }
    }

    /** @return spares of any fit not yet warm. Guarded by this. */
    private int booting()
    {
        int booting = 0;
        for (final Shelf shelf : shelves.values())
        {
            for (final Spare spare : shelf.spares)
            {
                booting += spare.isReady() ? 0 : 1;
            }
        }
        return booting;
    }

    /** A spare exited while still in the pool: drop it and boot another. */
    private void died(final Shelf shelf, final Spare spare)
    {
        final boolean wasReady;
        synchronized (this)
        {
            if (!shelf.spares.remove(spare))
            {
                return; // claimed (it is a process now) or closed: not the pool's
            }
            wasReady = spare.wasReady;
            shelf.failedBoots = wasReady ? 0 : shelf.failedBoots + 1;
        }
        final int code = spare.backend.exitCode().orElse(-1);
        LOG.warn("{} (pid {}) exited with code {} while spare{}", spare.name, spare.backend.pid(), code,
            closed ? "" : ": replacing it");
        spare.release();
        refill(shelf.fit, 0);
    }

    private void releaseSlot(final String name, final Path dir, final int slot)
    {
        table.free(slot);
        if (session.isOwned())
        {
            session.registry().remove(name);
        }
        FileTrees.deleteRecursively(dir);
    }

    /**
     * Ends every spare (end-of-file on its stdin: it exits at once; killed if it has not within 2 s), removes their
     * slots, entries and directories, and gives back the session reference. Idempotent.
     */
    @Override
    public void close()
    {
        final List<Spare> all = new ArrayList<>();
        synchronized (SparePool.class)
        {
            synchronized (this)
            {
                if (closed)
                {
                    return;
                }
                closed = true;
                for (final Shelf shelf : shelves.values())
                {
                    all.addAll(shelf.spares);
                    shelf.spares.clear();
                }
                shelves.clear();
            }
            if (instance == this)
            {
                instance = null;
            }
        }
        filler.shutdownNow();
        try
        {
            filler.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS); // a boot in progress finishes, then sees closed
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final Spare spare : all)
        {
            spare.backend.closeTether();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        for (final Spare spare : all)
        {
            if (!spare.isReady())
            {
                spare.kill(); // still warming up: it reads its tether only once warm, so waiting for it is waiting 2 s
                spare.release();
                continue;
            }
            try
            {
                final long left = Math.max(0, deadline - System.nanoTime());
                if (!spare.backend.awaitExit(Duration.ofNanos(left)))
                {
                    spare.kill();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                spare.kill();
            }
            spare.release();
        }
        Session.cancelAtExit(this);
        session.release();
    }

    @Override
    public String toString()
    {
        return "SparePool" + pids();
    }

    /** The spares of one fit and how many it should hold. Guarded by the pool. */
    private static final class Shelf
    {
        final SpareFit fit;
        final List<Spare> spares = new ArrayList<>();
        int target;
        int failedBoots;
        boolean fillScheduled;
        /** Spares taken, and when the last was (System.nanoTime()): refills wait for a quiet moment. */
        long claims;
        long lastClaimNanos;

        Shelf(final SpareFit fit)
        {
            this.fit = fit;
        }

        /** @return a warm, live spare, removed from the shelf; null if none. */
        Spare takeReady()
        {
            for (final Iterator<Spare> it = spares.iterator(); it.hasNext(); )
            {
                final Spare spare = it.next();
                if (spare.isReady())
                {
                    it.remove();
                    return spare;
                }
            }
            return null;
        }
    }

    /** One spare JVM. */
    private final class Spare
    {
        final String name;
        final Path dir;
        final int slot;
        final ChildJvmBackend backend;
        volatile boolean wasReady;
        private boolean released;

        Spare(final String name, final Path dir, final int slot, final ChildJvmBackend backend)
        {
            this.name = name;
            this.dir = dir;
            this.slot = slot;
            this.backend = backend;
        }

        /** @return true if warm (its slot says so) and alive. */
        boolean isReady()
        {
            if (backend.isAlive() && table.state(slot) == ProcessTableDescriptor.SPARE)
            {
                wasReady = true;
                return true;
            }
            return false;
        }

        /**
         * Writes the claim and waits for the answer.
         *
         * @return true if the spare answered: it is the process now.
         */
        boolean claim(final String line)
        {
            if (!backend.isAlive() || !backend.writeLine(line))
            {
                return false;
            }
            final long start = System.nanoTime();
            final long timeout = CLAIM_ANSWER_TIMEOUT.toNanos();
            for (int spins = 0; ; spins++)
            {
                if (answered())
                {
                    return true;
                }
                if (!backend.isAlive() || System.nanoTime() - start - timeout > 0)
                {
                    return false;
                }
                if (spins < 1_000)
                {
                    Thread.onSpinWait(); // the answer takes a few microseconds: a park would cost more than the wait
                }
                else
                {
                    LockSupport.parkNanos(50_000);
                }
            }
        }

        /** @return true if the spare has answered its claim (its slot says so). */
        boolean answered()
        {
            return table.state(slot) == ProcessTableDescriptor.CLAIMED;
        }

        /** Kills the spare and waits (bounded) for it to be gone, so it cannot read a start document meant for another. */
        void kill()
        {
            backend.destroyForcibly();
            try
            {
                backend.awaitExit(Duration.ofSeconds(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        /** Frees the spare's slot, registry entry and directory. Once. */
        synchronized void release()
        {
            if (!released)
            {
                released = true;
                releaseSlot(name, dir, slot);
            }
        }
    }
}
