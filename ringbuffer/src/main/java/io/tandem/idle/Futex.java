package io.tandem.idle;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;
import net.openhft.chronicle.core.UnsafeMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux futexes on shared memory: a thread sleeps in the kernel until the 32-bit word at an address changes
 * and someone wakes it, whichever process that someone runs in (the word lives in a file both map; shared
 * futexes are keyed by file and offset, not by address). Called through libc's {@code syscall} with jffi,
 * the native layer under the JNR that Chronicle already brings: no code of Tandem's own is compiled to native,
 * and jffi alone loads in a few milliseconds (jnr-ffi's bytecode generation is not needed for one function).
 *
 * <ul>
 *   <li>{@link #wait}: {@code FUTEX_WAIT}, relative timeout;</li>
 *   <li>{@link #waitAny}: {@code futex_waitv} (Linux 5.16+), several words at once, absolute timeout on
 *       {@code CLOCK_MONOTONIC}, which is {@link System#nanoTime()};</li>
 *   <li>{@link #wake}: {@code FUTEX_WAKE}.</li>
 * </ul>
 * Where futexes are not available (another OS or architecture, the binding cannot load), {@link #AVAILABLE} is
 * false and callers fall back to timed parking.
 */
final class Futex
{
    /** True if this JVM can use futexes. */
    static final boolean AVAILABLE;

    private static final Logger LOG = LoggerFactory.getLogger(Futex.class);
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    /** futex_waitv's per-word flag: a 32-bit word, shared between processes (no FUTEX2_PRIVATE). */
    private static final int FUTEX2_SIZE_U32 = 2;
    private static final int CLOCK_MONOTONIC = 1;
    /** struct futex_waitv { u64 val; u64 uaddr; u32 flags; u32 reserved; } */
    static final int WAITV_ENTRY = 24;
    /** futex_waitv takes at most this many words. */
    static final int WAITV_MAX = 128;

    private static final long SYS_FUTEX;
    private static final long SYS_PRCTL;
    /** prctl's option: the calling thread's timer slack, ns (how late the kernel may end its timed sleeps). */
    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PR_GET_TIMERSLACK = 30;
    private static final long SYS_FUTEX_WAITV = 449; // the same number on x86_64 and arm64
    private static final Invoker INVOKER;
    private static final CallContext SYSCALL;
    private static final long SYSCALL_ADDRESS;
    /** The same, saving errno: to tell a missing system call from a refused one. */
    private static final CallContext SYSCALL_ERRNO;
    private static volatile boolean waitvAvailable;

    static
    {
        final String arch = System.getProperty("os.arch", "");
        final boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        final long sysFutex = arch.equals("amd64") || arch.equals("x86_64") ? 202 : arch.equals("aarch64") ? 98 : -1;
        Invoker invoker = null;
        CallContext syscall = null;
        CallContext syscallErrno = null;
        long address = 0;
        boolean available = false;
        if (linux && sysFutex > 0 && !"false".equals(System.getProperty(WaitMode.FUTEX_PROPERTY)))
        {
            try
            {
                final Library libc = Library.getDefault();
                address = libc.getSymbolAddress("syscall");
                // long syscall(long number, ...): one fixed parameter, the rest variadic
                final Type[] longs = {Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64,
                    Type.SINT64};
                syscall = CallContext.getCallContext(Type.SINT64, 1, longs, CallingConvention.DEFAULT, false);
                syscallErrno = CallContext.getCallContext(Type.SINT64, 1, longs, CallingConvention.DEFAULT, true);
                invoker = Invoker.getInstance();
                available = address != 0;
            }
            catch (final RuntimeException | LinkageError ex)
            {
                LOG.debug("futexes are not available ({}): waits fall back to timed parking", ex.toString());
            }
        }
        SYS_FUTEX = sysFutex;
        SYS_PRCTL = arch.equals("amd64") || arch.equals("x86_64") ? 157 : arch.equals("aarch64") ? 167 : -1;
        INVOKER = invoker;
        SYSCALL = syscall;
        SYSCALL_ERRNO = syscallErrno;
        SYSCALL_ADDRESS = address;
        AVAILABLE = available && probe();
        waitvAvailable = AVAILABLE;
    }

    private Futex()
    {
    }

    /** A wake on a private word: proves the call works here (0 waiters woken), or the fallback is used. */
    private static boolean probe()
    {
        final long word = UnsafeMemory.UNSAFE.allocateMemory(8);
        try
        {
            UnsafeMemory.UNSAFE.putInt(word, 0);
            final long woken = INVOKER.invokeN4(SYSCALL, SYSCALL_ADDRESS, SYS_FUTEX, word, FUTEX_WAKE, 1);
            if (woken != 0)
            {
                LOG.debug("futex wake returned {}: waits fall back to timed parking", woken);
            }
            return woken == 0;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.debug("futexes are not available ({}): waits fall back to timed parking", ex.toString());
            return false;
        }
        finally
        {
            UnsafeMemory.UNSAFE.freeMemory(word);
        }
    }

    /**
     * Sleeps while the word at {@code address} holds {@code expected}, until woken or {@code timeoutNanos}
     * passes; returns at once if it holds something else. May return early for no reason: callers re-check.
     */
    static void wait(final long address, final int expected, final long timeoutNanos)
    {
        final long timespec = UnsafeMemory.UNSAFE.allocateMemory(16); // per call: a sleep costs microseconds anyway
        try
        {
            UnsafeMemory.UNSAFE.putLong(timespec, timeoutNanos / 1_000_000_000L);
            UnsafeMemory.UNSAFE.putLong(timespec + 8, timeoutNanos % 1_000_000_000L);
            INVOKER.invokeN5(SYSCALL, SYSCALL_ADDRESS, SYS_FUTEX, address, FUTEX_WAIT, expected & 0xFFFF_FFFFL, timespec);
        }
        finally
        {
            UnsafeMemory.UNSAFE.freeMemory(timespec);
        }
    }

    /**
     * Sleeps while every word {@code addresses[i]} holds {@code expected[i]}, until one is woken or the monotonic
     * clock reaches {@code deadlineNanos} ({@link System#nanoTime()}). Without futex_waitv (a kernel older than
     * 5.16) it sleeps on the first word alone, for at most {@code fallbackNanos}, and the caller's loop notices
     * the others.
     */
    static void waitAny(final long[] addresses, final int[] expected, final int count, final long deadlineNanos,
        final long fallbackNanos)
    {
        if (count == 1 || !waitvAvailable)
        {
            wait(addresses[0], expected[0], Math.max(1, Math.min(fallbackNanos, deadlineNanos - System.nanoTime())));
            return;
        }
        final int n = Math.min(count, WAITV_MAX);
        final long timespec = UnsafeMemory.UNSAFE.allocateMemory(16 + (long)WAITV_ENTRY * n);
        final long rc;
        try
        {
            final long vector = timespec + 16;
            for (int i = 0; i < n; i++)
            {
                final long entry = vector + (long)i * WAITV_ENTRY;
                UnsafeMemory.UNSAFE.putLong(entry, expected[i] & 0xFFFF_FFFFL);
                UnsafeMemory.UNSAFE.putLong(entry + 8, addresses[i]);
                UnsafeMemory.UNSAFE.putInt(entry + 16, FUTEX2_SIZE_U32);
                UnsafeMemory.UNSAFE.putInt(entry + 20, 0);
            }
            UnsafeMemory.UNSAFE.putLong(timespec, deadlineNanos / 1_000_000_000L);
            UnsafeMemory.UNSAFE.putLong(timespec + 8, deadlineNanos % 1_000_000_000L);
            rc = INVOKER.invokeN6(SYSCALL, SYSCALL_ADDRESS, SYS_FUTEX_WAITV, vector, n, 0, timespec, CLOCK_MONOTONIC);
        }
        finally
        {
            UnsafeMemory.UNSAFE.freeMemory(timespec);
        }
        if (rc == -1 && !waitvWorks())
        {
            waitvAvailable = false; // ENOSYS: an older kernel; the first word alone, timed, from now on
            wait(addresses[0], expected[0], Math.max(1, Math.min(fallbackNanos, deadlineNanos - System.nanoTime())));
        }
    }

    /** @return false if futex_waitv is missing (ENOSYS, 38), else true (a timeout or a wake-up is no news). */
    private static boolean waitvWorks()
    {
        final long rc = INVOKER.invokeN6(SYSCALL_ERRNO, SYSCALL_ADDRESS, SYS_FUTEX_WAITV, 0, 0, 0, 0, CLOCK_MONOTONIC);
        // with no words it fails with EINVAL where it exists, ENOSYS where it does not; both return -1, so ask errno
        return rc != -1 || com.kenai.jffi.LastError.getInstance().get() != 38;
    }

    /** Wakes up to {@code count} threads, of any process, sleeping on the word at {@code address}. */
    static void wake(final long address, final int count)
    {
        INVOKER.invokeN4(SYSCALL, SYSCALL_ADDRESS, SYS_FUTEX, address, FUTEX_WAKE, count);
    }

    /**
     * Sets the calling thread's timer slack, ns: how late the kernel may end its timed sleeps, to batch wake-ups
     * (Linux's default is 50 us). Does nothing where futexes are unavailable.
     */
    static void setTimerSlack(final long nanos)
    {
        if (AVAILABLE && SYS_PRCTL > 0)
        {
            INVOKER.invokeN3(SYSCALL, SYSCALL_ADDRESS, SYS_PRCTL, PR_SET_TIMERSLACK, nanos);
        }
    }

    /** @return the calling thread's timer slack, ns; -1 where it cannot be read. */
    static long timerSlackNanos()
    {
        return AVAILABLE && SYS_PRCTL > 0 ? INVOKER.invokeN2(SYSCALL, SYSCALL_ADDRESS, SYS_PRCTL, PR_GET_TIMERSLACK) : -1;
    }
}
