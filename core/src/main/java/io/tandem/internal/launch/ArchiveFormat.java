package io.tandem.internal.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two start-up archives a JDK can make of a class path, and the JVM arguments of each step: the class-data
 * sharing archive of JDK 13+ (one step: recorded as the JVM exits) and the AOT cache of JDK 24+ (JEP 483, 514, 515:
 * classes loaded and linked, method profiles; two steps: a recording run, then an assembling JVM).
 *
 * <pre>{@code
 * ArchiveFormat format = ArchiveFormat.forJdk(Runtime.version().feature()); // AOT_CACHE on 24+
 * List<String> record = format.recordArgs(recording);  // the training JVM
 * List<String> map = format.mapArgs(archive);          // every later JVM of that class path
 * }</pre>
 *
 * <p>Each writes files of its own name ({@link #extension()}), and {@link CdsArchive} names them by a hash of the
 * JDK (its home and version) and the class path, so an archive of one JDK is never offered to another.
 */
public enum ArchiveFormat
{
    /** {@code -XX:ArchiveClassesAtExit} then {@code -XX:SharedArchiveFile}: JDK 17 to 23. */
    CLASS_DATA(".jsa"),
    /** {@code -XX:AOTMode=record}, {@code -XX:AOTMode=create}, then {@code -XX:AOTCache}: JDK 24 and later. */
    AOT_CACHE(".aot");

    /** The first JDK (feature version) with the AOT cache. */
    public static final int AOT_CACHE_JDK = 24;

    /** Keeps the JVM's own archive messages (a mismatch, a region mapped elsewhere) off the backend's output. */
    private static final List<String> QUIET_CDS = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static final List<String> QUIET_AOT = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");
    /**
     * The recording and assembling JVMs print "AOTConfiguration recorded" and the like on the VM's own output
     * stream, which no -Xlog option reaches; these silence it (for those JVMs only: it would also hide VM warnings).
     */
    private static final List<String> SILENT_VM = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput");

    private final String extension;

    ArchiveFormat(final String extension)
    {
        this.extension = extension;
    }

    /** @return the AOT cache on JDK {@value #AOT_CACHE_JDK}+, the class-data archive before. */
    public static ArchiveFormat forJdk(final int feature)
    {
        return feature >= AOT_CACHE_JDK ? AOT_CACHE : CLASS_DATA;
    }

    /** @return the file name ending of a finished archive: {@code .jsa} or {@code .aot}. */
    public String extension()
    {
        return extension;
    }

    /** @return true if the recording needs a second JVM to become the archive ({@link #createArgs}). */
    public boolean needsAssembly()
    {
        return this == AOT_CACHE;
    }

    /** @return the arguments of a JVM that maps {@code archive}. */
    public List<String> mapArgs(final Path archive)
    {
        final List<String> args = new ArrayList<>(this == AOT_CACHE ? QUIET_AOT : QUIET_CDS);
        args.add((this == AOT_CACHE ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        return args;
    }

    /**
     * @param recording where the training JVM writes as it exits: the archive itself ({@link #CLASS_DATA}), or the
     *                  AOT configuration the assembling JVM reads ({@link #AOT_CACHE}).
     * @return the arguments of the training JVM.
     */
    public List<String> recordArgs(final Path recording)
    {
        if (this == AOT_CACHE)
        {
            final List<String> args = new ArrayList<>(SILENT_VM);
            args.addAll(QUIET_AOT); // "Skipping ...: Unsupported location" for each dynamic proxy class, and the like
            args.add("-XX:AOTMode=record");
            args.add("-XX:AOTConfiguration=" + recording);
            return args;
        }
        final List<String> args = new ArrayList<>(QUIET_CDS);
        args.add("-XX:ArchiveClassesAtExit=" + recording);
        return args;
    }

    /**
     * @return the arguments of the JVM that turns {@code recording} into {@code archive} ({@link #AOT_CACHE} only;
     * give it the class path and module flags of the training run, and no main class).
     * @throws IllegalStateException for {@link #CLASS_DATA}, which needs no assembly.
     */
    public List<String> createArgs(final Path recording, final Path archive)
    {
        if (this != AOT_CACHE)
        {
            throw new IllegalStateException(this + " is written by the training JVM itself");
        }
        final List<String> args = new ArrayList<>(SILENT_VM);
        args.addAll(QUIET_AOT);
        args.add("-XX:AOTMode=create");
        args.add("-XX:AOTConfiguration=" + recording);
        args.add("-XX:AOTCache=" + archive);
        return args;
    }
}
