package io.tandem.internal.channel;

import io.tandem.failure.CommandFailedException;
import io.tandem.failure.RemoteException;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.util.ArrayList;
import java.util.List;

/**
 * An error reply: which command failed and the backend's exception (type, message, stack trace, causes),
 * carried as text so the frontend needs none of the backend's exception classes.
 */
public final class WireError implements Marshallable
{
    private static final int MAX_CAUSES = 8;

    private String command;
    private long correlationId;
    private final List<String> types = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<List<String>> frames = new ArrayList<>();

    public WireError()
    {
    }

    /**
     * @param command       the command that failed.
     * @param correlationId the call it answers, 0 for a plain command.
     * @param error         what the backend threw.
     */
    public WireError(final String command, final long correlationId, final Throwable error)
    {
        this.command = command;
        this.correlationId = correlationId;
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause())
        {
            types.add(t.getClass().getName());
            messages.add(t.getMessage());
            final List<String> stack = new ArrayList<>();
            for (final StackTraceElement e : t.getStackTrace())
            {
                stack.add(e.getClassName() + '|' + e.getMethodName() + '|' + (e.getFileName() == null ? "" : e.getFileName()) +
                    '|' + e.getLineNumber());
            }
            frames.add(stack);
        }
    }

    public String command()
    {
        return command;
    }

    public long correlationId()
    {
        return correlationId;
    }

    /** @return the failure as the frontend throws it. */
    public CommandFailedException toException(final String processName)
    {
        RemoteException cause = null;
        for (int i = types.size() - 1; i >= 0; i--)
        {
            cause = new RemoteException(types.get(i), messages.get(i), stackTrace(frames.get(i)), cause);
        }
        final String type = types.isEmpty() ? "unknown" : types.get(0);
        final String message = messages.isEmpty() ? null : messages.get(0);
        return new CommandFailedException(processName, command, type, message, cause);
    }

    private static StackTraceElement[] stackTrace(final List<String> lines)
    {
        final StackTraceElement[] trace = new StackTraceElement[lines.size()];
        for (int i = 0; i < trace.length; i++)
        {
            final String[] parts = lines.get(i).split("\\|", -1);
            int line = -1;
            try
            {
                line = Integer.parseInt(parts[3]);
            }
            catch (final RuntimeException ignored)
            {
                // keep -1: unknown line
            }
            trace[i] = new StackTraceElement(parts[0], parts.length > 1 ? parts[1] : "?",
                parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null, line);
        }
        return trace;
    }

    @Override
    public void writeMarshallable(final WireOut wire)
    {
        wire.write("command").text(command);
        wire.write("correlationId").int64(correlationId);
        wire.write("types").sequence(types, (list, out) -> list.forEach(out::text));
        wire.write("messages").sequence(messages, (list, out) -> list.forEach(out::text));
        wire.write("frames").sequence(frames, (list, out) ->
        {
            for (final List<String> stack : list)
            {
                out.sequence(stack, (s, o) -> s.forEach(o::text));
            }
        });
    }

    @Override
    public void readMarshallable(final WireIn wire)
    {
        command = wire.read("command").text();
        correlationId = wire.read("correlationId").int64();
        types.clear();
        messages.clear();
        frames.clear();
        wire.read("types").sequence(types, (list, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                list.add(in.text());
            }
        });
        wire.read("messages").sequence(messages, (list, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                list.add(in.text());
            }
        });
        wire.read("frames").sequence(frames, (list, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                final List<String> stack = new ArrayList<>();
                in.sequence(stack, (s, i) ->
                {
                    while (i.hasNextSequenceItem())
                    {
                        s.add(i.text());
                    }
                });
                list.add(stack);
            }
        });
    }

    @Override
    public String toString()
    {
        return "WireError{" + command + ": " + (types.isEmpty() ? "?" : types.get(0)) + ": " +
            (messages.isEmpty() ? "" : messages.get(0)) + '}';
    }
}
