package io.tandem;

/** Calls of {@link CountingProcess}. */
public interface Counting
{
    enum Colour
    {
        RED, GREEN
    }

    int constructions();

    String fields();
}
