package io.tandem.dispatch;

import java.util.List;
import java.util.Map;

/** The commands of {@link KeptArgumentsTest}'s processes: handlers that keep what they are given. */
public interface Keeper
{
    /** Keeps {@code values} as it is, and sends it back as the typed reply {@link Kept#kept}. */
    void keep(List<Long> values);

    /** Keeps {@code counts} as it is. */
    void keepMap(Map<String, Long> counts);

    /** A call: the class of the frame that called the last {@code keep} handler (the reader, in a plain process). */
    String lastCaller();

    /**
     * A call: how many of the kept lists and maps no longer hold what they were sent with (list {@code i} held
     * {@code [i, -i]}, map {@code i} held {@code {n: i}}, counted from 0 in the order sent).
     */
    int damaged();

    /** A call: how many lists were kept. */
    int keptCount();
}
