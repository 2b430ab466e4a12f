package io.tandem.spare;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Records preRun and postRun (with its pid) in a journal file and answers {@link SpareProbeCommands}. */
public class SpareProbeProcess extends MessageProcess implements SpareProbeCommands
{
    private final String greeting;
    private final String journal;

    public SpareProbeProcess(final String name, final ProcessOptions options, final Path journal)
    {
        super(name, options);
        this.greeting = "shipped to " + name;
        this.journal = journal.toString();
    }

    @Override
    protected void preRun()
    {
        record("preRun");
    }

    @Override
    protected void postRun()
    {
        record("postRun");
    }

    @Override
    public String greeting()
    {
        return greeting;
    }

    @Override
    public long backendPid()
    {
        return ProcessHandle.current().pid();
    }

    @Override
    public String property(final String key)
    {
        return System.getProperty(key, "(unset)");
    }

    @Override
    public String log(final String text)
    {
        logger().info(text);
        return text;
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
