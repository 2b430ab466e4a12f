package io.tandem.internal.channel;

import java.nio.BufferOverflowException;

/**
 * What a stub made by {@link WriterStubs} calls: the object whose interface methods write a message (a method
 * writer on a queue, see {@link TieredWriter#target()}), and, for a stub of a command interface, the way a method
 * with a result is called. Internal: only generated stubs call it.
 */
public abstract class StubTarget
{
    /** @return the current writer of the stub's interface: each call of one of its methods writes one message. */
    public abstract Object writer();

    /**
     * The writer's method threw {@code overflow} while encoding in place: asks for the message to be staged, so the
     * stub calls the writer again.
     *
     * @throws BufferOverflowException {@code overflow}, if the message was staged already (the encoder's own).
     */
    public abstract void retryStaged(BufferOverflowException overflow);

    /**
     * A method with a result ({@link WriterStubs}' {@code callsForValues}): sends it as a call and returns its result
     * (or a future of it).
     *
     * @param method the method's index in {@link WriterStubs#methods}.
     * @param args   its arguments, boxed.
     */
    public abstract Object call(int method, Object[] args);

    /** @return what the stub says it is ({@code toString}). */
    public abstract String describe();
}
