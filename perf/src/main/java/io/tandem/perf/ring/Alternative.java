package io.tandem.perf.ring;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the things the window harness of {@link RingBenchmark} measures in turn with the same processes: a Tandem
 * ring, an Agrona ring read with a given limit, the Tandem ring that two more consumers share, or the copy that
 * bounds them. On the peers' command lines it is {@code name=path} ({@code memcpy} has no file).
 *
 * <pre>{@code
 * Alternative.agrona(256, path).token()   // "agrona-limit256=/dev/shm/..."
 * Alternative.turn(pair, position, 4)     // which of 4 alternatives runs at this place of this pair
 * }</pre>
 */
final class Alternative
{
    /** A Tandem ring with one consumer. */
    static final String TANDEM = "tandem";
    /** A Tandem ring with three consumers: the windows' consumer and two more processes, all reading every frame. */
    static final String FANOUT = "fanout-3";
    /** A single-thread copy of the producer's messages into the ring's working set; the consumer alone runs it. */
    static final String MEMCPY = "memcpy";
    /** The consumers of a {@link #FANOUT} ring. */
    static final int FANOUT_CONSUMERS = 3;
    private static final String AGRONA = "agrona-limit";

    final String name;
    /** The ring's file; null for {@link #MEMCPY}. */
    final String path;

    private Alternative(final String name, final String path)
    {
        this.name = name;
        this.path = path;
    }

    static Alternative tandem(final Path path)
    {
        return new Alternative(TANDEM, path.toString());
    }

    static Alternative fanout(final Path path)
    {
        return new Alternative(FANOUT, path.toString());
    }

    /** @param limit the most messages one {@code OneToOneRingBuffer.read} hands over before it releases their space. */
    static Alternative agrona(final int limit, final Path path)
    {
        return new Alternative(agronaName(limit), path.toString());
    }

    /** @return the name of the Agrona alternative read with {@code limit}, e.g. {@code agrona-limit256}. */
    static String agronaName(final int limit)
    {
        return AGRONA + limit;
    }

    static Alternative memcpy()
    {
        return new Alternative(MEMCPY, null);
    }

    /** @return the alternative a {@link #token()} names. */
    static Alternative parse(final String token)
    {
        final int at = token.indexOf('=');
        return at < 0 ? new Alternative(token, null) : new Alternative(token.substring(0, at), token.substring(at + 1));
    }

    /** @return how the peers' command lines name it. */
    String token()
    {
        return path == null ? name : name + "=" + path;
    }

    boolean isTandem()
    {
        return TANDEM.equals(name) || FANOUT.equals(name);
    }

    boolean isAgrona()
    {
        return name.startsWith(AGRONA);
    }

    /** @return the read limit of an Agrona alternative. */
    int readLimit()
    {
        return Integer.parseInt(name.substring(AGRONA.length()));
    }

    /**
     * The order within a pair of windows turns by one each pair (A B C, B C A, C A B, ...), so that every alternative
     * runs first, second, ... equally often over {@code count} pairs: none always follows a warm ring or a cold one.
     *
     * @return the index of the alternative that runs at {@code position} of pair {@code pair}.
     */
    static int turn(final int pair, final int position, final int count)
    {
        return (pair + position) % count;
    }

    /** @return the tokens of {@code alternatives}, for a command line. */
    static List<String> tokens(final List<Alternative> alternatives)
    {
        return alternatives.stream().map(Alternative::token).toList();
    }

    @Override
    public String toString()
    {
        return token();
    }
}
