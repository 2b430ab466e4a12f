package io.tandem.flow;

/** Commands of {@link FlowProcess}: traffic whose every message carries a sequence number. */
public interface FlowCommands
{
    /** Records {@code seq}; {@code padding} only makes the command as large as the test wants. */
    void record(long seq, String padding);

    /** @return the sequence numbers recorded so far, in order. */
    long[] recorded();

    /** Sends {@code count} replies with sequence numbers from {@code first}, stopping at the first that fails. */
    void emit(long first, int count, int paddingChars);

    /** @return the sequence numbers of the replies {@link #emit} sent, in order. */
    long[] emitted();

    /** @return the last send failure {@link #emit} met, as its exception's toString, or "" if none. */
    String lastFailure();

    /** Keeps the backend busy. */
    void busy(long millis);

    /**
     * Sends a reply every 20 ms for at most {@code millis}, until one fails: the frontend went away. With a marker
     * directory, creates {@code busy} as it starts and {@code reply-failed} holding the failure.
     */
    void replyUntilItFails(long millis);

    /** Sends one reply of about {@code chars} characters. */
    void replyOf(int chars);

    /** @return a string of {@code chars} characters: a result of that size. */
    String resultOf(int chars);

    /** @return the text's length: an argument of any size. */
    int lengthOf(String text);
}
