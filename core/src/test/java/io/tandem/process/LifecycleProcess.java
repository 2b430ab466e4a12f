package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records its lifecycle in a journal file (one line per hook, with the pid), can fail in preRun, and
 * does work of its own between commands: a tick every {@code tickMillis}.
 */
public class LifecycleProcess extends MessageProcess implements LifecycleCommands
{
    private final String journal;
    private final boolean failInPreRun;
    private final long tickMillis;
    private transient long nextTick;
    private transient int ticks;

    public LifecycleProcess(final String name, final ProcessOptions options, final Path journal,
        final boolean failInPreRun, final long tickMillis)
    {
        super(name, options);
        this.journal = journal.toString();
        this.failInPreRun = failInPreRun;
        this.tickMillis = tickMillis;
    }

    @Override
    protected void preRun()
    {
        record("preRun");
        if (failInPreRun)
        {
            throw new IllegalStateException("cannot open the camera");
        }
    }

    @Override
    protected void postRun()
    {
        record("postRun");
    }

    @Override
    protected int betweenCommands()
    {
        if (tickMillis <= 0)
        {
            return 0;
        }
        final long now = System.currentTimeMillis();
        if (now < nextTick)
        {
            return 0;
        }
        nextTick = now + tickMillis;
        sendOut(new MessageObject("tick", "n", ++ticks));
        return 1;
    }

    @Override
    public void hello()
    {
        record("hello");
        sendOut(new MessageObject("hello", "ticks", ticks));
    }

    @Override
    public void stopYourself()
    {
        requestBackendStop();
    }

    private void record(final String event)
    {
        try
        {
            Files.writeString(Path.of(journal), event + " " + ProcessHandle.current().pid() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
