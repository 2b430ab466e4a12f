package io.tandem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import io.tandem.failure.TandemException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A call waiting for its answer. A blocking call's caller waits on {@link #isDone()} and takes the outcome with
 * {@link #outcome()}: no future on its path. An asynchronous call completes the future its caller holds. Completed
 * once, by whichever thread gets there first (the answer's reader, a timeout, the backend's death); later attempts
 * do nothing.
 */
final class PendingCall
{
    private static final int WAITING = 0;
    private static final int COMPLETING = 1;
    private static final int DONE = 2;
    private static final VarHandle STATE;
    /** The longest a blocking call waits for a reader that has taken its answer to complete it. */
    private static final long COMPLETION_BOUND_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    /** Spins before parking, while waiting for a reader that has taken the answer. */
    private static final int SPINS = 1_000;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(PendingCall.class, "state", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final long id;
    final String command;
    /** What the value is converted to. */
    final Class<?> resultType;
    final long deadlineNanos;
    final Duration timeout;
    /** The asynchronous call's future; null for a blocking call. */
    final CompletableFuture<Object> future;

    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    /** Written before the state becomes DONE (a release), read after it is seen DONE (an acquire). */
    private Object value;
    private RuntimeException failure;

    PendingCall(final long id, final String command, final Class<?> resultType, final long deadlineNanos,
        final Duration timeout, final boolean async)
    {
        this.id = id;
        this.command = command;
        this.resultType = resultType;
        this.deadlineNanos = deadlineNanos;
        this.timeout = timeout;
        this.future = async ? new CompletableFuture<>() : null;
    }

    boolean isAsync()
    {
        return future != null;
    }

    /** Completes the call with {@code result}. @return false if it was complete already. */
    boolean complete(final Object result)
    {
        return future != null ? future.complete(result) : finish(result, null);
    }

    /** Completes the call with {@code error}. @return false if it was complete already. */
    boolean fail(final RuntimeException error)
    {
        return future != null ? future.completeExceptionally(error) : finish(null, error);
    }

    /** A blocking call's completion: the first to move it from WAITING writes its outcome. */
    private boolean finish(final Object result, final RuntimeException error)
    {
        if (!STATE.compareAndSet(this, WAITING, COMPLETING))
        {
            return false;
        }
        value = result;
        failure = error;
        STATE.setRelease(this, DONE); // release: the outcome before the state the waiter reads
        return true;
    }

    /** Spins briefly, then parks a microsecond at a time: a reader decoding a large value takes longer. */
    private void awaitCompletion()
    {
        final long deadline = System.nanoTime() + COMPLETION_BOUND_NANOS;
        for (int spins = 0; !isDone(); spins++)
        {
            if (spins < SPINS)
            {
                Thread.onSpinWait();
                continue;
            }
            if (System.nanoTime() - deadline >= 0)
            {
                throw new TandemException("call '" + command + "' was taken to be answered and was not within " +
                    java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(COMPLETION_BOUND_NANOS) + " s");
            }
            LockSupport.parkNanos(1_000);
        }
    }

    boolean isDone()
    {
        return future != null ? future.isDone() : (int)STATE.getAcquire(this) == DONE; // acquire: pairs with the release above
    }

    /**
     * @return a blocking call's value. Called once it is done, or once a reader has taken it to complete it: that
     * takes microseconds, and every path of the reader's completes it (see {@code Calls#completeFrom}); waiting for
     * it is bounded all the same.
     * @throws RuntimeException the call's failure.
     */
    Object outcome()
    {
        if (!isDone())
        {
            awaitCompletion();
        }
        if (failure != null)
        {
            throw failure;
        }
        return value;
    }
}
