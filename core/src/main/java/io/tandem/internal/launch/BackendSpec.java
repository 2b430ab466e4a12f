package io.tandem.internal.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * What the launcher needs to start a backend JVM, and nothing more: io.tandem builds it from the process's
 * options, so this package does not depend on the API.
 *
 * @param processName    the process name (shown by ps, used in thread names).
 * @param processDir     its directory, queues already holding the start document.
 * @param sessionDir     the session directory the backend attaches to.
 * @param slot           its slot in the session's process table.
 * @param rollCycle      the queues' roll cycle name.
 * @param queueBlockSize the queues' block size.
 * @param jvmArgs        the user's JVM arguments, after the defaults.
 * @param pipeOutput     true to copy the child's output into this JVM's {@code System.out}/{@code err}.
 * @param mainClass      the backend's main class ({@code BackendMain}'s name, given by io.tandem).
 */
public record BackendSpec(String processName, Path processDir, Path sessionDir, int slot, String rollCycle,
    long queueBlockSize, List<String> jvmArgs, boolean pipeOutput, String mainClass)
{
    public BackendSpec
    {
        jvmArgs = List.copyOf(jvmArgs);
    }
}
