package io.tandem.junit;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.TandemException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JUnit 5 extension for tests of {@link MessageProcess} classes: it starts them in the mode it was made with
 * (a child JVM, or a thread of the test's JVM), closes them after the test (or after the class, for those started
 * in {@code @BeforeAll}), checks after each test that nothing is left behind, and turns the failure contract's
 * exceptions into assertion messages that say what state the process is in and where to look.
 *
 * <pre>{@code
 * class EchoProcessTest {
 *     @RegisterExtension
 *     static final TandemExtension tandem = TandemExtension.childJvm();   // or TandemExtension.inJvm()
 *
 *     @Test
 *     void echoes() {
 *         EchoProcess echo = tandem.start(new EchoProcess("echo"));      // started and serving; closed after the test
 *         assertEquals("hi", echo.backend(Echo.class).echo("hi"));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Per test or per class.</b> A process started in a test or {@code @BeforeEach} is closed after that test; one
 * started in a static {@code @BeforeAll} (with the extension in a static field) is shared by the class's tests and
 * closed after the last one. {@link #closeAfter} does the same for any {@link AutoCloseable} (a {@code SharedArray}, a
 * process the test starts itself).
 *
 * <p><b>Nothing left behind.</b> After each test, once its processes are closed, every child process of this JVM
 * must have exited and every in-JVM backend thread ended (waiting up to 10 s), and this JVM's session directory on
 * tmpfs must be gone; while the class shares processes, only what the test added counts. What is left fails the test
 * with a list a user can act on: process names, pids, file paths. Child processes left are killed.
 *
 * <p><b>Readable failures.</b> A test, {@code @BeforeEach} or {@code @BeforeAll} that throws a {@link TandemException}
 * ({@code BackendDiedException}, {@code ReplyTimeoutException}, {@code CommandFailedException},
 * {@code BacklogFullException}...) fails with an {@link AssertionError} that keeps it as its cause and adds the named
 * process's state (running, or its exit code and what it means) and a hint. {@code assertThrows} inside the test sees
 * the original exception, as before.
 *
 * <p>JUnit Jupiter is an optional dependency of Tandem: this class needs {@code junit-jupiter-api} on the class path,
 * which a test class path has anyway.
 */
public final class TandemExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
    TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler
{
    /** How long after a test its backends may take to exit before they count as left behind. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    /** What earlier tests were already blamed for, so that one leak fails one test, not every test after it. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    /**
     * The processes every extension of this JVM holds open: a test class with two extensions (one per mode, say) has
     * one check after the other, and what the other still holds until its own close is not a leak.
     */
    private static final Set<MessageProcess> MANAGED = ConcurrentHashMap.newKeySet();

    private final ProcessOptions.Mode mode;
    private final Deque<AutoCloseable> classScope = new ArrayDeque<>();
    private final Deque<AutoCloseable> testScope = new ArrayDeque<>();
    private final Map<String, MessageProcess> processes = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration exitGrace = EXIT_GRACE;
    private boolean inTest;
    private Set<String> baseline = Set.of();

    /** For {@code @ExtendWith(TandemExtension.class)}: the checks and messages, child JVM mode for {@link #start}. */
    public TandemExtension()
    {
        this(ProcessOptions.Mode.CHILD_JVM);
    }

    private TandemExtension(final ProcessOptions.Mode mode)
    {
        this.mode = mode;
    }

    /** @return an extension whose {@link #start} runs each backend in a child JVM, as production does. */
    public static TandemExtension childJvm()
    {
        return new TandemExtension(ProcessOptions.Mode.CHILD_JVM);
    }

    /** @return an extension whose {@link #start} runs each backend on a thread of the test's JVM: faster, debuggable. */
    public static TandemExtension inJvm()
    {
        return new TandemExtension(ProcessOptions.Mode.IN_JVM);
    }

    /**
     * @param timeout how long {@link #start} waits for a backend to serve (30 s by default).
     * @return this.
     */
    public TandemExtension startTimeout(final Duration timeout)
    {
        this.startTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How long after a test its backends may take to exit before they count as left behind (10 s by default, room
     * for a postRun and a JVM's exit on a loaded machine). A leak is reported only after it: a suite whose tests
     * leak on purpose may shorten it.
     *
     * <pre>{@code
     * @RegisterExtension
     * final TandemExtension tandem = TandemExtension.inJvm().exitGrace(Duration.ofSeconds(1));
     * }</pre>
     *
     * @return this.
     * @throws IllegalArgumentException if {@code grace} is negative.
     */
    public TandemExtension exitGrace(final Duration grace)
    {
        if (Objects.requireNonNull(grace, "grace").isNegative())
        {
            throw new IllegalArgumentException("exit grace must not be negative: " + grace);
        }
        this.exitGrace = grace;
        return this;
    }

    /** @return where {@link #start} runs backends. */
    public ProcessOptions.Mode mode()
    {
        return mode;
    }

    /**
     * Runs {@code process} in this extension's mode (its other options kept), waits until its backend serves
     * (preRun has run), and closes it after the test, or after the class when called from {@code @BeforeAll}.
     *
     * @return {@code process}, started.
     * @throws io.tandem.failure.BackendDiedException if the backend exits first (preRun threw, say).
     */
    public <P extends MessageProcess> P start(final P process)
    {
        closeAfter(process);
        if (process.options().mode() != mode)
        {
            process.options(process.options().toBuilder().mode(mode).build());
        }
        process.start();
        process.awaitStarted(startTimeout);
        return process;
    }

    /**
     * Closes {@code closeable} after the test (or after the class when called from {@code @BeforeAll}), before the
     * leftover check; closeables close newest first.
     *
     * @return {@code closeable}.
     */
    public synchronized <C extends AutoCloseable> C closeAfter(final C closeable)
    {
        Objects.requireNonNull(closeable, "closeable");
        (inTest ? testScope : classScope).push(closeable);
        if (closeable instanceof MessageProcess)
        {
            final MessageProcess process = (MessageProcess)closeable;
            processes.put(process.name(), process);
            MANAGED.add(process);
        }
        return closeable;
    }

    /** @return this JVM's session directory on tmpfs (whether or not it exists now). */
    public static Path sessionDirectory()
    {
        return Leftovers.sessionDirectory();
    }

    /**
     * Checks that this JVM has left nothing behind: no child process running, no in-JVM backend, no session
     * directory (waiting up to 10 s for backends to exit). For a class that manages its processes by hand: call it
     * from {@code @AfterAll} once they are closed. Leftovers already reported by an earlier check are not reported again.
     *
     * @param who what is checked, for the message: a test's or class's name.
     * @throws AssertionError listing what is left.
     */
    public static void assertNothingLeft(final String who)
    {
        check(who, Set.of(), EXIT_GRACE);
    }

    // ------------------------------------------------------------------------------------------- callbacks

    @Override
    public synchronized void beforeAll(final ExtensionContext context)
    {
        inTest = false;
    }

    @Override
    public synchronized void beforeEach(final ExtensionContext context)
    {
        inTest = true;
        // while the class shares processes, what they hold is not the test's doing
        baseline = classScope.isEmpty() ? Set.of() : Leftovers.look().keys();
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        final Throwable closeFailure;
        final Set<String> ignored;
        synchronized (this)
        {
            closeFailure = closeAll(testScope);
            MessageProcess.closeSpares(); // spare JVMs are left behind by design: end them before the check
            inTest = false;
            ignored = baseline;
            baseline = Set.of();
        }
        check(context.getDisplayName(), ignored, exitGrace);
        rethrow(closeFailure);
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        final Throwable closeFailure;
        synchronized (this)
        {
            closeFailure = closeAll(classScope);
            MessageProcess.closeSpares();
            processes.clear();
        }
        check(context.getDisplayName(), Set.of(), exitGrace);
        rethrow(closeFailure);
    }

    @Override
    public void handleTestExecutionException(final ExtensionContext context, final Throwable failure) throws Throwable
    {
        throw readable(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(final ExtensionContext context, final Throwable failure)
        throws Throwable
    {
        throw readable(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(final ExtensionContext context, final Throwable failure)
        throws Throwable
    {
        throw readable(failure);
    }

    /**
     * @return an assertion with a readable message for a Tandem failure (the failure as its cause); else {@code failure}
     * (an assertion of the test's own among them, whatever its cause: its message is the one to read).
     */
    private synchronized Throwable readable(final Throwable failure)
    {
        if (failure instanceof AssertionError)
        {
            return failure;
        }
        final TandemException tandem = FailureMessages.tandemCause(failure);
        if (tandem == null)
        {
            return failure;
        }
        return new AssertionError(FailureMessages.describe(tandem, new LinkedHashMap<>(processes)), failure);
    }

    // ------------------------------------------------------------------------------------------- internal

    private Throwable closeAll(final Deque<AutoCloseable> scope)
    {
        Throwable first = null;
        while (!scope.isEmpty())
        {
            final AutoCloseable closeable = scope.pop();
            if (closeable instanceof MessageProcess)
            {
                processes.remove(((MessageProcess)closeable).name(), closeable);
                MANAGED.remove(closeable);
            }
            try
            {
                closeable.close();
            }
            catch (final Exception | Error ex)
            {
                if (first == null)
                {
                    first = ex;
                }
                else
                {
                    first.addSuppressed(ex);
                }
            }
        }
        return first;
    }

    private static void rethrow(final Throwable failure)
    {
        if (failure instanceof RuntimeException)
        {
            throw (RuntimeException)failure;
        }
        if (failure instanceof Error)
        {
            throw (Error)failure;
        }
        if (failure != null)
        {
            throw new AssertionError("closing after the test failed: " + failure, failure);
        }
    }

    /**
     * Waits for backends to exit, at most {@code grace}, then fails with what is left that is neither in
     * {@code ignored} nor reported before.
     */
    private static void check(final String who, final Set<String> ignoredHere, final Duration grace)
    {
        final Set<String> ignored = new java.util.HashSet<>(ignoredHere);
        MANAGED.forEach(process -> ignored.addAll(Leftovers.keysOf(process)));
        final long deadline = System.nanoTime() + grace.toNanos();
        Leftovers found = Leftovers.look();
        REPORTED.retainAll(found.keys()); // gone since: may be blamed on a later test if it comes back
        while (found.anyProcessBut(union(ignored, REPORTED)) && System.nanoTime() - deadline < 0)
        {
            sleep();
            found = Leftovers.look();
        }
        final Leftovers fresh = found.without(union(ignored, REPORTED));
        if (fresh.isEmpty())
        {
            return;
        }
        REPORTED.addAll(fresh.keys());
        fresh.killChildren();
        throw new AssertionError(fresh.report(who));
    }

    private static Set<String> union(final Set<String> a, final Set<String> b)
    {
        if (b.isEmpty())
        {
            return a;
        }
        final Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for backends to exit", ex);
        }
    }
}
