package io.tandem.internal.launch;

import io.tandem.failure.RuntimeDirectoryException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

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
     * Runs {@code task} on a new daemon thread of this JVM (in-JVM mode).
     *
     * @return a handle on the running backend.
     */
    public static BackendHandle startThread(final BackendTask task, final String processName)
    {
        final ThreadBackend backend = new ThreadBackend(task, processName);
        backend.start();
        return backend;
    }

    /**
     * Starts a backend JVM as {@code spec} says.
     *
     * @return a handle on the running backend.
     */
    public static BackendHandle startJvm(final BackendSpec spec)
    {
        return new ChildJvmBackend(startProcess(cdsArgs -> ChildJvmCommand.build(spec, cdsArgs), spec.jvmArgs(),
            spec.pipeOutput(), spec.processName()));
    }

    /**
     * Starts a JVM with the command {@code command} makes of the start-up archive's arguments (a backend's or a
     * spare's; none when its own {@code jvmArgs} choose class-data sharing themselves), its output inherited or
     * pumped into this JVM's as {@code pipe} says.
     */
    static Process startProcess(final Function<List<String>, List<String>> command, final List<String> jvmArgs,
        final boolean pipe, final String processName)
    {
        final CdsArchive cds = CdsArchive.forCurrentClassPath(jvmArgs);
        final CdsArchive.Use cdsUse = cds == null ? null : cds.use();
        final boolean training = cdsUse != null && cdsUse.isTraining();
        final ProcessBuilder builder = new ProcessBuilder(command.apply(cdsUse == null ? List.of() : cdsUse.jvmArgs()));
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
        return process;
    }
}
