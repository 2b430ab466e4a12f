package io.tandem.process;

/** Typed replies of {@link EchoProcess}. */
public interface EchoReplies
{
    void sum(long value);

    void note(String text);
}
