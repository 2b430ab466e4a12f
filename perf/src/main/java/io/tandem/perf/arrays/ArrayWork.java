package io.tandem.perf.arrays;

import io.tandem.memory.ElementType;

/** Commands of {@link ArrayReader}, the backend side of the arrays benchmark. Each answers with one message. */
public interface ArrayWork
{
    /** Attaches to an array as a client; replies {@code attached}. */
    void attach(String name, ElementType type, long[] shape);

    /** Closes the client of {@code name}; replies {@code detached}. */
    void detach(String name);

    /** Does nothing; replies {@code noop} (the command round trip that {@code attach} is measured beside). */
    void noop();

    /**
     * Sums every element of the attached LONG array {@code name}, {@code passes} times, each pass timed in the
     * backend; replies {@code summed} with {@code sum} and {@code passNs}.
     */
    void sumLongs(String name, int passes);
}
