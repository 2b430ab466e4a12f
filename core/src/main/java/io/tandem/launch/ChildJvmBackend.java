package io.tandem.launch;

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

    ChildJvmBackend(final Process process)
    {
        this.process = process;
        this.tether = process.getOutputStream();
    }

    @Override
    public long pid()
    {
        return process.pid();
    }

    @Override
    public boolean isAlive()
    {
        return process.isAlive();
    }

    @Override
    public OptionalInt exitCode()
    {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    @Override
    public boolean awaitExit(final Duration timeout) throws InterruptedException
    {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
        process.onExit().thenRun(action);
    }


    @Override
    public String toString()
    {
        return "child JVM " + process.pid();
    }
}
