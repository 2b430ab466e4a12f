package io.tandem.process;

/** Commands of {@link ClassPathProbeProcess}: what a backend sees of its JVM. */
public interface ProbeCommands
{
    /** @return the backend's system property {@code key}, or "(unset)". */
    String property(String key);

    /** @return the backend JVM's command-line options, space-separated. */
    String jvmOptions();

    /** Logs one line at each level from trace to info, then returns. */
    String logAtEachLevel();
}
