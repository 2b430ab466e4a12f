package io.tandem.internal.channel;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Every kind of argument and result a stub passes on: {@link WriterStubsTest}. */
public interface StubbedCommands
{
    void primitives(boolean z, byte b, char c, short s, int i, long j, float f, double d);

    void objects(String text, int[] ints, List<String> list);

    long twice(long x);

    String greet(String name);

    double half(int x);

    CompletableFuture<String> later(String what);

    default void byDefault(final int x)
    {
        throw new AssertionError("a default method is a command like any other");
    }
}
