package io.tandem.backend;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.channel.BackendControl;
import io.tandem.channel.TieredReader;
import io.tandem.channel.WireError;
import io.tandem.channel.WireMessage;
import net.openhft.chronicle.bytes.Invocation;
import net.openhft.chronicle.bytes.MethodReaderInterceptorReturns;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.ValueIn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Reads the command queue and runs each command on the backend's process object, through a Chronicle
 * method reader. Every invocation passes through {@link #intercept}: a handler that throws, an unknown
 * command or arguments that do not fit are logged with the process name and answered with an error reply,
 * and the next command is served as usual.
 */
final class CommandDispatcher implements BackendControl, MethodReaderInterceptorReturns
{
    private final MessageProcess process;
    private final BackendContext context;
    private final MessageDispatch messages;
    private final TieredReader reader;
    private String current;

    CommandDispatcher(final ExcerptTailer tailer, final MessageProcess process, final BackendContext context)
    {
        this.process = process;
        this.context = context;
        this.messages = new MessageDispatch(process.getClass());
        this.reader = new TieredReader(tailer, this::unknownCommand, this, process, this);
    }

    /**
     * Runs up to {@code limit} waiting commands; stops early after a stop command.
     *
     * @return the number of commands run.
     */
    int poll(final int limit)
    {
        int count = 0;
        while (count < limit && !context.isStopRequested())
        {
            boolean read;
            try
            {
                read = reader.readOne();
            }
            catch (final Throwable t)
            {
                // Escaped the interceptor: the command could not be decoded (e.g. an argument's class is missing).
                failed(current == null ? "?" : current, 0, unwrap(t));
                current = null;
                read = true;
            }
            if (!read)
            {
                break;
            }
            count++;
        }
        return count;
    }

    @Override
    public Object intercept(final Method method, final Object target, final Object[] args, final Invocation invocation)
    {
        current = method.getName();
        try
        {
            return invocation.invoke(method, target, args);
        }
        catch (final Throwable t)
        {
            failed(method.getName(), 0, unwrap(t));
            return null;
        }
        finally
        {
            current = null;
        }
    }

    @Override
    public void tandemMessage(final WireMessage message)
    {
        final MessageObject m = message.toMessageObject();
        try
        {
            messages.invoke(process, m);
        }
        catch (final Throwable t)
        {
            failed(m.name(), 0, unwrap(t));
        }
    }

    @Override
    public void tandemStop()
    {
        context.requestStop();
    }

    private void unknownCommand(final CharSequence name, final ValueIn in)
    {
        in.skipValue();
        failed(name.toString(), 0, new IllegalArgumentException("unknown command '" + name + "' for " +
            process.getClass().getSimpleName() + ": it implements no command interface with that method"));
    }

    private void failed(final String command, final long correlationId, final Throwable error)
    {
        context.logger().error("command '{}' failed: {}", command, error.toString(), error);
        try
        {
            context.protocol().error(new WireError(command, correlationId, error));
        }
        catch (final RuntimeException ex)
        {
            context.logger().error("could not send the error reply for '{}': {}", command, ex.toString());
        }
    }

    private static Throwable unwrap(final Throwable t)
    {
        Throwable e = t;
        while ((e instanceof InvocationTargetException || e instanceof UndeclaredThrowableException ||
            e.getClass().getSimpleName().equals("InvocationTargetRuntimeException")) && e.getCause() != null)
        {
            e = e.getCause();
        }
        return e;
    }
}
