package io.tandem;

import io.tandem.failure.BackendDiedException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.jvm.JvmFlags;
import io.tandem.internal.logging.ProcessLoggers;
import io.tandem.internal.runtime.Names;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntConsumer;

/**
 * A process with a frontend (this object, in the JVM that creates it) and a backend (a copy of it in a
 * child JVM, or on a thread in in-JVM mode) that runs its commands. The Java counterpart of
 * valkka-multiprocess's {@code MessageProcess}.
 *
 * <p><b>Commands</b> are the methods of the interfaces the class implements: the frontend calls them
 * through {@link #backend(Class)} (or by name with {@link #sendMessageToBack}), they travel through a
 * Chronicle Queue and run in the backend, in order. <b>Replies</b> come back through a second queue: the
 * backend sends them with {@link #sendOut} or {@link #frontend(Class)}; the frontend takes them with
 * {@link #receive(Duration)} or {@link #tryReceive(Object)}.
 *
 * <pre>{@code
 * public interface Commands { void ping(String parameter); }     // a top-level (or outer-nested) interface
 *
 * public class MyProcess extends MessageProcess implements Commands {
 *     public MyProcess(String name) { super(name); }
 *
 *     @Override public void ping(String parameter) {          // runs in the backend
 *         logger().info("c__ping: got parameter {}", parameter);
 *         sendOut(new MessageObject("pong", "result", "pudding"));
 *     }
 * }
 *
 * try (MyProcess p = new MyProcess("my-process")) {
 *     p.start();
 *     p.backend(Commands.class).ping("gotcha!");            // or sendMessageToBack(new MessageObject("ping", ...))
 *     MessageObject reply = p.receive(Duration.ofSeconds(5));
 *     System.out.println("main: got " + reply.name() + " with some " + reply.get("result"));
 * }                                                          // close(): stop the backend, remove its files
 * }</pre>
 *
 * <p><b>State.</b> At {@link #start()} the object's non-transient fields are shipped to the backend (as a
 * fork would copy them); the backend's copy is made without running a constructor. Transient fields start
 * as null/0/false there: open heavy resources in {@link #preRun()} and release them in {@link #postRun()}.
 *
 * <p><b>Failures.</b> A command that throws, is unknown or gets arguments that do not fit is logged in the
 * backend and answered with an error reply ({@link CommandFailedException} at the frontend); the backend
 * keeps serving. A backend that dies makes waiting calls fail at once with {@link BackendDiedException}.
 * A backend whose frontend dies (even by {@code kill -9}) stops within about a second.
 */
public abstract class MessageProcess implements AutoCloseable
{
    private final String name;
    private ProcessOptions options;
    private transient volatile FrontendLink front;
    private transient volatile BackendContext back;
    private transient volatile Logger logger;
    private transient java.util.concurrent.ConcurrentMap<Class<?>, Object> commandProxies;
    private transient java.util.List<IntConsumer> exitListeners;

    /**
     * @param name the process name: 1 to 64 characters from {@code A-Z a-z 0-9 . _ -}; unique in the session.
     * @throws io.tandem.jvm.MissingJvmFlagsException if this JVM lacks the flags Chronicle needs (listed in it).
     */
    protected MessageProcess(final String name)
    {
        this(name, ProcessOptions.defaults());
    }

    /**
     * @param name    the process name.
     * @param options how to run it.
     */
    protected MessageProcess(final String name, final ProcessOptions options)
    {
        JvmFlags.verifyCurrentJvm();
        this.name = Names.validate("process name", name);
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @return the process name. */
    public final String name()
    {
        return name;
    }

    /** @return how the process runs. */
    public final ProcessOptions options()
    {
        return options;
    }

    /**
     * Replaces the options; only before {@link #start()}.
     *
     * @return this.
     */
    public final MessageProcess options(final ProcessOptions newOptions)
    {
        requireFrontend("options");
        if (front != null)
        {
            throw new IllegalStateException("process '" + name + "' is started: set its options before start()");
        }
        this.options = Objects.requireNonNull(newOptions, "options");
        return this;
    }

    /** @return the logger {@code <SimpleClassName>.<name>}, on both sides. */
    protected final Logger logger()
    {
        Logger l = logger;
        if (l == null)
        {
            l = ProcessLoggers.of(getClass(), name);
            logger = l;
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------ frontend

    /**
     * Starts the backend: ships this object's state and launches a child JVM (or a thread in in-JVM mode).
     * Returns at once; commands sent meanwhile wait in the queue. Use {@link #awaitStarted} to wait for
     * preRun to have run.
     *
     * @throws IllegalStateException if already started, or a process of this name runs in the session.
     * @throws io.tandem.failure.TandemException if a field cannot be shipped or the runtime directory is unusable.
     */
    public final synchronized void start()
    {
        requireFrontend("start");
        if (front != null)
        {
            throw new IllegalStateException("process '" + name + "' was already started (use restart() to run " +
                "its backend again)");
        }
        front = launch(-1);
    }

    /**
     * Starts the backend again, from this object's current state, after it exited (or stops it first):
     * what a manager does with a worker that died. Commands sent to the old backend and not yet run are
     * lost; proxies from {@link #backend(Class)} keep working; resources in fields stay open.
     *
     * @throws IllegalStateException if the process was never started, or is closed.
     */
    public final synchronized void restart()
    {
        final FrontendLink old = started("restart");
        old.close(true);
        front = launch(old.slot());
    }

    /**
     * Boots {@link ProcessOptions#spares()} spare backend JVMs for processes with {@code options} now, in the
     * background, instead of at the first start of such a process (see {@link ProcessOptions.Builder#spares(int)}).
     *
     * <pre>{@code
     * ProcessOptions o = ProcessOptions.builder().lean().spares(4).build();
     * MessageProcess.prepareSpares(o);
     * MessageProcess.awaitSpares(o, Duration.ofSeconds(10)); // optional: until all four are warm
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code options} ask for no spares or for in-JVM mode.
     */
    public static void prepareSpares(final ProcessOptions options)
    {
        requireSpares(options);
        io.tandem.internal.launch.SparePool.acquire().keep(spareFit(options), options.spares());
    }

    /**
     * Waits until {@link ProcessOptions#spares()} spares for processes with {@code options} are warm and waiting.
     *
     * @return true if they are; false if {@code timeout} passed first (a start then is cold, or takes the spares
     * that are ready).
     * @throws IllegalArgumentException if {@code options} ask for no spares or for in-JVM mode.
     */
    public static boolean awaitSpares(final ProcessOptions options, final Duration timeout)
    {
        requireSpares(options);
        final io.tandem.internal.launch.SpareFit fit = spareFit(options);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            // Read each time: the pool may appear (another thread's first start) or be closed and made again.
            final io.tandem.internal.launch.SparePool pool = io.tandem.internal.launch.SparePool.existing();
            if (pool != null && pool.ready(fit) >= options.spares())
            {
                return true;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }

    /** @return the spares for processes with {@code options} that are warm and waiting now. */
    public static int readySpares(final ProcessOptions options)
    {
        final io.tandem.internal.launch.SparePool pool = io.tandem.internal.launch.SparePool.existing();
        return pool == null ? 0 : pool.ready(spareFit(options));
    }

    /**
     * Ends every spare backend JVM of this JVM (each exits at end-of-file on its stdin) and frees what they held in the
     * session. Started processes are not affected. Also done at this JVM's exit.
     */
    public static void closeSpares()
    {
        final io.tandem.internal.launch.SparePool pool = io.tandem.internal.launch.SparePool.existing();
        if (pool != null)
        {
            pool.close();
        }
    }

    private static void requireSpares(final ProcessOptions options)
    {
        if (options.spares() <= 0 || options.mode() != ProcessOptions.Mode.CHILD_JVM)
        {
            throw new IllegalArgumentException("spares are child JVMs kept ready: these options ask for " +
                options.spares() + " spares in mode " + options.mode() + "; use ProcessOptions.builder().spares(n) " +
                "with n > 0 and the default CHILD_JVM mode");
        }
    }

    private static io.tandem.internal.launch.SpareFit spareFit(final ProcessOptions options)
    {
        return io.tandem.internal.launch.SpareFit.of(options.jvmArgs(), options.output() == ProcessOptions.Output.PIPE,
            BackendMain.class.getName());
    }

    /** Opens a link in {@code reuseSlot} (or a new slot if negative), launches the backend, then publishes the link. */
    private FrontendLink launch(final int reuseSlot)
    {
        // Encoded before anything is made: a field that cannot ship leaves no directory, queue or slot behind.
        final net.openhft.chronicle.bytes.Bytes<?> state = StateShipper.encode(this);
        final FrontendLink link = FrontendLink.open(name, options, getClass().getName(), logger(), reuseSlot);
        link.start(state, ShippedFields.of(getClass()).resources(this)); // undoes open() if it fails
        link.onExit(this::backendExited);
        return link;
    }

    /**
     * Waits until the backend has run preRun and serves commands.
     *
     * @throws BackendDiedException if the backend exits first (e.g. preRun threw).
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public final void awaitStarted(final Duration timeout)
    {
        started("awaitStarted").inbox().awaitStarted(timeout);
    }

    /** @return true while the backend runs (false before start and after it exited). */
    public final boolean isAlive()
    {
        final FrontendLink link = front;
        return link != null && link.backend().isAlive();
    }

    /** @return the backend's exit code once it exited; empty while it runs or before start. */
    public final OptionalInt exitCode()
    {
        final FrontendLink link = front;
        return link == null ? OptionalInt.empty() : link.backend().exitCode();
    }

    /** @return the backend's process id (this JVM's for in-JVM mode); 0 before start. */
    public final long pid()
    {
        final FrontendLink link = front;
        return link == null ? 0 : link.backend().pid();
    }

    /**
     * Runs {@code listener} with the exit code each time the backend exits, expected or not (also after a
     * {@link #restart()}), on a thread of Tandem's. May be added before start.
     */
    public final void onExit(final IntConsumer listener)
    {
        requireFrontend("onExit");
        synchronized (this)
        {
            if (exitListeners == null)
            {
                exitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
            }
            exitListeners.add(Objects.requireNonNull(listener, "listener"));
        }
        final FrontendLink link = front;
        if (link != null && !link.backend().isAlive())
        {
            link.backend().exitCode().ifPresent(listener);
        }
    }

    private void backendExited(final int exitCode)
    {
        final java.util.List<IntConsumer> listeners = exitListeners;
        if (listeners != null)
        {
            for (final IntConsumer listener : listeners)
            {
                try
                {
                    listener.accept(exitCode);
                }
                catch (final RuntimeException ex)
                {
                    logger().warn("exit listener failed: {}", ex.toString());
                }
            }
        }
    }

    /**
     * Methods returning {@code void} are commands: sent, not waited for. Methods returning a value are
     * calls: they wait for the backend's value (or throw its exception as {@link CommandFailedException}),
     * up to the options' reply timeout. Methods returning {@code CompletableFuture} return at once.
     *
     * @param commandInterface an interface this class implements.
     * @return a proxy whose calls run in the backend, in order; safe to share between threads.
     * @throws IllegalArgumentException if this class does not implement it, or it is not a valid command interface.
     */
    public final <T> T backend(final Class<T> commandInterface)
    {
        checkImplements(commandInterface);
        started("backend");
        java.util.concurrent.ConcurrentMap<Class<?>, Object> proxies = commandProxies;
        if (proxies == null)
        {
            synchronized (this)
            {
                if (commandProxies == null)
                {
                    commandProxies = new java.util.concurrent.ConcurrentHashMap<>();
                }
                proxies = commandProxies;
            }
        }
        return commandInterface.cast(proxies.computeIfAbsent(commandInterface,
            type -> io.tandem.CommandProxy.create(type, () -> started("backend"), options.replyTimeout())));
    }

    private void checkImplements(final Class<?> commandInterface)
    {
        if (!commandInterface.isInterface() || !commandInterface.isAssignableFrom(getClass()))
        {
            throw new IllegalArgumentException(getClass().getSimpleName() + " does not implement " +
                commandInterface.getName() + ": commands are methods of interfaces the process class implements");
        }
    }

    /**
     * @param commandInterface an interface this class implements.
     * @param callTimeout      how long its calls (methods with results) wait.
     * @return a proxy as {@link #backend(Class)} gives, with its own call timeout.
     */
    public final <T> T backend(final Class<T> commandInterface, final Duration callTimeout)
    {
        checkImplements(commandInterface);
        started("backend");
        return io.tandem.CommandProxy.create(commandInterface, () -> started("backend"),
            Objects.requireNonNull(callTimeout, "callTimeout"));
    }

    /**
     * Calls a command by name and waits for what it returns, with the options' reply timeout.
     *
     * <pre>{@code
     * Object sum = p.call(new MessageObject("add", "a", 1, "b", 2));
     * }</pre>
     *
     * @return the backend method's value, as decoded: no declared type guides it, so a number may come as an
     * Integer or a Long, a collection as a list (a typed call through {@link #backend(Class)} converts).
     * @throws CommandFailedException if it threw in the backend.
     * @throws BackendDiedException if the backend exits first.
     * @throws ReplyTimeoutException if the timeout passes first.
     */
    public final Object call(final MessageObject message)
    {
        return call(message, options.replyTimeout());
    }

    /** {@link #call(MessageObject)} with its own timeout. */
    public final Object call(final MessageObject message, final Duration timeout)
    {
        return started("call").calls().call(Objects.requireNonNull(message, "message"), timeout);
    }

    /** Calls a command by name and returns at once; the future completes with its value or its failure. */
    public final java.util.concurrent.CompletableFuture<Object> callAsync(final MessageObject message)
    {
        return started("callAsync").calls().callAsync(Objects.requireNonNull(message, "message"), options.replyTimeout());
    }

    /**
     * Sends a command by name, the tutorial's way: {@code new MessageObject("ping", "parameter", x)} runs
     * {@code ping(x)} in the backend.
     */
    public final void sendMessageToBack(final MessageObject message)
    {
        started("sendMessageToBack").sendMessage(Objects.requireNonNull(message, "message"));
    }

    /**
     * @return the next reply as a message, waiting up to the options' reply timeout.
     * @see #receive(Duration)
     */
    public final MessageObject receive()
    {
        return receive(options.replyTimeout());
    }

    /**
     * Waits for the next reply. Typed replies come as messages named after their method with parameters
     * {@code arg0, arg1, ...}.
     *
     * @throws CommandFailedException if the next reply is a command's failure.
     * @throws BackendDiedException if the backend exited and no reply is left.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public final MessageObject receive(final Duration timeout)
    {
        return started("receive").inbox().receive(timeout);
    }

    /**
     * Takes the next reply if one is waiting; never blocks.
     *
     * <pre>{@code
     * MessageObject reply;
     * while ((reply = p.tryReceive()) != null) { handle(reply); }
     * }</pre>
     *
     * @return the next reply, or null if none waits.
     * @throws CommandFailedException if the next reply is a command's failure.
     */
    public final MessageObject tryReceive()
    {
        return started("tryReceive").inbox().pollMessage();
    }

    /**
     * Dispatches every waiting reply to {@code handler}: to its reply interfaces (typed replies), to
     * {@link MessageHandler#onMessage} and to {@link ErrorHandler#onError}. Never blocks.
     *
     * <pre>{@code
     * int taken = p.tryReceive((Pong)value -> lastPong = value);   // a typed reply handler: a reply interface's lambda
     * }</pre>
     *
     * <p>This form takes an {@code Object} for a handler that implements several of these at once (reply interfaces,
     * {@link MessageHandler}, {@link ErrorHandler}), which share no supertype; the typed forms
     * {@link #tryReceive(MessageHandler)} and {@link #tryReceive(Class, Object)} cover one kind each.
     *
     * @return the number of replies dispatched.
     * @throws CommandFailedException for an error reply when {@code handler} is not an {@link ErrorHandler}.
     */
    public final int tryReceive(final Object handler)
    {
        return started("tryReceive").inbox().poll(handler, Integer.MAX_VALUE);
    }

    /**
     * Waits for one reply and dispatches it to {@code handler}, as {@link #tryReceive(Object)} does.
     *
     * @throws BackendDiedException if the backend exited and no reply is left.
     * @throws ReplyTimeoutException if {@code timeout} passes first.
     */
    public final void receive(final Object handler, final Duration timeout)
    {
        started("receive").inbox().receive(handler, timeout);
    }

    /**
     * Dispatches every waiting reply to {@code handler} as a message (typed replies come as messages named after
     * their method, with parameters {@code arg0, arg1, ...}). Never blocks.
     *
     * <pre>{@code
     * p.tryReceive(msg -> System.out.println("main: got " + msg.name()));
     * }</pre>
     *
     * @return the number of replies dispatched.
     * @throws CommandFailedException for an error reply.
     */
    public final int tryReceive(final MessageHandler handler)
    {
        return tryReceive((Object)Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Dispatches every waiting reply of {@code replyInterface} to {@code handler}, typed. Never blocks.
     *
     * <pre>{@code
     * int taken = p.tryReceive(Pong.class, value -> lastPong = value);
     * }</pre>
     *
     * @return the number of replies dispatched.
     * @throws CommandFailedException for an error reply.
     * @throws IllegalArgumentException if {@code replyInterface} is not an interface.
     */
    public final <R> int tryReceive(final Class<R> replyInterface, final R handler)
    {
        return tryReceive(typed(replyInterface, handler));
    }

    /** Waits for one reply and dispatches it to {@code handler} as a message, as {@link #tryReceive(MessageHandler)} does. */
    public final void receive(final MessageHandler handler, final Duration timeout)
    {
        receive((Object)Objects.requireNonNull(handler, "handler"), timeout);
    }

    /** Waits for one reply and dispatches it to {@code handler}, typed, as {@link #tryReceive(Class, Object)} does. */
    public final <R> void receive(final Class<R> replyInterface, final R handler, final Duration timeout)
    {
        receive(typed(replyInterface, handler), timeout);
    }

    private static Object typed(final Class<?> replyInterface, final Object handler)
    {
        if (!replyInterface.isInterface())
        {
            throw new IllegalArgumentException(replyInterface.getName() + " is not an interface: typed replies are calls " +
                "of a reply interface's methods");
        }
        return replyInterface.cast(Objects.requireNonNull(handler, "handler"));
    }

    /** Asks the backend to stop after the commands already sent. Harmless if repeated or the backend is gone. */
    public final void requestStop()
    {
        final FrontendLink link = front;
        if (link != null)
        {
            link.requestStop();
        }
    }

    /**
     * Waits up to {@code timeout} for the backend to exit, then destroys it.
     *
     * @return true if it exited by itself in time (or was not running).
     */
    public final boolean waitStop(final Duration timeout)
    {
        final FrontendLink link = front;
        return link == null || link.waitStop(timeout);
    }

    /** {@link #waitStop(Duration)} with the options' stop timeout. */
    public final boolean waitStop()
    {
        return waitStop(options.stopTimeout());
    }

    /** Requests a stop and waits for it (destroying the backend past the stop timeout). */
    public final void stop()
    {
        requestStop();
        waitStop();
    }

    /**
     * Stops the backend if it runs, removes the process's files and closes the {@link ProcessResource}s
     * in its fields (event groups, shared arrays). Idempotent; after it the process cannot be used.
     */
    @Override
    public void close()
    {
        if (back != null)
        {
            return; // the backend's copy closes with its runtime, not from a command
        }
        final FrontendLink link = front;
        if (link != null)
        {
            link.close();
        }
        ShippedFields.closeAll(this);
    }

    // ------------------------------------------------------------------------------------------- backend

    /** Runs in the backend before the first command: open heavy resources here. */
    protected void preRun() throws Exception
    {
    }

    /** Runs in the backend after the last command: release what preRun opened. */
    protected void postRun() throws Exception
    {
    }

    /**
     * Runs in the backend between commands, the extension point for work of its own: poll another source,
     * produce into a ring, run a periodic task. Keep each call short (commands and stop wait for it).
     *
     * <p>An idle backend sleeps until a command comes. Say what else should wake it: {@link #wakeOn} a ring it reads
     * (or a BLOCK ring it writes), {@link #wakeAt} a time. A process that overrides this method and says neither is
     * woken every 20 ms, so whatever it polls is looked at.
     *
     * @return how much work it did; 0 lets the backend idle (per its wait mode) before the next pass.
     */
    protected int betweenCommands() throws Exception
    {
        return 0;
    }

    /** Sends a message to the frontend (the tutorial's {@code send_out__}). Backend only. */
    protected final void sendOut(final MessageObject message)
    {
        backendContext("sendOut").sendOut(Objects.requireNonNull(message, "message"));
    }

    /**
     * @return a writer whose calls become typed replies at the frontend, dispatched by {@link #tryReceive(Object)}
     * to a handler implementing {@code replyInterface}. Backend only; safe from any backend thread.
     */
    protected final <R> R frontend(final Class<R> replyInterface)
    {
        return backendContext("frontend").replies(replyInterface);
    }

    /**
     * Wakes this backend when {@code consumer}'s ring gets a frame, as a command does: for a ring that
     * {@link #betweenCommands()} reads. Call it in {@link #preRun()}. Backend only.
     *
     * <pre>{@code
     * protected void preRun() {
     *     frames = RingBuffer.attach(path).build().consumer(name());
     *     wakeOn(frames);                                    // asleep until a frame (or a command) comes
     * }
     * protected int betweenCommands() {
     *     return frames.poll(this::analyse, 16);
     * }
     * }</pre>
     */
    protected final void wakeOn(final io.tandem.ringbuffer.RingConsumer consumer)
    {
        backendContext("wakeOn").wakeOn(consumer.dataBell(), consumer::hasFrame);
    }

    /**
     * Wakes this backend when a slot frees up on {@code producer}'s BLOCK ring (its consumers release frames), as a
     * command does: for a producer {@link #betweenCommands()} feeds with {@code tryClaim()}. Backend only.
     */
    protected final void wakeOn(final io.tandem.ringbuffer.RingProducer producer)
    {
        backendContext("wakeOn").wakeOn(producer.spaceBell(), producer::hasSpace);
    }

    /**
     * Asks the idle backend to call {@link #betweenCommands()} again by {@code nanoTime} ({@link System#nanoTime()})
     * at the latest: for work due at a time (a frame rate, a periodic task). Holds for the next sleep only: call
     * it from betweenCommands each time. Backend only.
     */
    protected final void wakeAt(final long nanoTime)
    {
        backendContext("wakeAt").wakeAt(nanoTime);
    }

    /** Asks this backend to stop after the current command, as if the frontend had asked. Backend only. */
    protected final void requestBackendStop()
    {
        backendContext("requestBackendStop").requestStop();
    }

    /** @return where the backend runs command handlers: null for its loop thread, one at a time. */
    java.util.concurrent.ExecutorService newCommandExecutor()
    {
        return null;
    }

    /** @return true in the backend, false in the frontend. */
    protected final boolean isBackend()
    {
        return back != null;
    }

    // ------------------------------------------------------------------------------------------ internal

    private FrontendLink started(final String method)
    {
        requireFrontend(method);
        final FrontendLink link = front;
        if (link == null)
        {
            throw new IllegalStateException(method + "(): process '" + name + "' is not started; call start() first");
        }
        if (link.isClosed())
        {
            throw new IllegalStateException(method + "(): process '" + name + "' is closed");
        }
        return link;
    }

    private void requireFrontend(final String method)
    {
        if (back != null)
        {
            throw new IllegalStateException(method + "() is a frontend method; it was called in the backend of process '" +
                name + "'");
        }
    }

    private BackendContext backendContext(final String method)
    {
        final BackendContext context = back;
        if (context == null)
        {
            throw new IllegalStateException(method + "() runs in the backend (a command, preRun, postRun or betweenCommands); " +
                "it was called in the frontend of process '" + name + "'");
        }
        return context;
    }

    /** @return the process as the seed's {@code str()} prints it: {@code <ClassName.process-name>}, its logger's name. */
    @Override
    public String toString()
    {
        return "<" + ProcessLoggers.name(getClass(), name) + ">";
    }

    /** @return the current link (package-private: the poller reads its slot), or null before start. */
    final FrontendLink link()
    {
        return front;
    }

    /** @return what the backend runtime runs: this process's lifecycle, and nothing else of it. */
    final BackendAgent backendAgent()
    {
        return new Agent();
    }

    /** The backend's view of this process: what {@link BackendRuntime} may call, as an Agrona agent. */
    private final class Agent implements BackendAgent
    {
        @Override
        public String name()
        {
            return name;
        }

        @Override
        public ProcessOptions options()
        {
            return options;
        }

        @Override
        public Object commandTarget()
        {
            return MessageProcess.this;
        }

        @Override
        public void attach(final BackendContext context)
        {
            back = context;
        }

        @Override
        public void preRun() throws Exception
        {
            MessageProcess.this.preRun();
        }

        @Override
        public void postRun() throws Exception
        {
            MessageProcess.this.postRun();
        }

        @Override
        public int betweenCommands() throws Exception
        {
            return MessageProcess.this.betweenCommands();
        }

        @Override
        public boolean overridesBetweenCommands()
        {
            for (Class<?> c = MessageProcess.this.getClass(); c != MessageProcess.class && c != null; c = c.getSuperclass())
            {
                try
                {
                    c.getDeclaredMethod("betweenCommands");
                    return true;
                }
                catch (final NoSuchMethodException ignored)
                {
                    // not this class
                }
            }
            return false;
        }

        @Override
        public java.util.concurrent.ExecutorService commandExecutor()
        {
            return newCommandExecutor();
        }

        @Override
        public void closeResources()
        {
            ShippedFields.closeAll(MessageProcess.this);
        }
    }
}
