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

    /**
     * Copies the attached LONG array {@code name} into the backend's private off-heap memory (replacing an earlier
     * copy), writing every page of it; replies {@code copied}.
     */
    void copyPrivately(String name);

    /** {@link #sumLongs} over the private copy: the same loop, private pages; replies {@code summed}. */
    void sumPrivateLongs(int passes);

    /** Frees the private copy; replies {@code freed}. */
    void freePrivateCopy();

    /**
     * Reads one long of each page of the attached array {@code name}, timed in the backend: right after an attach,
     * the page faults that map the array into this process; replies {@code touched} with {@code ns} and {@code sum}.
     */
    void touchPages(String name);

    /**
     * Maps the whole file {@code path} read-write with a bare {@code FileChannel.map}, as a program without Tandem
     * would share memory; replies {@code mapped}.
     */
    void mapFile(String path);

    /** {@link #touchPages} over the file {@link #mapFile} mapped; replies {@code touched} with {@code ns} and {@code sum}. */
    void touchMappedPages();

    /** Unmaps the file {@link #mapFile} mapped; replies {@code unmapped}. */
    void unmapFile();
}
