package io.tandem.internal.channel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When Tandem asks Chronicle to generate (and compile, with javac, in-process) its method readers and
 * writers. Generated code is the fastest way to decode and encode events, but compiling one costs
 * 0.3-0.5 s of CPU: paid by every backend at start it would make spawning slow and a hundred workers very
 * slow. So by default readers and writers start reflective and are compiled in the background once they
 * have handled {@value #DEFAULT_THRESHOLD} events ("tiered", like the JIT): idle workers never pay,
 * busy ones reach full speed within a fraction of a second.
 *
 * <p>System properties: {@value #MODE_PROPERTY} = {@code tiered} (default), {@code eager} (generate at once),
 * {@code off} (never generate); {@value #THRESHOLD_PROPERTY} = events before compiling (tiered).
 */
public final class Codegen
{
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Codegen.class);

    /** System property: tiered, eager or off. */
    public static final String MODE_PROPERTY = "tandem.codegen";
    /** System property: events a reader or writer handles before it is compiled, in tiered mode. */
    public static final String THRESHOLD_PROPERTY = "tandem.codegen.threshold";
    /** Default of {@value #THRESHOLD_PROPERTY}. */
    public static final int DEFAULT_THRESHOLD = 1000;

    /** When to generate code. */
    public enum Mode
    {
        TIERED, EAGER, OFF
    }

    private static final Mode MODE = parseMode(System.getProperty(MODE_PROPERTY, "tiered"));
    private static final int THRESHOLD = Integer.getInteger(THRESHOLD_PROPERTY, DEFAULT_THRESHOLD);

    /** One background compiler per JVM: javac is CPU-bound, and compiling in parallel would only contend. */
    private static final ExecutorService COMPILER = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r ->
        {
            final Thread t = new Thread(r, "tandem-codegen");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });

    /** Compilations asked for and not finished yet, in this JVM. */
    private static final java.util.concurrent.atomic.AtomicInteger OUTSTANDING = new java.util.concurrent.atomic.AtomicInteger();

    private Codegen()
    {
    }

    /**
     * @return true if no reader or writer of this JVM is being compiled or waits to be: what it has asked for so far
     * is done (generated, or given up). A benchmark warms up until this holds on both sides, so javac never runs
     * beside its samples and they time the generated path.
     */
    public static boolean isSettled()
    {
        return OUTSTANDING.get() == 0;
    }

    public static Mode mode()
    {
        return MODE;
    }

    /** @return events before compiling in tiered mode; 0 in eager mode; never in off mode. */
    public static long threshold()
    {
        switch (MODE)
        {
            case EAGER:
                return 0;
            case OFF:
                return Long.MAX_VALUE;
            default:
                return THRESHOLD;
        }
    }

    /**
     * @return false if a generated reader or writer for these types could not compile, so it is not tried (it
     * would fail after seconds of javac, with a warning full of generated source): a type in the unnamed
     * package (a quick test program's) gets a generated class name Chronicle cannot compile.
     */
    static boolean canGenerate(final Class<?>... types)
    {
        for (final Class<?> type : types)
        {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
            {
                if (c.getPackageName().isEmpty())
                {
                    return false;
                }
                for (final Class<?> implemented : c.getInterfaces())
                {
                    if (!canGenerate(implemented))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Runs {@code compile} on the background compiler thread. A failure (the queue closed meanwhile, javac
     * missing from a trimmed runtime) only means the reflective path stays.
     */
    static void compileInBackground(final Runnable compile)
    {
        OUTSTANDING.incrementAndGet();
        COMPILER.execute(() ->
        {
            try
            {
                compile.run();
            }
            catch (final RuntimeException | LinkageError ex)
            {
                LOG.debug("code generation skipped: {}", ex.toString());
            }
            finally
            {
                OUTSTANDING.decrementAndGet();
            }
        });
    }

    private static Mode parseMode(final String value)
    {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT))
        {
            case "eager":
                return Mode.EAGER;
            case "off":
                return Mode.OFF;
            case "tiered":
                return Mode.TIERED;
            default:
                throw new IllegalArgumentException(MODE_PROPERTY + " must be tiered, eager or off, got '" + value + "'");
        }
    }
}
