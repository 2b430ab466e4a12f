package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.MethodId;

/**
 * Tandem's own events on a reply queue, beside the user's reply interfaces. The {@code tandem} prefix is
 * reserved, and so are the method ids from {@link #RESERVED_METHOD_IDS} on: the events on every call's path travel
 * as numbers, which a generated reader switches on, not as names it reads into a string and compares.
 */
public interface FrontendEvents
{
    /** The first of the method ids Tandem's own events take (user interfaces may use ids below it). */
    int RESERVED_METHOD_IDS = 0x7D00_0000;
    /** {@link #tandemResult}'s id. */
    int RESULT_ID = RESERVED_METHOD_IDS + 1;
    /** {@link #tandemValue}'s id. */
    int VALUE_ID = RESERVED_METHOD_IDS + 2;
    /** {@link BackendControl#tandemCall}'s id. */
    int CALL_ID = RESERVED_METHOD_IDS + 3;

    /**
     * Puts the names back in a document printed as YAML, where an event written by id shows as its number (quoted),
     * for {@code tandem dump}.
     */
    static String withEventNames(final String yaml)
    {
        return yaml.replaceAll("(?m)^(\\s*)\"?" + RESULT_ID + "\"?:", "$1tandemResult:")
            .replaceAll("(?m)^(\\s*)\"?" + VALUE_ID + "\"?:", "$1tandemValue:")
            .replaceAll("(?m)^(\\s*)\"?" + CALL_ID + "\"?:", "$1tandemCall:");
    }

    /** The backend ran preRun and serves commands; {@code pid} is its process id. */
    void tandemStarted(long pid);

    /** A {@code MessageObject} reply (the tutorial's {@code send_out__}). */
    void tandemMessage(WireMessage message);

    /** A command failed in the backend; it keeps serving. A failed call carries its correlation id. */
    void tandemError(WireError error);

    /** A call's answer follows in this document: {@link #tandemValue} is what call {@code correlationId} returned. */
    @MethodId(RESULT_ID)
    void tandemResult(long correlationId);

    /** What the call named by the {@link #tandemResult} before it returned. */
    @MethodId(VALUE_ID)
    void tandemValue(Object value);
}
