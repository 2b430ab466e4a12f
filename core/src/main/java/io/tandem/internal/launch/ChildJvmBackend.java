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
    /** Held open: the tether (see class comment); a spare's claim is written on it (see {@link SparePool}). */
    private final OutputStream tether;
    /** Set by the JDK's process reaper the moment the child exits; cheaper than Process.isAlive() (a syscall). */
    private volatile boolean exited;

    ChildJvmBackend(final Process process)
    {
        this.process = process;
        this.tether = process.getOutputStream();
        process.onExit().thenRun(() -> exited = true);
    }

    /**
     * Writes {@code line} and a newline on the child's stdin (a spare's claim), flushed.
     *
     * @return false if the child's end is closed (it died).
     */
    boolean writeLine(final String line)
    {
        try
        {
            tether.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tether.flush();
            return true;
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    /** Closes the child's stdin: a spare reads end-of-file before any claim and exits. */
    void closeTether()
    {
        try
        {
            tether.close();
        }
        catch (final java.io.IOException ignored)
        {
            // already closed: the child is gone
        }
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
