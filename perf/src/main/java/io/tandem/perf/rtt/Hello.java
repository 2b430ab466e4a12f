package io.tandem.perf.rtt;

/** The first command of the spawn benchmark. */
public interface Hello
{
    void hello();
}
