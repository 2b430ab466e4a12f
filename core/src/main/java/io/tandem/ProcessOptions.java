package io.tandem;

import io.tandem.idle.WaitMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a {@link MessageProcess} runs: where its backend lives, how each side waits, what its JVM gets and
 * how long stopping may take. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * ProcessOptions fast = ProcessOptions.builder()
 *     .backendWaitMode(WaitMode.BUSY_SPIN)      // lowest latency, a core per backend
 *     .frontendWaitMode(WaitMode.BUSY_SPIN)
 *     .jvmArgs("-Xmx256m")
 *     .build();
 * MyProcess p = new MyProcess("fast-one", fast);
 * }</pre>
 */
public final class ProcessOptions
{
    /** Where the backend runs. */
    public enum Mode
    {
        /** A child JVM: real process isolation (the default). */
        CHILD_JVM,
        /** A thread of this JVM, same queues and code path: for unit tests, debugging and embedding. */
        IN_JVM
    }

    /** Where a child backend's stdout and stderr go. */
    public enum Output
    {
        /**
         * The frontend's own stdout and stderr, shared: lines of both processes appear in the order they were
         * written, as with a fork (the default).
         */
        INHERIT,
        /**
         * Copied by the frontend into its {@code System.out} / {@code System.err}: for programs (and tests) that
         * replace those streams. A child's lines may then trail the frontend's own by a moment.
         */
        PIPE
    }

    /** Flags every backend JVM gets besides Chronicle's: small footprint, fail fast when memory runs out. */
    public static final List<String> DEFAULT_JVM_ARGS = io.tandem.internal.launch.ChildJvmCommand.DEFAULT_JVM_ARGS;

    /** What {@link Builder#lean()} adds. */
    public static final List<String> LEAN_JVM_ARGS = List.of(
        "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xss256k", "-Xmx64m", "-XX:ReservedCodeCacheSize=32m",
        "-XX:MaxMetaspaceSize=128m");

    /**
     * System property: the default backlog limit of both queues of every process, in bytes ({@code k}, {@code m}
     * and {@code g} suffixes allowed, e.g. {@code -Dtandem.backlog=64m}); {@value #DEFAULT_BACKLOG_TEXT} if unset.
     */
    public static final String BACKLOG_PROPERTY = "tandem.backlog";
    /** System property: the default send timeout, in milliseconds (0: fail at once when a backlog is full). */
    public static final String SEND_TIMEOUT_PROPERTY = "tandem.sendTimeoutMillis";
    private static final String DEFAULT_BACKLOG_TEXT = "16m";


    private final Mode mode;
    private final Output output;
    private final WaitMode backendWaitMode;
    private final WaitMode frontendWaitMode;
    private final List<String> jvmArgs;
    private final long stopTimeoutMillis;
    private final long replyTimeoutMillis;
    private final String rollCycle;
    private final long queueBlockSize;
    private final long commandBacklog;
    private final long replyBacklog;
    private final long sendTimeoutMillis;
    private final int spares;
    private final String remoteNode;
    /** A string, not a Path: the options ship to the backend with Chronicle Wire, which cannot write a Path. */
    private final String remoteSecret;
    private final long remoteLivenessMillis;

    private ProcessOptions(final Builder b)
    {
        this.mode = b.mode;
        this.output = b.output;
        this.backendWaitMode = b.backendWaitMode;
        this.frontendWaitMode = b.frontendWaitMode;
        this.jvmArgs = Collections.unmodifiableList(new ArrayList<>(b.jvmArgs));
        this.stopTimeoutMillis = b.stopTimeout.toMillis();
        this.replyTimeoutMillis = b.replyTimeout.toMillis();
        this.rollCycle = b.rollCycle;
        this.queueBlockSize = b.queueBlockSize;
        this.commandBacklog = b.commandBacklog;
        this.replyBacklog = b.replyBacklog;
        this.sendTimeoutMillis = b.sendTimeout.toMillis();
        this.spares = b.spares;
        this.remoteNode = b.remoteNode;
        this.remoteSecret = b.remoteSecret == null ? null : b.remoteSecret.toString();
        this.remoteLivenessMillis = b.remoteLiveness.toMillis();
    }

    /**
     * @return the defaults: child JVM, parking waits (asleep until rung: see {@link WaitMode#PARK}), 5 s to stop, 30 s reply timeout, 16 MiB backlog limit per
     * queue ({@value #BACKLOG_PROPERTY}), 30 s send timeout ({@value #SEND_TIMEOUT_PROPERTY}).
     */
    public static ProcessOptions defaults()
    {
        return builder().build(); // afresh: the system properties it reads may change, and a bad one fails here, clearly
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** @return a builder starting from these options. */
    public Builder toBuilder()
    {
        return new Builder(this);
    }

    public Mode mode()
    {
        return mode;
    }

    /** @return where a child backend's output goes. */
    public Output output()
    {
        return output;
    }

    /** @return how the backend waits for commands. */
    public WaitMode backendWaitMode()
    {
        return backendWaitMode;
    }

    /** @return how the frontend waits in blocking receives and calls. */
    public WaitMode frontendWaitMode()
    {
        return frontendWaitMode;
    }

    /** @return extra JVM arguments for a child backend, after {@link #DEFAULT_JVM_ARGS}. */
    public List<String> jvmArgs()
    {
        return jvmArgs;
    }

    /** @return how long {@link MessageProcess#stop()} waits for a clean exit before destroying the backend. */
    public Duration stopTimeout()
    {
        return Duration.ofMillis(stopTimeoutMillis);
    }

    /** @return the default timeout of blocking receives and calls. */
    public Duration replyTimeout()
    {
        return Duration.ofMillis(replyTimeoutMillis);
    }

    /** @return the Chronicle roll cycle of the queues, by name. */
    public String rollCycle()
    {
        return rollCycle;
    }

    /** @return the Chronicle block size of the queues (bounds the largest message to a quarter of it). */
    public long queueBlockSize()
    {
        return queueBlockSize;
    }

    /**
     * @return the command queue's backlog limit: bytes the frontend may have written that the backend has not
     * yet read (a command being run still counts). A sender at the limit waits up to {@link #sendTimeout()}.
     */
    public long commandBacklog()
    {
        return commandBacklog;
    }

    /** @return the reply queue's backlog limit: bytes the backend may have written that the frontend has not read. */
    public long replyBacklog()
    {
        return replyBacklog;
    }

    /**
     * @return how long a send waits for room in a full backlog before it fails with
     * {@link io.tandem.failure.BacklogFullException}; zero: it fails at once.
     */
    public Duration sendTimeout()
    {
        return Duration.ofMillis(sendTimeoutMillis);
    }

    /**
     * @return how many spare backend JVMs a {@link MessageProcess#start()} with these options keeps ready for the
     * next start of this kind; 0 (the default): none. See {@link Builder#spares(int)}.
     */
    public int spares()
    {
        return spares;
    }

    /**
     * @return the tandem node ({@code host:port}) the backend runs on, or null for this machine. See
     * {@link Builder#remote(String)}.
     */
    public String remoteNode()
    {
        return remoteNode;
    }

    /** @return the cluster secret file a remote process signs its requests with, or null for the default. */
    public java.nio.file.Path remoteSecret()
    {
        return remoteSecret == null ? null : java.nio.file.Paths.get(remoteSecret);
    }

    /** @return how long a remote process's node may stay silent before it counts as lost (3 s by default). */
    public Duration remoteLiveness()
    {
        return Duration.ofMillis(remoteLivenessMillis);
    }

    /**
     * @return the largest message (command, reply, call or result, encoded, with its 4-byte header) the queues
     * take: a quarter of {@link #queueBlockSize()} less {@link #indexReserveBytes()}; 4,169,728 bytes by
     * default. A larger one fails in the sender with {@link io.tandem.failure.MessageTooLargeException}.
     */
    public long maxMessageBytes()
    {
        return maxMessageBytes(queueBlockSize, rollCycle);
    }

    /** @return the room a queue file keeps after each message for Chronicle's index and the next header. */
    public long indexReserveBytes()
    {
        return indexReserveBytes(rollCycle);
    }

    static long maxMessageBytes(final long blockSize, final String rollCycle)
    {
        return overlapBytes(blockSize) - indexReserveBytes(rollCycle);
    }

    static long indexReserveBytes(final String rollCycle)
    {
        return io.tandem.internal.channel.QueueRollCycles.indexReserveBytes(rollCycle);
    }

    /** Chronicle maps each block with this much more after it, which bounds what one write or read may span. */
    private static long overlapBytes(final long blockSize)
    {
        final long safePage = 64 << 10;
        return blockSize < safePage ? blockSize : blockSize < 4 * safePage ? safePage : Math.min(blockSize / 4, 1L << 30);
    }

    @Override
    public String toString()
    {
        return "ProcessOptions{mode=" + mode + ", output=" + output + ", backendWaitMode=" + backendWaitMode + ", frontendWaitMode=" +
            frontendWaitMode + ", jvmArgs=" + jvmArgs + ", stopTimeoutMillis=" + stopTimeoutMillis +
            ", replyTimeoutMillis=" + replyTimeoutMillis + ", rollCycle=" + rollCycle + ", queueBlockSize=" +
            queueBlockSize + ", commandBacklog=" + commandBacklog + ", replyBacklog=" + replyBacklog +
            ", sendTimeoutMillis=" + sendTimeoutMillis + ", spares=" + spares +
            (remoteNode == null ? "" : ", remoteNode=" + remoteNode + ", remoteLivenessMillis=" + remoteLivenessMillis) + '}';
    }

    /** Builds {@link ProcessOptions}; every setter validates its argument at once. */
    public static final class Builder
    {
        private Mode mode = Mode.CHILD_JVM;
        private Output output = Output.INHERIT;
        private WaitMode backendWaitMode = WaitMode.PARK;
        private WaitMode frontendWaitMode = WaitMode.PARK;
        private final List<String> jvmArgs = new ArrayList<>();
        private Duration stopTimeout = Duration.ofSeconds(5);
        private Duration replyTimeout = Duration.ofSeconds(30);
        private String rollCycle = io.tandem.internal.channel.QueueRollCycles.DEFAULT.name();
        private long queueBlockSize = 16L << 20;
        private long commandBacklog = defaultBacklog();
        private long replyBacklog = commandBacklog;
        private Duration sendTimeout = defaultSendTimeout();
        private int spares;
        private String remoteNode;
        private java.nio.file.Path remoteSecret;
        private Duration remoteLiveness = Duration.ofSeconds(3);

        private Builder()
        {
        }

        private Builder(final ProcessOptions o)
        {
            mode = o.mode;
            output = o.output;
            backendWaitMode = o.backendWaitMode;
            frontendWaitMode = o.frontendWaitMode;
            jvmArgs.addAll(o.jvmArgs);
            stopTimeout = o.stopTimeout();
            replyTimeout = o.replyTimeout();
            rollCycle = o.rollCycle;
            queueBlockSize = o.queueBlockSize;
            commandBacklog = o.commandBacklog;
            replyBacklog = o.replyBacklog;
            sendTimeout = o.sendTimeout();
            spares = o.spares;
            remoteNode = o.remoteNode;
            remoteSecret = o.remoteSecret();
            remoteLiveness = o.remoteLiveness();
        }

        /**
         * Runs the backend on another host, through the tandem node listening at {@code nodeAddress}
         * ({@code host:port}; see {@code io.tandem.remote.TandemNode}, in the {@code tandem-remote} artifact, which
         * must be on the class path). Everything else is unchanged: typed commands, replies, calls, restart, a
         * manager's and a poller's readiness. Commands and replies cross as Aeron streams; each host keeps its
         * Chronicle Queues as the local journal. Requests are signed with the cluster secret ({@link #remoteSecret}).
         * The process's {@code pid()} is then the backend's pid on the node's host.
         *
         * <pre>{@code
         * ProcessOptions far = ProcessOptions.builder()
         *     .remote("10.0.0.7:40123")                        // ./tandem node --listen 10.0.0.7:40123 --secret FILE
         *     .remoteSecret(Path.of("/etc/tandem/secret"))     // the same 0600 file on both hosts
         *     .build();
         * }</pre>
         *
         * @param nodeAddress {@code host:port} of the node; null runs the backend here again.
         * @throws IllegalArgumentException if it is not {@code host:port}.
         */
        public Builder remote(final String nodeAddress)
        {
            if (nodeAddress != null)
            {
                final int colon = nodeAddress.lastIndexOf(':');
                int port = -1;
                try
                {
                    port = colon > 0 ? Integer.parseInt(nodeAddress.substring(colon + 1)) : -1;
                }
                catch (final NumberFormatException ignored)
                {
                    // reported below
                }
                if (port < 1 || port > 65535)
                {
                    throw new IllegalArgumentException("a node address is host:port (e.g. 127.0.0.1:40123), got '" +
                        nodeAddress + "'");
                }
            }
            this.remoteNode = nodeAddress;
            return this;
        }

        /**
         * The cluster secret a remote process signs its requests with: a 0600 file shared by the hosts (see
         * {@code io.tandem.remote.ClusterSecret}); by default {@code -Dtandem.secret}, else
         * {@code ~/.tandem/secret}.
         */
        public Builder remoteSecret(final java.nio.file.Path secretFile)
        {
            this.remoteSecret = secretFile;
            return this;
        }

        /**
         * How long a remote process's node may stay silent (no heartbeat) before it counts as lost: the process's
         * backend is then reported dead ({@link io.tandem.failure.ExitCodes#NODE_LOST}). 3 s by default.
         */
        public Builder remoteLiveness(final Duration timeout)
        {
            this.remoteLiveness = positive(timeout, "remoteLiveness");
            return this;
        }

        public Builder mode(final Mode mode)
        {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder output(final Output output)
        {
            this.output = java.util.Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Flags for many small workers: the client compiler only, one compiler thread, small stacks, heap
         * and code cache. A worker starts faster and takes less memory, at the cost of the peak speed the
         * optimising compiler would reach in long, hot loops. Adds to {@link #jvmArgs}; a later
         * {@code -Xmx} wins.
         */
        public Builder lean()
        {
            return jvmArgs(LEAN_JVM_ARGS.toArray(new String[0]));
        }

        /** Shorthand for {@code mode(Mode.IN_JVM)}. */
        public Builder inJvm()
        {
            return mode(Mode.IN_JVM);
        }

        public Builder backendWaitMode(final WaitMode waitMode)
        {
            this.backendWaitMode = java.util.Objects.requireNonNull(waitMode, "backendWaitMode");
            return this;
        }

        public Builder frontendWaitMode(final WaitMode waitMode)
        {
            this.frontendWaitMode = java.util.Objects.requireNonNull(waitMode, "frontendWaitMode");
            return this;
        }

        /** Both sides wait the same way. */
        public Builder waitMode(final WaitMode waitMode)
        {
            return backendWaitMode(waitMode).frontendWaitMode(waitMode);
        }

        /** Adds JVM arguments for a child backend, e.g. {@code -Xmx512m}. */
        public Builder jvmArgs(final String... args)
        {
            for (final String arg : args)
            {
                if (arg == null || arg.isBlank())
                {
                    throw new IllegalArgumentException("empty JVM argument");
                }
                jvmArgs.add(arg);
            }
            return this;
        }

        public Builder stopTimeout(final Duration timeout)
        {
            this.stopTimeout = positive(timeout, "stopTimeout");
            return this;
        }

        public Builder replyTimeout(final Duration timeout)
        {
            this.replyTimeout = positive(timeout, "replyTimeout");
            return this;
        }

        /**
         * @param rollCycle a roll cycle name: one of {@link io.tandem.internal.channel.QueueRollCycles} or of Chronicle's
         *                  {@code RollCycles}, e.g. {@code "FIVE_MINUTELY"}. Queue files a reader has passed are
         *                  deleted, so this bounds tmpfs use to about one cycle of traffic.
         */
        public Builder rollCycle(final String rollCycle)
        {
            io.tandem.internal.channel.QueueRollCycles.forName(rollCycle); // validates
            this.rollCycle = rollCycle;
            return this;
        }

        /** @param bytes Chronicle block size, 64 KiB to 1 GiB; a message may take up to a quarter of it. */
        public Builder queueBlockSize(final long bytes)
        {
            if (bytes < (64 << 10) || bytes > (1L << 30))
            {
                throw new IllegalArgumentException("queueBlockSize must be 64 KiB .. 1 GiB, got " + bytes);
            }
            this.queueBlockSize = bytes;
            return this;
        }

        /**
         * @param bytes the command queue's backlog limit, at least {@link ProcessOptions#maxMessageBytes()}: a
         *              frontend sending to a slower backend waits once this much is unread.
         */
        public Builder commandBacklog(final long bytes)
        {
            this.commandBacklog = positive(bytes, "commandBacklog");
            return this;
        }

        /** @param bytes the reply queue's backlog limit, at least {@link ProcessOptions#maxMessageBytes()}. */
        public Builder replyBacklog(final long bytes)
        {
            this.replyBacklog = positive(bytes, "replyBacklog");
            return this;
        }

        /** Both queues' backlog limits. */
        public Builder backlog(final long bytes)
        {
            return commandBacklog(bytes).replyBacklog(bytes);
        }

        /**
         * @param timeout how long a send waits for room in a full backlog; {@link Duration#ZERO} fails at once
         *                ({@link io.tandem.failure.BacklogFullException}).
         */
        public Builder sendTimeout(final Duration timeout)
        {
            if (timeout == null || timeout.isNegative())
            {
                throw new IllegalArgumentException("sendTimeout must be zero or positive, got " + timeout);
            }
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * Keeps {@code count} spare backend JVMs ready for processes with these options: booted, Chronicle loaded, the
         * JIT warmed on Tandem's own queue code, tethered and shown by {@code tandem ps} as {@code spare}. A
         * {@link MessageProcess#start()} (or restart, a manager's included) hands a ready spare of the same JVM (same
         * {@code java}, JVM arguments, inherited {@code tandem.*} and logging properties, class path and output mode)
         * the process's class and state, and it becomes that process in milliseconds instead of a cold JVM's few
         * hundred; the pool refills in the background. The first start of a kind boots the spares; to have them
         * before it, {@link MessageProcess#prepareSpares(ProcessOptions)}. Spares live until
         * {@link MessageProcess#closeSpares()} or this JVM's exit, and exit on their own if it dies.
         *
         * <p>Off (0) by default: a spare costs a whole idle JVM's memory (about 45 MiB PSS with {@link #lean()},
         * {@code memory.per-spare.pss} in {@code ./tandem perf spawn}; next to nothing of CPU while it waits) and a
         * cold start's CPU to boot and warm up, which a program that starts each process once would waste. Worth it for restarts (a manager's workers) and for programs that start
         * processes while they run. Ignored in in-JVM mode.
         *
         * <pre>{@code
         * ProcessOptions o = ProcessOptions.builder().lean().spares(2).build();
         * MessageProcess.prepareSpares(o);            // optional: boot them now
         * new MyWorker("w1", o).start();              // takes a spare when one is ready
         * }</pre>
         *
         * @param count spares to keep ready, 0 or more.
         * @throws IllegalArgumentException if {@code count} is negative.
         */
        public Builder spares(final int count)
        {
            if (count < 0)
            {
                throw new IllegalArgumentException("spares must be 0 (none) or more, got " + count);
            }
            this.spares = count;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a backlog limit is below the largest message, or the block size
         *                                  leaves no room for a message with this roll cycle's index.
         */
        public ProcessOptions build()
        {
            final long maxMessage = maxMessageBytes(queueBlockSize, rollCycle);
            if (maxMessage < 4096)
            {
                throw new IllegalArgumentException("queueBlockSize " + queueBlockSize + " leaves " + maxMessage +
                    " bytes for a message with roll cycle " + rollCycle + " (its index takes " + indexReserveBytes(rollCycle) +
                    "): choose a larger block size");
            }
            if (commandBacklog < maxMessage || replyBacklog < maxMessage)
            {
                throw new IllegalArgumentException("backlog limits (command " + commandBacklog + ", reply " + replyBacklog +
                    " bytes) must hold at least the largest message, " + maxMessage + " bytes (a quarter of queueBlockSize " +
                    queueBlockSize + " less its index): raise them or lower queueBlockSize");
            }
            return new ProcessOptions(this);
        }

        private static long positive(final long value, final String what)
        {
            if (value <= 0)
            {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }

        private static Duration defaultSendTimeout()
        {
            final String text = System.getProperty(SEND_TIMEOUT_PROPERTY, "30000").trim();
            try
            {
                final long millis = Long.parseLong(text);
                if (millis < 0)
                {
                    throw new NumberFormatException("negative");
                }
                return Duration.ofMillis(millis);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("-D" + SEND_TIMEOUT_PROPERTY + "=" + text + " is not a number of " +
                    "milliseconds (0 or more)", ex);
            }
        }

        private static long defaultBacklog()
        {
            final String text = System.getProperty(BACKLOG_PROPERTY, DEFAULT_BACKLOG_TEXT).trim().toLowerCase(java.util.Locale.ROOT);
            try
            {
                final char unit = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
                final int shift = unit == 'k' ? 10 : unit == 'm' ? 20 : unit == 'g' ? 30 : 0;
                final long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
                if (number <= 0)
                {
                    throw new NumberFormatException("not positive");
                }
                return Math.multiplyExact(number, 1L << shift);
            }
            catch (final NumberFormatException | ArithmeticException ex)
            {
                throw new IllegalArgumentException("-D" + BACKLOG_PROPERTY + "=" + text + " is not a size in bytes " +
                    "(e.g. 16m, 512k or 1g)", ex);
            }
        }

        private static Duration positive(final Duration d, final String what)
        {
            if (d == null || d.isNegative() || d.isZero())
            {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
