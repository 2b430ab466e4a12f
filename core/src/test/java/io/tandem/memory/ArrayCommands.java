package io.tandem.memory;

/** Commands of {@link ArrayProcess}; each answers with one {@code sendOut} message named after it. */
public interface ArrayCommands
{
    /** Replies {@code inspect}: the constructor array's sum, whether the backend is its owner, its path. */
    void inspect();

    /** Sets element {@code (i, j)} of the constructor array; replies {@code setCell} with the value it replaced. */
    void setCell(long i, long j, double value);

    /** Attaches to an array the frontend made at run time; replies {@code attached} with its element 0 and owner flag. */
    void attachArray(String name, ElementType type, long[] shape);

    /** Fills an attached array with {@code value}; replies {@code filled} with the value element 0 had. */
    void fillArray(String name, double value);

    /** Creates an array in the backend (its server is then the backend), element i = i * 10; replies {@code created}. */
    void createArray(String name, ElementType type, long[] shape);

    /** Closes an array the backend holds; replies {@code closed} with whether the file still exists. */
    void closeArray(String name);

    /**
     * Attaches to a LONG array of {@code length} elements: sums elements {@code k * stride} (wrapping), reads the given probe indices, then writes
     * {@code ~mix(k)} at {@code k * stride + 1}; replies {@code checked} with the sum and the probe values.
     */
    void checkLarge(String name, long length, long stride, long[] probes);
}
