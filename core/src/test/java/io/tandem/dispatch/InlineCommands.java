package io.tandem.dispatch;

/** The commands of {@link InlineDispatchTest}'s processes. */
public interface InlineCommands
{
    /** Replies {@code caller} with the class of the frame that called this handler. */
    void whoCalls();

    /** Throws an {@link IllegalStateException} with {@code why} as its message. */
    void fail(String why);

    /** Replies {@code sum} with a + b + c (several primitive arguments, decoded as a sequence). */
    void sum(long a, int b, double c);

    /** A call: its result is sent back. */
    long twice(long x);

    /** A call answered with the class of the frame that called its handler. */
    String callerOfCall();

    /** A call whose handler throws. */
    long failingCall(String why);
}
