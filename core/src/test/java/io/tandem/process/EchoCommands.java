package io.tandem.process;

/** Commands of {@link EchoProcess}. */
public interface EchoCommands
{
    void echo(String text);

    void add(int a, long b);

    void fail(String message);

    void exit(int code);

    void sleep(long millis);
}
