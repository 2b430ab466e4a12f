package io.tandem;

import io.tandem.internal.channel.BackendControl;
import io.tandem.internal.channel.TieredReader;
import io.tandem.internal.channel.WireError;
import io.tandem.internal.channel.WireMessage;
import io.tandem.failure.BacklogFullException;
import io.tandem.failure.Direction;
import io.tandem.failure.FrontendGoneException;
import net.openhft.chronicle.bytes.Invocation;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.GeneratingMethodReaderInterceptorReturns;
import net.openhft.chronicle.wire.MarshallableIn;
import net.openhft.chronicle.wire.ValueIn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads the command queue and runs each command on the backend's process object, through a Chronicle
 * method reader. Every invocation passes through {@link #intercept}: a handler that throws, an unknown
 * command or arguments that do not fit are logged with the process name and answered with an error reply,
 * and the next command is served as usual. A call ({@code tandemCall: id} before the command) is answered
 * with its result, also when the handler returns a {@link CompletionStage} that completes later.
 *
 * <p>With an executor (an async process), handlers run on it, concurrently; without, on the loop thread,
 * one at a time.
 *
 * <p>Once Chronicle has generated the reader (see {@code Codegen}), a plain command of a process without an
 * executor runs inline: the generated reader calls the handler directly with its decoded arguments, as a bare
 * Chronicle method reader would, and a handler that throws comes out of {@link #poll} to the same report. The
 * code around each call is Tandem's ({@link #codeBeforeCall}, {@link #codeAfterCall}); calls and async processes
 * take the intercepted path there too, through {@link #dispatch}.
 */
final class CommandDispatcher implements GeneratingMethodReaderInterceptorReturns
{
    /**
     * The generated reader's field holding this dispatcher: Chronicle names the handlers' fields {@code instance0},
     * {@code instance1}, ... in the order given, and the reader is given (process, {@link Control}). Were the naming to
     * change, the added code would not compile and Chronicle would fall back to {@link #intercept}, slower but
     * correct; {@code InlineDispatchTest} would say so.
     */
    private static final String DISPATCHER_FIELD = "instance1";

    private final Object process;
    private final BackendContext context;
    private final MessageDispatch messages;
    private final TieredReader reader;
    private final ExecutorService executor;
    /** The command queue's directory, looked at when a read fails. */
    private final java.nio.file.Path commandDir;
    /** The damaged file of the command queue and what is wrong with it, once a read failed on it; else null. */
    private String[] queueDamage;
    private String current;
    /** The call the next command answers, 0 for a plain command. Loop thread only. */
    private long pendingCall;

    CommandDispatcher(final MarshallableIn commands, final java.nio.file.Path commandDir, final Object process,
        final BackendContext context, final ExecutorService executor)
    {
        this.commandDir = commandDir;
        this.process = process;
        this.context = context;
        this.executor = executor;
        this.messages = new MessageDispatch(process.getClass());
        this.reader = new TieredReader(commands, this::unknownCommand, this, process, new Control());
    }

    /**
     * Runs up to {@code limit} waiting commands; stops early after a stop command.
     *
     * @return the number of commands read.
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
                // Escaped the interceptor: the command could not be decoded (e.g. an argument's class is missing),
                // or Chronicle failed on a damaged file (a SIGBUS on a file cut short, a header of garbage).
                final String[] damaged = io.tandem.internal.channel.QueueDamage.inFiles(commandDir);
                if (damaged != null)
                {
                    queueDamage = damaged;
                    context.logger().debug("reading the command queue failed: {}", t.toString(), t);
                    current = null;
                    pendingCall = 0;
                    break;
                }
                failed(current == null ? "?" : current, takeCall(), unwrap(t));
                read = true;
            }
            current = null;
            pendingCall = 0;
            if (!read)
            {
                break;
            }
            context.commandRun();
            count++;
        }
        return count;
    }

    /** @return the damaged command queue file and what is wrong with it, once a read failed on it; else null. */
    String[] queueDamage()
    {
        return queueDamage;
    }

    /** Waits for handlers still running on the executor (an async process) before postRun. */
    void drain(final long timeoutMillis)
    {
        if (executor != null)
        {
            executor.shutdown();
            try
            {
                if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS))
                {
                    context.logger().warn("{} handlers still running after {} ms; postRun goes ahead",
                        executor.shutdownNow().size(), timeoutMillis);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Object intercept(final Method method, final Object target, final Object[] args, final Invocation invocation)
    {
        if (method.getDeclaringClass() == BackendControl.class)
        {
            if (args.length == 1 && args[0] instanceof Long && method.getName().equals("tandemCall"))
            {
                pendingCall = (Long)args[0]; // on every call's path: no need for a reflective invocation
                return null;
            }
            return invokeControl(method, target, args, invocation);
        }
        runCommand(method.getName(), () -> invocation.invoke(method, target, args));
        return null;
    }

    /** Runs the command {@code command} with what call it answers (if any) as the intercepted path does. */
    private void runCommand(final String command, final Handler handler)
    {
        final long call = takeCall();
        current = command;
        run(command, call, handler);
    }

    /**
     * See {@link InlineDispatch#runsInline} ({@code call} false) and {@link InlineDispatch#callsInline} (true): the
     * handler may run on the loop thread, called by the generated reader, when the process has no executor and
     * the document is a call exactly when the method has a result to answer.
     */
    private boolean inline(final String command, final boolean call)
    {
        current = command;
        return executor == null && (pendingCall != 0) == call;
    }

    /** See {@link InlineDispatch#answer}. */
    private void answer(final Object result)
    {
        deliver(current, takeCall(), result);
    }

    /** See {@link InlineDispatch#dispatch}: the method is found by name, as Chronicle's reader found it. */
    private void dispatch(final String command, final Object[] args)
    {
        final Method method = messages.method(command);
        runCommand(command, () -> method.invoke(process, args));
    }

    @Override
    public String generatorId()
    {
        return "tandemInline";
    }

    @Override
    public String codeBeforeCall(final Method method, final String objectName, final String[] argumentNames)
    {
        if (method.getDeclaringClass() == BackendControl.class)
        {
            return ""; // Tandem's own events: called directly
        }
        if (method.getReturnType() == DocumentContext.class)
        {
            return "if (false) {"; // Chronicle copies the rest of the document into such a result: the intercepted path
        }
        if (method.getReturnType() != void.class)
        {
            // a call: its result is assigned by the statement that follows (the call itself) and answered after it
            return "if (((" + InlineDispatch.class.getName() + ") " + DISPATCHER_FIELD + ").callsInline(\"" +
                method.getName() + "\")) {\nfinal Object tandemResult =";
        }
        return "if (((" + InlineDispatch.class.getName() + ") " + DISPATCHER_FIELD + ").runsInline(\"" + method.getName() +
            "\")) {";
    }

    @Override
    public String codeAfterCall(final Method method, final String objectName, final String[] argumentNames)
    {
        if (method.getDeclaringClass() == BackendControl.class)
        {
            return "";
        }
        // A method returning an interface is one Chronicle chains events onto: its result, as the interceptor's, is null.
        final Class<?> returns = method.getReturnType();
        final boolean chained = returns == DocumentContext.class || returns.isInterface() && !Jvm.dontChain(returns);
        final String forgetChained = chained ? "chainedCallReturnResult = null;\n" : "";
        final String answer = returns == void.class || returns == DocumentContext.class ? "" :
            "((" + InlineDispatch.class.getName() + ") " + DISPATCHER_FIELD + ").answer(tandemResult);\n" + forgetChained;
        // Each '}' opens its line: Chronicle's source formatter cuts a line back to its start where it meets one.
        return answer + "}\nelse {\n((" + InlineDispatch.class.getName() + ") " + DISPATCHER_FIELD + ").dispatch(\"" +
            method.getName() + "\", new Object[] {" + String.join(", ", argumentNames) + "\n});\n" + forgetChained + "}";
    }

    private void tandemMessage(final WireMessage message)
    {
        final MessageObject m = MessageObject.of(message.name(), message.parameters());
        final long call = takeCall();
        current = m.name();
        run(m.name(), call, () -> messages.invoke(process, m));
    }

    private void tandemStop()
    {
        context.requestStop();
    }

    private void tandemCall(final long correlationId)
    {
        pendingCall = correlationId;
    }

    /** A handler invocation that may throw anything. */
    @FunctionalInterface
    private interface Handler
    {
        Object invoke() throws Throwable;
    }

    private void run(final String command, final long call, final Handler handler)
    {
        if (executor == null)
        {
            runNow(command, call, handler);
            return;
        }
        try
        {
            executor.execute(() -> runNow(command, call, handler));
        }
        catch (final RejectedExecutionException ex)
        {
            failed(command, call, new IllegalStateException("the backend is stopping; command not run", ex));
        }
    }

    private void runNow(final String command, final long call, final Handler handler)
    {
        final Object result;
        try
        {
            result = handler.invoke();
        }
        catch (final Throwable t)
        {
            failed(command, call, unwrap(t));
            return;
        }
        deliver(command, call, result);
    }

    /** Answers a call with what its handler returned: at once, or when a returned future completes. */
    private void deliver(final String command, final long call, final Object result)
    {
        if (result instanceof CompletionStage)
        {
            ((CompletionStage<?>)result).whenComplete((value, error) ->
            {
                if (error != null)
                {
                    failed(command, call, unwrap(error));
                }
                else
                {
                    answer(command, call, value);
                }
            });
        }
        else
        {
            answer(command, call, result);
        }
    }

    private void answer(final String command, final long call, final Object value)
    {
        if (call == 0)
        {
            return;
        }
        try
        {
            context.protocol().result(call, value);
        }
        catch (final RuntimeException ex)
        {
            failed(command, call, new IllegalStateException("the result of '" + command + "' (" +
                (value == null ? "null" : value.getClass().getName()) + ") cannot be sent: " + ex, ex));
        }
    }

    private Object invokeControl(final Method method, final Object target, final Object[] args, final Invocation invocation)
    {
        try
        {
            return invocation.invoke(method, target, args);
        }
        catch (final Throwable t)
        {
            failed(method.getName(), takeCall(), unwrap(t));
            return null;
        }
    }

    private long takeCall()
    {
        final long call = pendingCall;
        pendingCall = 0;
        return call;
    }

    private void unknownCommand(final CharSequence name, final ValueIn in)
    {
        in.skipValue();
        failed(name.toString(), takeCall(), new IllegalArgumentException("unknown command '" + name + "' for " +
            process.getClass().getSimpleName() + ": it implements no command interface with that method"));
    }

    private void failed(final String command, final long correlationId, final Throwable error)
    {
        if (error instanceof FrontendGoneException)
        {
            context.logger().warn("command '{}' stopped: {}", command, error.getMessage());
            return; // nobody to tell
        }
        context.logger().error("command '{}' failed: {}", command, error.toString(), error);
        if (error instanceof BacklogFullException && ((BacklogFullException)error).direction() == Direction.REPLIES)
        {
            return; // the error reply would wait for the same room
        }
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
            e instanceof CompletionException ||
            e.getClass().getSimpleName().equals("InvocationTargetRuntimeException")) && e.getCause() != null)
        {
            e = e.getCause();
        }
        return e;
    }

    /**
     * The backend's handler of Tandem's own events, and what the generated reader asks whether a command runs
     * inline. A handler of its own, not the dispatcher: Chronicle makes every method of a handler's interfaces an
     * event, and the dispatcher's interceptor methods must not be commands anyone could send.
     */
    private final class Control implements BackendControl, InlineDispatch
    {
        @Override
        public void tandemMessage(final WireMessage message)
        {
            CommandDispatcher.this.tandemMessage(message);
        }

        @Override
        public void tandemStop()
        {
            CommandDispatcher.this.tandemStop();
        }

        @Override
        public void tandemCall(final long correlationId)
        {
            CommandDispatcher.this.tandemCall(correlationId);
        }

        @Override
        public boolean runsInline(final String command)
        {
            return inline(command, false);
        }

        @Override
        public void dispatch(final String command, final Object[] args)
        {
            CommandDispatcher.this.dispatch(command, args);
        }

        @Override
        public boolean callsInline(final String command)
        {
            return inline(command, true);
        }

        @Override
        public void answer(final Object result)
        {
            CommandDispatcher.this.answer(result);
        }
    }
}
