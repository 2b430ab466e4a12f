package io.tandem.backend;

import io.tandem.MessageProcess;

/**
 * The bridge from the backend runtime to the protected side of {@link MessageProcess} (its lifecycle hooks
 * and backend context), which users must not call. {@code MessageProcess} installs the one implementation
 * when its class initialises. Internal.
 */
public final class ProcessHooks
{
    /** What the backend runtime may do to a process. */
    public interface Access
    {
        void attachBackend(MessageProcess process, BackendContext context);

        void preRun(MessageProcess process) throws Exception;

        void postRun(MessageProcess process) throws Exception;

        int betweenCommands(MessageProcess process) throws Exception;

        /** @return where command handlers run: null for the loop thread (one at a time). */
        java.util.concurrent.ExecutorService commandExecutor(MessageProcess process);
    }

    private static volatile Access access;

    private ProcessHooks()
    {
    }

    /** Called once by {@code MessageProcess}'s static initialiser. */
    public static void install(final Access hooks)
    {
        access = hooks;
    }

    static Access access()
    {
        Access a = access;
        if (a == null)
        {
            try
            {
                Class.forName(MessageProcess.class.getName(), true, MessageProcess.class.getClassLoader());
            }
            catch (final ClassNotFoundException ex)
            {
                throw new IllegalStateException(ex);
            }
            a = access;
        }
        return a;
    }
}
