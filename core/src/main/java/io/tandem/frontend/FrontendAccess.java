package io.tandem.frontend;

import io.tandem.MessageProcess;

/**
 * The bridge from Tandem's own packages (the manager's poller) to a process's current {@link FrontendLink},
 * which is not public API. {@code MessageProcess} installs the one implementation when its class
 * initialises. Internal.
 */
public final class FrontendAccess
{
    /** What the manager may ask of a process. */
    public interface Access
    {
        /** @return the process's current link, or null before start / after close. */
        FrontendLink link(MessageProcess process);
    }

    private static volatile Access access;

    private FrontendAccess()
    {
    }

    /** Called once by {@code MessageProcess}'s static initialiser. */
    public static void install(final Access a)
    {
        access = a;
    }

    /** @return the process's current link, or null before start / after close. */
    public static FrontendLink link(final MessageProcess process)
    {
        return access.link(process);
    }
}
