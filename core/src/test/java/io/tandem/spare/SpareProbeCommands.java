package io.tandem.spare;

/** Calls of {@link SpareProbeProcess}: what its backend is and sees. */
public interface SpareProbeCommands
{
    /** @return the shipped field set in the frontend's constructor. */
    String greeting();

    /** @return the backend JVM's pid. */
    long backendPid();

    /** @return the backend's system property {@code key}, or "(unset)". */
    String property(String key);

    /** Logs {@code text} at info through the process's logger; returns it. */
    String log(String text);
}
