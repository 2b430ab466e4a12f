package io.tandem.internal.launch;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Where a backend JVM's start-up time goes, on request: with {@value #PROPERTY}{@code =true} (set on the frontend;
 * backends inherit {@code tandem.*} properties) each backend prints one line to its stderr once it has run its
 * first command, the milliseconds since its JVM started at each step:
 *
 * <pre>
 * tandem startup my-process (JDK 17, ms since JVM start): main 68 flags 80 chronicle 112 commandQueue 230 replyQueue 235
 *     processTable 239 startDocument 258 preRun 260 started 266 firstCommand 291
 * </pre>
 *
 * Off, a mark costs one read of a static final boolean. Not thread-safe: the backend's main thread marks.
 */
public final class StartupTrace
{
    /** System property: {@code true} prints the line. */
    public static final String PROPERTY = "tandem.startupTrace";

    private static final boolean ON = Boolean.getBoolean(PROPERTY);
    private static final int MAX = 16;
    private static final String[] NAMES = new String[MAX];
    private static final long[] NANOS = new long[MAX];
    private static int count;
    private static boolean printed;

    private StartupTrace()
    {
    }

    /** Records that the backend has reached step {@code name} (a word), if tracing. */
    public static void mark(final String name)
    {
        if (ON && count < MAX)
        {
            NAMES[count] = name;
            NANOS[count] = System.nanoTime();
            count++;
        }
    }

    /**
     * Starts the trace again at step {@code name}: a spare's claim, after which the line is the claimed process's
     * (its warm-up is not the process's start).
     */
    public static void restart(final String name)
    {
        count = 0;
        printed = false;
        mark(name);
    }

    /** Records the last step and prints the line, once, if tracing. */
    public static void markAndPrint(final String name, final String processName)
    {
        if (!ON || printed)
        {
            return;
        }
        mark(name);
        printed = true;
        // Read only now: the management classes load after the last step, not inside one.
        final long now = System.nanoTime();
        final double uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        final StringBuilder line = new StringBuilder(256).append("tandem startup ").append(processName)
            .append(" (JDK ").append(Runtime.version().feature()).append(", ms since JVM start):");
        for (int i = 0; i < count; i++)
        {
            line.append(' ').append(NAMES[i]).append(' ')
                .append(String.format(Locale.ROOT, "%.0f", uptimeMs - (now - NANOS[i]) / 1e6));
        }
        System.err.println(line);
        System.err.flush();
    }
}
