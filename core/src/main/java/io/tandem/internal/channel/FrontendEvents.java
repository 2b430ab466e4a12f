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
    /** The id of the event that carries a call's value after {@link #tandemResult}. */
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

    /**
     * A call's answer: what call {@code correlationId} returned follows in the same document, as the event
     * {@link #VALUE_ID} ({@code tandemValue}) with the value self-describing. The handler reads that value itself,
     * from the document: it is not an event of this interface, because a Chronicle method reader hands each
     * {@code Object} argument to the next event of its kind to decode into (a list refilled, a map cleared), and a
     * call's result belongs to its caller for good.
     */
    @MethodId(RESULT_ID)
    void tandemResult(long correlationId);
}
