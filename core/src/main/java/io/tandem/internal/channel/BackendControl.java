package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.MethodId;

/**
 * Tandem's own events on a command queue, beside the user's command interfaces. The {@code tandem}
 * prefix is reserved: user command methods may not start with it.
 */
public interface BackendControl
{
    /** Runs the method named by the message (the tutorial's {@code sendMessageToBack}). */
    void tandemMessage(WireMessage message);

    /** Finish the commands before this one, run postRun, exit. */
    void tandemStop();

    /**
     * The next command in this document is a call: answer it with a result (or an error) carrying
     * {@code correlationId}.
     */
    @MethodId(FrontendEvents.CALL_ID)
    void tandemCall(long correlationId);
}
