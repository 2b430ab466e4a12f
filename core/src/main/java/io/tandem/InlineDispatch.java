package io.tandem;

import net.openhft.chronicle.core.annotation.DontChain;

/**
 * How a backend's generated command reader runs a command without reflection: the code Tandem adds around each
 * call in the reader Chronicle generates (see {@code CommandDispatcher}) asks {@link #runsInline} first, and then
 * either calls the process's method directly, with its decoded arguments as they are (no boxing, no
 * {@code Method.invoke}), or hands the command to {@link #dispatch}, the path every command took before the reader
 * was generated. A call (a method with a result) asks {@link #callsInline} and hands its result to {@link #answer}.
 * Not for users: only generated readers call it.
 *
 * <pre>{@code
 * // inside the generated reader, for void ping(long)
 * if (((InlineDispatch) instance1).runsInline("ping")) {
 *     ((Ping) instance0).ping(pingarg0);
 * } else {
 *     ((InlineDispatch) instance1).dispatch("ping", new Object[] {pingarg0});
 * }
 * }</pre>
 * {@link DontChain}: the object that implements it is a handler of the command reader, and Chronicle would
 * otherwise make these methods events that a queue could carry.
 */
@DontChain
public interface InlineDispatch
{
    /**
     * @param command the command's name, for the error report if it throws.
     * @return true if the command may run directly on the loop thread: a plain command (not a call, whose result
     * must be sent) of a process that runs its handlers there. A handler that then throws is reported by the loop
     * exactly as one run through {@link #dispatch}.
     */
    boolean runsInline(String command);

    /**
     * @param command the method's name, for the error report if it throws.
     * @return true if a method with a result may run directly on the loop thread: it is a call (its result is
     * wanted) of a process that runs its handlers there. The reader then hands the result to {@link #answer}.
     */
    boolean callsInline(String command);

    /** Answers the call {@link #callsInline} let run, with what its method returned (a future: once complete). */
    void answer(Object result);

    /**
     * Runs a command the reflective way: on the process's executor, or as a call answered with its result.
     *
     * @param command the command's name (the event's: a reader knows a method by its name).
     * @param args    its decoded arguments.
     */
    void dispatch(String command, Object[] args);
}
