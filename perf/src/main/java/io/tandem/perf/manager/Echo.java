package io.tandem.perf.manager;

/** The one command of the scale benchmarks. */
public interface Echo
{
    void echo(long value);
}
