package io.tandem.launch;

import io.tandem.ProcessOptions;
import io.tandem.backend.BackendRuntime;
import io.tandem.failure.RuntimeDirectoryException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the backend of a process: a child JVM, or a thread for in-JVM mode. Returns at once; the backend
 * announces itself on the reply queue when it has run preRun. Starting many processes is therefore
 * parallel by nature: each start only forks a JVM.
 */
public final class BackendLauncher
{
    private BackendLauncher()
    {
    }

    /**
     * @param processName the process name (shown by ps, used in thread names).
     * @param processDir  its directory, queues already holding the start document.
     * @param sessionDir  the session directory the backend attaches to.
     * @param slot        its slot in the session's process table.
     * @param options     how to run it.
     * @return a handle on the running backend.
     */
    public static BackendHandle launch(final String processName, final Path processDir, final Path sessionDir,
        final int slot, final ProcessOptions options)
    {
        if (options.mode() == ProcessOptions.Mode.IN_JVM)
        {
            final ThreadBackend backend = new ThreadBackend(
                new BackendRuntime(processDir, options.rollCycle(), options.queueBlockSize(), slot), processName);
            backend.start();
            return backend;
        }
        final CdsArchive cds = CdsArchive.forCurrentClassPath();
        final CdsArchive.Use cdsUse = cds == null ? null : cds.use();
        final boolean training = cdsUse != null && cdsUse.isTraining();
        final ProcessBuilder builder = new ProcessBuilder(ChildJvmCommand.build(processName, processDir, sessionDir, slot,
            options, cdsUse == null ? List.of() : cdsUse.jvmArgs()));
        final boolean pipe = options.output() == ProcessOptions.Output.PIPE;
        if (!pipe)
        {
            // Same file descriptors as this JVM: the kernel keeps the two processes' lines in order.
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        final Process process;
        try
        {
            process = builder.start();
        }
        catch (final IOException ex)
        {
            if (training)
            {
                cds.trainingExited(-1);
            }
            throw new RuntimeDirectoryException(Path.of(ChildJvmCommand.javaExecutable()),
                "cannot start a backend JVM (" + ex.getMessage() + ")",
                "Check that the JDK is installed and that the machine has room for another process", ex);
        }
        if (training)
        {
            process.onExit().thenRun(() -> cds.trainingExited(process.exitValue()));
        }
        if (pipe)
        {
            OutputPump.start(process.getInputStream(), () -> System.out, "tandem-out-" + processName);
            OutputPump.start(process.getErrorStream(), () -> System.err, "tandem-err-" + processName);
        }
        return new ChildJvmBackend(process);
    }
}
