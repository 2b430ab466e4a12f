package io.tandem.dispatch;

import io.tandem.AsyncMessageProcess;
import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** A process of {@link InlineDispatchTest}: its handlers say who called them. */
public class InlineProcess extends MessageProcess implements InlineCommands
{
    public InlineProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public void whoCalls()
    {
        sendOut(new MessageObject("caller", "frame", Callers.handlerCaller()));
    }

    @Override
    public void fail(final String why)
    {
        throw new IllegalStateException(why);
    }

    @Override
    public void sum(final long a, final int b, final double c)
    {
        sendOut(new MessageObject("sum", "value", a + b + c));
    }

    @Override
    public long twice(final long x)
    {
        return 2 * x;
    }

    @Override
    public String callerOfCall()
    {
        return Callers.handlerCaller();
    }

    @Override
    public long failingCall(final String why)
    {
        throw new IllegalArgumentException(why);
    }

    /** The same commands on an async process: its handlers run on its executor, never inline. */
    public static class Async extends AsyncMessageProcess implements InlineCommands
    {
        public Async(final String name, final ProcessOptions options)
        {
            super(name, options);
        }

        @Override
        public void whoCalls()
        {
            sendOut(new MessageObject("caller", "frame", Callers.handlerCaller()));
        }

        @Override
        public void fail(final String why)
        {
            throw new IllegalStateException(why);
        }

        @Override
        public void sum(final long a, final int b, final double c)
        {
            sendOut(new MessageObject("sum", "value", a + b + c));
        }

        @Override
        public long twice(final long x)
        {
            return 2 * x;
        }

        @Override
        public String callerOfCall()
        {
            return Callers.handlerCaller();
        }

        @Override
        public long failingCall(final String why)
        {
            throw new IllegalArgumentException(why);
        }
    }

    /** Finds the frame that called a handler. */
    static final class Callers
    {
        private Callers()
        {
        }

        /**
         * @return the class of the first frame below the handler that is not this class's own code (the generated
         * reader's name also begins with the process class's, so classes are compared whole).
         */
        static String handlerCaller()
        {
            return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> !name.equals(InlineProcess.class.getName()) && !name.equals(Async.class.getName()) &&
                    !name.equals(Callers.class.getName()))
                .findFirst()
                .orElse("?"));
        }
    }
}
