package io.tandem.process;

/** Commands of {@link LifecycleProcess}. */
public interface LifecycleCommands
{
    void hello();

    void stopYourself();
}
