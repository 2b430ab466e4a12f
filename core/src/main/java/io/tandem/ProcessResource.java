package io.tandem;

/**
 * A shared resource that travels with a process: held in a (non-transient) field of a
 * {@link MessageProcess}, it ships to the backend as its name and re-attaches there (it is a Chronicle
 * Wire {@code Marshallable}). When the process starts, the frontend's resource is bound to the backend,
 * so waits on it fail at once if the backend dies; when the process closes, its resources close with it
 * (on both sides).
 *
 * <p>{@link io.tandem.sync.EventGroup} and {@link io.tandem.memory.SharedArray} are such resources.
 */
public interface ProcessResource extends AutoCloseable
{
    /** Called in the frontend when the process holding this resource has started its backend. */
    default void bind(final BackendBinding backend)
    {
    }

    /** Releases the resource; never throws. */
    @Override
    void close();
}
