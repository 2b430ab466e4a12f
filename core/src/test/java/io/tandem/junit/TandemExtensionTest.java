package io.tandem.junit;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.process.EchoCommands;
import io.tandem.process.EchoProcess;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * TandemExtension as a user meets it: the nested classes are users' test classes (a leaking one among them), run
 * through JUnit's EngineTestKit; these tests read what that user would read. The nested classes run only from here
 * (surefire skips nested classes, and {@value #NESTED} is set only while one runs).
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class TandemExtensionTest
{
    static final String NESTED = "tandem.extensionTest.nested";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The nested suites that leak on purpose wait this long for their leaks, not the default 10 s. */
    private static final Duration LEAK_GRACE = Duration.ofSeconds(1);
    /** Processes the nested tests leaked on purpose: closed after each test here. */
    static final Queue<MessageProcess> LEAKED = new ConcurrentLinkedQueue<>();
    static final Queue<MessageProcess> STARTED = new ConcurrentLinkedQueue<>();
    private static final Queue<Long> SPARE_PIDS = new ConcurrentLinkedQueue<>();
    static final AtomicLong LEAKED_PID = new AtomicLong();

    @AfterEach
    void closeWhatTheNestedTestsLeaked()
    {
        MessageProcess leaked;
        while ((leaked = LEAKED.poll()) != null)
        {
            leaked.close();
        }
        STARTED.clear();
    }

    @Test
    void startRunsTheBackendInTheExtensionsModeAndClosesItAfterTheTest()
    {
        assertEquals(Map.of(), failures(run(StartsInEachMode.class)));
        assertEquals(2, STARTED.size());
        for (final MessageProcess p : STARTED)
        {
            final boolean inJvm = p.name().startsWith("in-jvm");
            assertEquals(inJvm ? ProcessOptions.Mode.IN_JVM : ProcessOptions.Mode.CHILD_JVM, p.options().mode(), p.name());
            assertEquals(inJvm, p.pid() == ProcessHandle.current().pid(), p.name() + " ran where its extension said");
            assertFalse(p.isAlive(), p.name() + " is closed after its test");
            assertEquals(0, p.exitCode().orElseThrow(), p.name() + " stopped, not killed");
        }
        assertFalse(Files.exists(NoLeftovers.sessionDir()), "nothing is left on tmpfs");
    }

    @Test
    void aTestWhoseProcessStartsOnASpareLeavesNothingBehindAndPasses()
    {
        // Spare JVMs outlive the process that claimed one by design (the pool refills): the extension ends them
        // before its check, or every test using spares(n) would fail as leaking a "spare:<n>" JVM.
        assertEquals(Map.of(), failures(run(UsesSpares.class)));
        assertEquals(1, SPARE_PIDS.size(), "the nested test ran");
        assertEquals(0, MessageProcess.readySpares(UsesSpares.OPTIONS), "its spares are closed after it");
        assertFalse(Files.exists(NoLeftovers.sessionDir()), "nothing is left on tmpfs");
    }

    @Test
    void aLeakingTestFailsWithAReportNamingWhatItLeftAndOnlyItsOwnLeftovers()
    {
        final long start = System.nanoTime();
        final Map<String, Throwable> failures = failures(run(Leaking.class));
        final long tookMs = (System.nanoTime() - start) / 1_000_000;
        // two leaks, each reported after the suite's 1 s grace, not the default 10 s (a child JVM's start and the
        // rest fit in the difference on two loaded cores)
        assertTrue(tookMs < TandemExtension.EXIT_GRACE.toMillis(), "the shortened exit grace was used: " + tookMs + " ms");
        assertEquals(List.of("leavesAChildJvmRunning()", "leavesAnInJvmBackendRunning()"),
            failures.keySet().stream().sorted().collect(Collectors.toList()));

        final String child = failures.get("leavesAChildJvmRunning()").getMessage();
        final long pid = LEAKED_PID.get();
        assertEquals("leavesAChildJvmRunning() left Tandem processes or files behind:\n" +
            "  child processes still running (killed now):\n" +
            "    process 'leaky-child': backend JVM pid " + pid + "\n" +
            "  runtime files still in the session directory " + NoLeftovers.sessionDir() + ":\n" +
            "    process 'leaky-child': its queues, leaky-child/\n" +
            "Close every process (try-with-resources, or TandemExtension.start(...), which closes it after the test) " +
            "and every SharedArray, SharedRing and EventGroup the test opened.", child);
        Await.until(WAIT, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the leaked backend to be killed");

        final String thread = failures.get("leavesAnInJvmBackendRunning()").getMessage();
        assertTrue(thread.startsWith("leavesAnInJvmBackendRunning() left Tandem processes or files behind:\n" +
            "  in-JVM backends still running:\n" +
            "    process 'leaky-thread' (thread tandem-backend-leaky-thread, "), thread);
        assertTrue(thread.contains("  runtime files still in the session directory " + NoLeftovers.sessionDir() + ":\n" +
            "    process 'leaky-thread': its queues, leaky-thread/\n"), thread);
        assertFalse(thread.contains("leaky-child"), "the first test's leftovers are blamed on it alone: " + thread);
    }

    @Test
    void aNegativeExitGraceIsRefused()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> TandemExtension.inJvm().exitGrace(Duration.ofMillis(-1)));
        assertTrue(refused.getMessage().contains("must not be negative"), refused.getMessage());
    }

    @Test
    void aTestThatFailsBeforeStartingAnythingFailsWithItsOwnExceptionAlone()
    {
        final Throwable failure = failures(run(FailsEarly.class)).get("throwsBeforeStartingAnything()");
        assertInstanceOf(IllegalStateException.class, failure);
        assertEquals("nothing started yet", failure.getMessage());
        assertEquals(0, failure.getSuppressed().length, "no leftover report, no NPE");
    }

    @Test
    void aTestThatFailsAndLeaksFailsWithItsOwnExceptionAndTheReportBesideIt()
    {
        final Throwable failure = failures(run(FailsAndLeaks.class)).get("leaksThenFails()");
        assertInstanceOf(IllegalArgumentException.class, failure);
        assertEquals(1, failure.getSuppressed().length, "the leftovers are reported beside the test's own failure");
        final String report = failure.getSuppressed()[0].getMessage();
        assertTrue(report.startsWith("leaksThenFails() left Tandem processes or files behind:\n"), report);
        assertTrue(report.contains("process 'half-done' (thread tandem-backend-half-done, "), report);
    }

    @Test
    void aBackendThatDiesFailsTheTestWithItsExitCodeAndWhatItMeans()
    {
        final Throwable failure = failures(run(Dies.class)).get("theBackendIsKilled()");
        final long pid = LEAKED_PID.get();
        assertInstanceOf(AssertionError.class, failure);
        assertInstanceOf(io.tandem.failure.BackendDiedException.class, failure.getCause(), "the original is the cause");
        assertEquals("BackendDiedException: backend of process 'doomed' exited with code 137 (killed by SIGKILL) " +
            "while waiting for a reply\n" +
            "  process 'doomed' (io.tandem.process.EchoProcess, child JVM pid " + pid + "): exited with code 137, killed by SIGKILL\n" +
            "  a signal ended it: the test (or the OOM killer) killed its JVM", failure.getMessage());
    }

    @Test
    void aCommandThatThrowsFailsTheTestNamingWhereInTheBackend()
    {
        final Throwable failure = failures(run(CommandFails.class)).get("theCommandThrows()");
        assertInstanceOf(io.tandem.failure.CommandFailedException.class, failure.getCause());
        final String message = failure.getMessage();
        assertTrue(message.startsWith("CommandFailedException: command 'fail' failed in process 'failing': " +
            "java.lang.IllegalStateException: deliberate\n" +
            "  process 'failing' (io.tandem.process.EchoProcess, in-JVM backend): running\n" +
            "  the command threw in the backend, at io.tandem.process.EchoProcess.fail(EchoProcess.java:"), message);
        assertTrue(message.endsWith("; the backend logged it (logger EchoProcess.failing) and goes on serving"), message);
    }

    @Test
    void aReplyThatNeverComesFailsTheTestSayingTheBackendIsAlive()
    {
        final Throwable failure = failures(run(TimesOut.class)).get("noReplyComes()");
        assertInstanceOf(io.tandem.failure.ReplyTimeoutException.class, failure.getCause());
        final String message = failure.getMessage();
        assertTrue(message.startsWith("ReplyTimeoutException: timed out after 200 ms"), message);
        assertTrue(message.contains("\n  process 'silent' (io.tandem.process.EchoProcess, child JVM pid " + LEAKED_PID.get() +
            "): running\n  the backend is alive but did not answer: a command is slow or stuck (jstack " + LEAKED_PID.get() +
            " shows where)"), message);
    }

    @Test
    void aProcessStartedInBeforeAllServesEveryTestAndOnlyWhatATestAddsIsBlamedOnIt()
    {
        final EngineExecutionResults results = run(Shared.class);
        final Map<String, Throwable> failures = failures(results);
        assertEquals(List.of("secondLeaksOneOfItsOwn()"), List.copyOf(failures.keySet()));
        final String report = failures.get("secondLeaksOneOfItsOwn()").getMessage();
        assertTrue(report.contains("process 'leaky-in-shared'"), report);
        assertFalse(report.contains("'shared'"), "the class's shared process is not the test's leak: " + report);
        assertEquals(0, results.containerEvents().failed().count(), "after the class: the shared process closed cleanly");
        final MessageProcess shared = STARTED.peek();
        assertFalse(shared.isAlive(), "closed after the last test");
        assertEquals(0, shared.exitCode().orElseThrow());
    }

    // ------------------------------------------------------------------------------- users' test classes

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class StartsInEachMode
    {
        @RegisterExtension
        final TandemExtension inJvm = TandemExtension.inJvm();
        @RegisterExtension
        final TandemExtension childJvm = TandemExtension.childJvm();

        @Test
        void inJvm()
        {
            STARTED.add(echoes(inJvm.start(new EchoProcess("in-jvm"))));
        }

        @Test
        void childJvm()
        {
            STARTED.add(echoes(childJvm.start(new EchoProcess("child-jvm"))));
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class UsesSpares
    {
        static final ProcessOptions OPTIONS = ProcessOptions.builder().lean().spares(1).build();

        @RegisterExtension
        final TandemExtension tandem = TandemExtension.childJvm();

        @Test
        void startsOnASpare()
        {
            MessageProcess.prepareSpares(OPTIONS);
            assertTrue(MessageProcess.awaitSpares(OPTIONS, Duration.ofSeconds(60)), "a spare to be warm");
            SPARE_PIDS.add(echoes(tandem.start(new EchoProcess("on-a-spare", OPTIONS))).pid());
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Leaking
    {
        @RegisterExtension
        final TandemExtension tandem = TandemExtension.childJvm().exitGrace(LEAK_GRACE);

        @Test
        @Order(1)
        void leavesAChildJvmRunning()
        {
            final EchoProcess p = new EchoProcess("leaky-child");
            LEAKED.add(p);
            p.start();
            p.awaitStarted(WAIT);
            LEAKED_PID.set(p.pid());
        }

        @Test
        @Order(2)
        void leavesAnInJvmBackendRunning()
        {
            final EchoProcess p = new EchoProcess("leaky-thread", ProcessOptions.builder().inJvm().build());
            LEAKED.add(p);
            p.start();
            p.awaitStarted(WAIT);
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class FailsEarly
    {
        @RegisterExtension
        final TandemExtension tandem = TandemExtension.childJvm();

        @Test
        void throwsBeforeStartingAnything()
        {
            throw new IllegalStateException("nothing started yet");
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class FailsAndLeaks
    {
        @RegisterExtension
        final TandemExtension tandem = TandemExtension.inJvm().exitGrace(LEAK_GRACE);

        @Test
        void leaksThenFails()
        {
            final EchoProcess p = new EchoProcess("half-done", ProcessOptions.builder().inJvm().build());
            LEAKED.add(p);
            p.start();
            throw new IllegalArgumentException("the test's own failure");
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class Dies
    {
        @RegisterExtension
        final TandemExtension tandem = TandemExtension.childJvm();

        @Test
        void theBackendIsKilled()
        {
            final EchoProcess p = tandem.start(new EchoProcess("doomed"));
            LEAKED_PID.set(p.pid());
            ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
            p.receive(WAIT);
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class CommandFails
    {
        @RegisterExtension
        final TandemExtension tandem = TandemExtension.inJvm();

        @Test
        void theCommandThrows()
        {
            final EchoProcess p = tandem.start(new EchoProcess("failing"));
            p.backend(EchoCommands.class).fail("deliberate");
            p.receive(WAIT);
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    static class TimesOut
    {
        @RegisterExtension
        final TandemExtension tandem = TandemExtension.childJvm();

        @Test
        void noReplyComes()
        {
            final EchoProcess p = tandem.start(new EchoProcess("silent"));
            LEAKED_PID.set(p.pid());
            p.receive(Duration.ofMillis(200));
        }
    }

    @EnabledIfSystemProperty(named = NESTED, matches = "true")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Shared
    {
        @RegisterExtension
        static final TandemExtension TANDEM = TandemExtension.inJvm().exitGrace(LEAK_GRACE);
        static EchoProcess shared;

        @BeforeAll
        static void start()
        {
            shared = TANDEM.start(new EchoProcess("shared"));
            STARTED.add(shared);
        }

        @Test
        @Order(1)
        void firstUsesIt()
        {
            echoes(shared);
        }

        @Test
        @Order(2)
        void secondLeaksOneOfItsOwn()
        {
            echoes(shared);
            final EchoProcess p = new EchoProcess("leaky-in-shared", ProcessOptions.builder().inJvm().build());
            LEAKED.add(p);
            p.start();
        }
    }

    // ------------------------------------------------------------------------------- helpers

    private static EchoProcess echoes(final EchoProcess p)
    {
        p.backend(EchoCommands.class).echo("hi");
        assertEquals("hi", p.receive(WAIT).get("text"));
        return p;
    }

    private static EngineExecutionResults run(final Class<?> testClass)
    {
        System.setProperty(NESTED, "true");
        try
        {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
        }
        finally
        {
            System.clearProperty(NESTED);
        }
    }

    /** @return each failed test's display name and what it failed with. */
    private static Map<String, Throwable> failures(final EngineExecutionResults results)
    {
        final Map<String, Throwable> failed = new java.util.LinkedHashMap<>();
        for (final Event event : results.testEvents().failed().list())
        {
            failed.put(event.getTestDescriptor().getDisplayName(),
                event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow());
        }
        return failed;
    }
}
