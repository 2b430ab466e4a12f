package io.tandem.channel;

/**
 * Tandem's own events on a reply queue, beside the user's reply interfaces. The {@code tandem} prefix is
 * reserved.
 */
public interface FrontendEvents
{
    /** The backend ran preRun and serves commands; {@code pid} is its process id. */
    void tandemStarted(long pid);

    /** A {@link io.tandem.MessageObject} reply (the tutorial's {@code send_out__}). */
    void tandemMessage(WireMessage message);

    /** A command failed in the backend; it keeps serving. A failed call carries its correlation id. */
    void tandemError(WireError error);

    /** What a call returned. */
    void tandemResult(WireResult result);
}
