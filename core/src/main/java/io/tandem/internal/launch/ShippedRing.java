package io.tandem.internal.launch;

import io.tandem.ringbuffer.RingBuffer;

/**
 * A ring a process's shipped fields may hold (the memory package's {@code SharedRing}), as the frontend's link sees it:
 * a remote process's rings are mirrored on its node ({@link RemoteSpec.Ring}). An interface here, so the link does not
 * reach up into the memory package.
 */
public interface ShippedRing
{
    /** @return the ring's name in the session. */
    String name();

    /** @return the ring buffer. */
    RingBuffer ring();
}
