package io.tandem.internal.launch;

import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A backend in a child JVM. Holding the write end of the child's stdin is the tether: when this JVM
 * dies, however it dies, the kernel closes it and the child reads end-of-file and exits.
 */
final class ChildJvmBackend implements BackendHandle
{
    private final Process process;
    @SuppressWarnings("unused") // held open: the tether (see class comment)
    private final OutputStream tether;
    /** Set by the JDK's process reaper the moment the child exits; cheaper than Process.isAlive() (a syscall). */
    private volatile boolean exited;

    ChildJvmBackend(final Process process)
    {
        this.process = process;
        this.tether = process.getOutputStream();
        process.onExit().thenRun(() -> exited = true);
    }

    @Override
    public long pid()
    {
        return process.pid();
    }

    @Override
    public boolean isAlive()
    {
        return !exited;
    }

    @Override
    public OptionalInt exitCode()
    {
        if (!exited && process.isAlive())
        {
            return OptionalInt.empty();
        }
        exited = true;
        return OptionalInt.of(process.exitValue());
    }

    @Override
    public boolean awaitExit(final Duration timeout) throws InterruptedException
    {
        if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
        {
            exited = true;
            return true;
        }
        return false;
    }

    @Override
    public void destroy()
    {
        process.destroy();
    }

    @Override
    public void destroyForcibly()
    {
        process.destroyForcibly();
    }

    @Override
    public void onExit(final Runnable action)
    {
        process.onExit().thenRun(() ->
        {
            exited = true; // before the action, which may ask for the exit code
            action.run();
        });
    }

    @Override
    public String toString()
    {
        return "child JVM " + process.pid();
    }
}
