package io.tandem.process;

import java.util.List;

/** Commands of {@link EchoProcess}. */
public interface EchoCommands
{
    void echo(String text);

    void add(int a, long b);

    void fail(String message);

    void exit(int code);

    void sleep(long millis);

    void print(String line);

    void allocate(int megabytes);

    void sumAll(double[] values, List<String> labels);

    void sendTypedError(String text);
}
