package io.tandem.internal.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which archive a class path and JDK get, and the arguments of each step (the real JVMs: StartupArchiveTest). */
class CdsArchiveTest
{
    private static final String HOME_17 = "/usr/lib/jvm/java-17";
    private static final String HOME_25 = "/usr/lib/jvm/jdk-25";

    @TempDir
    Path dir;

    @Test
    void jdk17GetsAClassDataArchiveAndJdk24OnTheAotCache() throws IOException
    {
        final String cp = jars("a.jar", "b.jar");
        final CdsArchive on17 = CdsArchive.forClassPath(cp, HOME_17, "17.0.15+6", 17, null, dir.resolve("cds"));
        final CdsArchive on24 = CdsArchive.forClassPath(cp, HOME_25, "24.0.1+9", 24, null, dir.resolve("cds"));
        final CdsArchive on25 = CdsArchive.forClassPath(cp, HOME_25, "25.0.3+9", 25, "auto", dir.resolve("cds"));
        assertEquals(ArchiveFormat.CLASS_DATA, on17.format());
        assertEquals(ArchiveFormat.AOT_CACHE, on24.format());
        assertEquals(ArchiveFormat.AOT_CACHE, on25.format());
        assertTrue(on17.path().getFileName().toString().endsWith(".jsa"), on17.path().toString());
        assertTrue(on25.path().getFileName().toString().endsWith(".aot"), on25.path().toString());
        assertEquals(dir.resolve("cds"), on25.path().getParent());
    }

    @Test
    void anArchiveIsNeverOfferedToAnotherJdk() throws IOException
    {
        final String cp = jars("a.jar");
        final Path cds = dir.resolve("cds");
        final Path a = CdsArchive.forClassPath(cp, HOME_17, "17.0.15+6", 17, "cds", cds).path();
        final Path otherVersion = CdsArchive.forClassPath(cp, HOME_17, "17.0.16+8", 17, "cds", cds).path();
        final Path otherHome = CdsArchive.forClassPath(cp, "/opt/jdk-17", "17.0.15+6", 17, "cds", cds).path();
        final Path jdk25Cds = CdsArchive.forClassPath(cp, HOME_25, "25.0.3+9", 25, "cds", cds).path();
        final Path jdk25Aot = CdsArchive.forClassPath(cp, HOME_25, "25.0.3+9", 25, null, cds).path();
        assertEquals(5, List.of(a, otherVersion, otherHome, jdk25Cds, jdk25Aot).stream().distinct().count());
        assertEquals(a, CdsArchive.forClassPath(cp, HOME_17, "17.0.15+6", 17, "cds", cds).path(), "stable for one JDK");
    }

    @Test
    void aRebuiltJarGetsANewArchive() throws IOException
    {
        final String cp = jars("a.jar");
        final Path before = CdsArchive.forClassPath(cp, HOME_25, "25", 25, null, dir.resolve("cds")).path();
        Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3});
        assertNotEquals(before, CdsArchive.forClassPath(cp, HOME_25, "25", 25, null, dir.resolve("cds")).path());
    }

    @Test
    void noArchiveForClassDirectoriesOrWhenSwitchedOff() throws IOException
    {
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final String mixed = jars("a.jar") + File.pathSeparator + classes;
        assertNull(CdsArchive.forClassPath(mixed, HOME_17, "17", 17, null, dir.resolve("cds")));
        assertNull(CdsArchive.forClassPath(mixed, HOME_25, "25", 25, null, dir.resolve("cds")));
        assertNull(CdsArchive.forClassPath(jars("a.jar"), HOME_25, "25", 25, "off", dir.resolve("cds")));
        assertNull(CdsArchive.forClassPath("", HOME_25, "25", 25, null, dir.resolve("cds")));
    }

    @Test
    void aBackendThatChoosesClassDataSharingItselfGetsNoArchive()
    {
        for (final String arg : List.of("-Xshare:off", "-Xshare:auto", "-XX:SharedArchiveFile=/x.jsa", "-XX:AOTCache=/x.aot",
            "-XX:AOTMode=off", "-XX:ArchiveClassesAtExit=/y.jsa"))
        {
            assertNull(CdsArchive.forCurrentClassPath(List.of("-Xmx64m", arg)), arg);
        }
    }

    @Test
    void theStepsOfEachFormat()
    {
        final Path file = dir.resolve("x");
        assertEquals(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:ArchiveClassesAtExit=" + file),
            ArchiveFormat.CLASS_DATA.recordArgs(file));
        assertEquals("-XX:SharedArchiveFile=" + file, last(ArchiveFormat.CLASS_DATA.mapArgs(file)));
        assertFalse(ArchiveFormat.CLASS_DATA.needsAssembly());
        assertThrows(IllegalStateException.class, () -> ArchiveFormat.CLASS_DATA.createArgs(file, file));

        final List<String> record = ArchiveFormat.AOT_CACHE.recordArgs(file);
        assertTrue(record.containsAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + file)), record.toString());
        assertTrue(record.indexOf("-XX:+UnlockDiagnosticVMOptions") < record.indexOf("-XX:-DisplayVMOutput"), record.toString());
        final Path cache = dir.resolve("x.aot");
        assertTrue(ArchiveFormat.AOT_CACHE.createArgs(file, cache).containsAll(List.of("-XX:AOTMode=create",
            "-XX:AOTConfiguration=" + file, "-XX:AOTCache=" + cache)));
        assertEquals("-XX:AOTCache=" + cache, last(ArchiveFormat.AOT_CACHE.mapArgs(cache)));
        assertTrue(ArchiveFormat.AOT_CACHE.needsAssembly());
        for (final List<String> args : List.of(record, ArchiveFormat.AOT_CACHE.mapArgs(cache)))
        {
            assertFalse(args.stream().anyMatch(a -> a.startsWith("-Xshare")), "JDK 24+ refuses -Xshare beside it: " + args);
        }
        assertFalse(ChildJvmCommand.DEFAULT_JVM_ARGS.stream().anyMatch(a -> a.startsWith("-Xshare")));
    }

    @Test
    void theFormatFollowsTheJdk()
    {
        assertEquals(ArchiveFormat.CLASS_DATA, ArchiveFormat.forJdk(17));
        assertEquals(ArchiveFormat.CLASS_DATA, ArchiveFormat.forJdk(23));
        assertEquals(ArchiveFormat.AOT_CACHE, ArchiveFormat.forJdk(24));
        assertEquals(ArchiveFormat.AOT_CACHE, ArchiveFormat.forJdk(25));
    }

    @Test
    void aFailedTrainingReleasesItsClaimSoALaterBackendTrainsAgain() throws IOException
    {
        final CdsArchive cds = CdsArchive.forClassPath(jars("a.jar"), HOME_25, "25", 25, null, dir.resolve("cds"));
        final CdsArchive.Use first = cds.use();
        assertTrue(first.isTraining());
        assertFalse(cds.use().isTraining(), "one backend trains at a time");
        cds.trainingExited(1);
        assertTrue(cds.use().isTraining(), "the claim is released after a failed training");
        assertFalse(Files.exists(cds.path()));
    }

    private String jars(final String... names) throws IOException
    {
        final StringBuilder cp = new StringBuilder();
        for (final String name : names)
        {
            final Path jar = dir.resolve(name);
            if (!Files.exists(jar))
            {
                Files.write(jar, new byte[] {0});
            }
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(jar);
        }
        return cp.toString();
    }

    private static String last(final List<String> args)
    {
        return args.get(args.size() - 1);
    }
}
