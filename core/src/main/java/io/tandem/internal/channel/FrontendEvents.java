package io.tandem.internal.channel;

/**
 * Tandem's own events on a reply queue, beside the user's reply interfaces. The {@code tandem} prefix is
 * reserved.
 */
public interface FrontendEvents
{
    /** The backend ran preRun and serves commands; {@code pid} is its process id. */
    void tandemStarted(long pid);

    /** A {@code MessageObject} reply (the tutorial's {@code send_out__}). */
    void tandemMessage(WireMessage message);

    /** A command failed in the backend; it keeps serving. A failed call carries its correlation id. */
    void tandemError(WireError error);

    /** A call's answer follows in this document: {@link #tandemValue} is what call {@code correlationId} returned. */
    void tandemResult(long correlationId);

    /** What the call named by the {@link #tandemResult} before it returned. */
    void tandemValue(Object value);
}
