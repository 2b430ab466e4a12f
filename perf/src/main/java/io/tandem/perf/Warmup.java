package io.tandem.perf;

import io.tandem.internal.channel.Codegen;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Warm-up that lasts until Tandem's background code generation is done in both JVMs of a pair: the reflective
 * readers and writers a process starts with are compiled after {@value Codegen#DEFAULT_THRESHOLD} events, and javac
 * then competes for a core for a second or two. Samples taken meanwhile would time javac and the reflective path,
 * not what the process does from then on. "Settled" means no compilation is asked for or running: a reader
 * compiled meanwhile is swapped in on its next read, and a path that has not yet reached the threshold compiles
 * later, so the warm-up runs each path it will time at least {@code minimum} times (more than the threshold).
 *
 * <pre>{@code
 * Warmup.untilSettled(() -> trip.roundTrip(++v), 100_000, () -> probe.codegenSettled());
 * }</pre>
 */
public final class Warmup
{
    /** The longest a warm-up waits for code generation; past it the benchmark goes on and says so. */
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Operations between two looks at the backend (a look is a call: not free). */
    private static final int LOOK_EVERY = 5_000;

    /** One warm-up operation. */
    @FunctionalInterface
    public interface Operation
    {
        void run() throws Exception;
    }

    private Warmup()
    {
    }

    /**
     * Runs {@code op} at least {@code minimum} times, then on until this JVM and the peer ({@code peerSettled}) have
     * settled, for at most a minute.
     *
     * @return the number of operations run.
     */
    public static long untilSettled(final Operation op, final long minimum, final BooleanSupplier peerSettled) throws Exception
    {
        return untilSettled(op, minimum, LOOK_EVERY, peerSettled);
    }

    /**
     * As {@link #untilSettled(Operation, long, BooleanSupplier)}, looking at the peer every {@code opsBetweenLooks}
     * operations (an operation that is itself a block of round trips at a fixed rate wants a look after each).
     */
    public static long untilSettled(final Operation op, final long minimum, final int opsBetweenLooks,
        final BooleanSupplier peerSettled) throws Exception
    {
        final long start = System.nanoTime();
        long count = 0;
        while (count < minimum)
        {
            op.run();
            count++;
        }
        while (!(Codegen.isSettled() && peerSettled.getAsBoolean()))
        {
            if (System.nanoTime() - start > MAX_NANOS)
            {
                System.out.println("warning: code generation still running after a minute of warm-up; measuring anyway");
                break;
            }
            for (int i = 0; i < opsBetweenLooks; i++)
            {
                op.run();
            }
            count += opsBetweenLooks;
        }
        return count;
    }
}
