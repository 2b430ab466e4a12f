package io.tandem.internal.channel;

/**
 * Decides whether a send to the other side of a process may go ahead: a frontend does not send to a backend
 * known dead, a backend does not send to a frontend that is gone. Asked before every send (cheap: a field
 * or two) and on every pass of a wait for room in a full backlog.
 */
@FunctionalInterface
public interface SendGate
{
    /** Lets every send through. */
    SendGate OPEN = waiting -> null;

    /**
     * @param waiting true while the sender waits for room in a full backlog: a reader that will never read
     *                again (a closing frontend, say) may be given up on then, though a send with room would
     *                still be taken.
     * @return null if the send may go ahead, else the exception it fails with.
     */
    RuntimeException refusal(boolean waiting);
}
