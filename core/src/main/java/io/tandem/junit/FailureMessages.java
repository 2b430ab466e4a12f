package io.tandem.junit;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.BackendDiedException;
import io.tandem.failure.BacklogFullException;
import io.tandem.failure.CommandFailedException;
import io.tandem.failure.ExitCodes;
import io.tandem.failure.FrontendGoneException;
import io.tandem.failure.MessageTooLargeException;
import io.tandem.failure.ReplyTimeoutException;
import io.tandem.failure.TandemException;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The text of a test failed by one of the failure contract's exceptions: what happened, the state of the process
 * it names (mode, pid, alive or its exit code and what that code means), and where to look next.
 */
final class FailureMessages
{
    private FailureMessages()
    {
    }

    /** @return the first {@link TandemException} in {@code failure}'s cause chain, or null. */
    static TandemException tandemCause(final Throwable failure)
    {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause())
        {
            if (t instanceof TandemException)
            {
                return (TandemException)t;
            }
        }
        return null;
    }

    /**
     * @param failure   what the test threw.
     * @param processes the processes the extension manages, by name.
     * @return the message of the assertion that replaces it.
     */
    static String describe(final TandemException failure, final Map<String, MessageProcess> processes)
    {
        final StringBuilder text = new StringBuilder();
        text.append(failure.getClass().getSimpleName()).append(": ").append(failure.getMessage());
        final String processName = processName(failure);
        final MessageProcess process = processName == null ? null : processes.get(processName);
        if (process != null)
        {
            text.append("\n  ").append(state(process));
        }
        final String hint = hint(failure, process);
        if (hint != null)
        {
            text.append("\n  ").append(hint);
        }
        return text.toString();
    }

    private static String processName(final TandemException failure)
    {
        if (failure instanceof BackendDiedException)
        {
            return ((BackendDiedException)failure).processName();
        }
        if (failure instanceof ReplyTimeoutException)
        {
            return ((ReplyTimeoutException)failure).processName();
        }
        if (failure instanceof CommandFailedException)
        {
            return ((CommandFailedException)failure).processName();
        }
        if (failure instanceof BacklogFullException)
        {
            return ((BacklogFullException)failure).processName();
        }
        if (failure instanceof MessageTooLargeException)
        {
            return ((MessageTooLargeException)failure).processName();
        }
        if (failure instanceof FrontendGoneException)
        {
            return ((FrontendGoneException)failure).processName();
        }
        return null;
    }

    /** @return e.g. "process 'echo' (com.acme.EchoProcess, child JVM pid 4242): exited with code 137, killed by SIGKILL". */
    static String state(final MessageProcess process)
    {
        final boolean inJvm = process.options().mode() == ProcessOptions.Mode.IN_JVM;
        final String where = process.pid() == 0 ? "not started" : (inJvm ? "in-JVM backend" : "child JVM pid " + process.pid());
        final OptionalInt exit = process.exitCode();
        final String now = process.isAlive() ? "running" : exit.isPresent() ?
            "exited with code " + exit.getAsInt() + ", " + ExitCodes.describe(exit.getAsInt()) : "not running";
        return "process '" + process.name() + "' (" + process.getClass().getName() + ", " + where + "): " + now;
    }

    private static String hint(final TandemException failure, final MessageProcess process)
    {
        final String logger = process == null ? "the process's logger" :
            "logger " + process.getClass().getSimpleName() + "." + process.name();
        if (failure instanceof BackendDiedException)
        {
            final int code = ((BackendDiedException)failure).exitCode();
            if (code == ExitCodes.BACKEND_FAILED || code == ExitCodes.START_FAILED)
            {
                return "its log (" + logger + ") above in the test's output has the exception that ended it " +
                    "(preRun, postRun or the start)";
            }
            if (code == ExitCodes.OUT_OF_MEMORY)
            {
                return "give it more heap: ProcessOptions.builder().jvmArgs(\"-Xmx...\")";
            }
            if (code > 128)
            {
                return "a signal ended it: the test (or the OOM killer) killed its JVM";
            }
            return "its log (" + logger + ") is above in the test's output";
        }
        if (failure instanceof ReplyTimeoutException)
        {
            if (process != null && process.isAlive() && process.options().mode() == ProcessOptions.Mode.CHILD_JVM)
            {
                return "the backend is alive but did not answer: a command is slow or stuck (jstack " + process.pid() +
                    " shows where), or nothing replies (a void command sends no reply unless it calls sendOut)";
            }
            return "the backend did not answer in time: a command is slow or stuck, or nothing replies (a void command " +
                "sends no reply unless it calls sendOut)";
        }
        if (failure instanceof CommandFailedException)
        {
            final StackTraceElement[] remote = failure.getCause() == null ? new StackTraceElement[0] :
                failure.getCause().getStackTrace();
            return "the command threw in the backend" + (remote.length > 0 ? ", at " + remote[0] : "") +
                "; the backend logged it (" + logger + ") and goes on serving";
        }
        if (failure instanceof BacklogFullException)
        {
            final BacklogFullException full = (BacklogFullException)failure;
            return "the " + full.direction().reader() + " does not read as fast as the " + full.direction().writer() +
                " writes (or is stuck): wait for replies before sending more, or raise ProcessOptions.builder().backlog(...)";
        }
        if (failure instanceof MessageTooLargeException)
        {
            return "send large data through a SharedArray and pass its name in the message";
        }
        return null;
    }
}
