package io.tandem.internal.launch;

import java.util.List;

/**
 * What a spare backend JVM must share with a process to become it: the {@code java} executable, the user's JVM
 * arguments (after the same lean defaults and Chronicle flags, {@link ChildJvmCommand#jvmOptions}), the inherited
 * system properties, the class path, the output mode and the main class. A spare is handed only to a process whose
 * fit is equal to its own, so a process never runs in a JVM started differently from the one a cold start would give
 * it. The class-data sharing arguments are left out: they change how fast classes load, not what runs.
 *
 * @param javaExecutable      the java launcher.
 * @param jvmArgs             the user's JVM arguments.
 * @param inheritedProperties the {@code -D} arguments inherited from the frontend, sorted.
 * @param classPath           the class path, entries absolute.
 * @param pipeOutput          true if the child's output is pumped into the frontend's streams.
 * @param mainClass           the backend's main class.
 */
public record SpareFit(String javaExecutable, List<String> jvmArgs, List<String> inheritedProperties, String classPath,
    boolean pipeOutput, String mainClass)
{
    public SpareFit
    {
        jvmArgs = List.copyOf(jvmArgs);
        inheritedProperties = List.copyOf(inheritedProperties);
    }

    /** @return the fit a cold start of {@code spec} would have, from this JVM's state now. */
    public static SpareFit of(final BackendSpec spec)
    {
        return of(spec.jvmArgs(), spec.pipeOutput(), spec.mainClass());
    }

    /** @return the fit of a backend with these JVM arguments, output mode and main class, started now. */
    public static SpareFit of(final List<String> jvmArgs, final boolean pipeOutput, final String mainClass)
    {
        return new SpareFit(ChildJvmCommand.javaExecutable(), jvmArgs, ChildJvmCommand.inheritedProperties(),
            ChildJvmCommand.classPath(), pipeOutput, mainClass);
    }
}
