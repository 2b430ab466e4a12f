package io.tandem.process;

import io.tandem.internal.launch.ArchiveFormat;
import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.internal.launch.InstalledJdks;
import io.tandem.jvm.JvmFlags;
import io.tandem.test.ChildProgram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backends' start-up archives, in real JVMs run from a class path of jars (as {@code ./tandem} runs) with a
 * {@code user.home} of their own: the first backend records the archive, the next maps it; on JDK 17 a class-data
 * archive ({@code .jsa}), on a JDK 24+ found beside it the AOT cache ({@code .aot}); with both JDKs on one class path
 * and cache directory, each maps its own archive and never the other's. (The tests of the newer JDK are skipped,
 * with a note, where there is none; see {@link InstalledJdks}.)
 */
class StartupArchiveTest
{
    private static final Duration RUN = Duration.ofSeconds(240);
    private static final Pattern MAPPED = Pattern.compile("(?m)^backend-(\\d) java\\.vm\\.version=\\S+ mapped \\[(.*)]$");

    @TempDir
    Path dir;

    private Path home;
    private String jarClassPath;

    @BeforeEach
    void jars() throws IOException
    {
        home = Files.createDirectories(dir.resolve("home"));
        jarClassPath = jarClassPath(dir.resolve("cp"));
    }

    @Test
    @Timeout(300)
    void theFirstBackendRecordsTheArchiveOfThisJdkAndTheNextMapsIt() throws IOException
    {
        final int feature = Runtime.version().feature();
        final String out = run(ChildJvmCommand.javaExecutable(), feature);

        final String archive = archiveName(out);
        assertTrue(archive.endsWith(ArchiveFormat.forJdk(feature).extension()), out);
        assertEquals("", mapped(out, 1), "the training backend maps no archive of its own: " + out);
        assertEquals(archive, mapped(out, 2), "the second backend maps the archive the first one recorded: " + out);
        assertTrue(hasLine(out, "archive made true"), out);
        assertNoStrayFiles(archive);
    }

    @Test
    @Timeout(600)
    void jdk25MakesAndMapsItsAotCacheAndNeverTheArchiveOfJdk17() throws IOException
    {
        final Path jdk25 = JdkFlagsTest.newerJdk();
        final int feature25 = InstalledJdks.feature(jdk25);
        final String java17 = ChildJvmCommand.javaExecutable();
        final int feature17 = Runtime.version().feature();
        if (feature17 >= ArchiveFormat.AOT_CACHE_JDK)
        {
            System.out.println("note: this JVM is JDK " + feature17 + " itself: the test of JDK 17 beside JDK 24+ is skipped");
        }
        Assumptions.assumeTrue(feature17 < ArchiveFormat.AOT_CACHE_JDK, "runs on a JDK older than 24");

        final String first17 = run(java17, feature17);
        final String jsa = archiveName(first17);
        assertEquals(jsa, mapped(first17, 2), first17);

        final String run25 = run(InstalledJdks.java(jdk25), feature25);
        final String aot = archiveName(run25);
        assertTrue(aot.endsWith(".aot"), run25);
        assertFalse(aot.equals(jsa), run25);
        assertEquals("", mapped(run25, 1), "JDK 25's first backend records, mapping nothing of JDK 17's: " + run25);
        assertEquals(aot, mapped(run25, 2), "JDK 25's second backend maps the AOT cache only: " + run25);
        assertFalse(run25.contains("WARNING"), "JDK 25 runs warning-free, the AOT cache's training too: " + run25);
        assertFalse(run25.contains("[aot]") || run25.contains("AOTConfiguration"), run25);

        final String again17 = run(java17, feature17);
        assertEquals(jsa, archiveName(again17), again17);
        assertEquals(jsa, mapped(again17, 1), "JDK 17 maps its own archive, never JDK 25's cache: " + again17);
        assertEquals(jsa, mapped(again17, 2), again17);
        assertNoStrayFiles(jsa, aot);
    }

    /** Runs {@link ArchiveProbeMain} on {@code java} with that JDK's flags, the jar class path and its own home. */
    private String run(final String java, final int feature)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JvmFlags.forJdk(feature));
        cmd.add("-Duser.home=" + home);
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-Dslf4j.internal.verbosity=WARN");
        final String provider = System.getProperty("slf4j.provider");
        if (provider != null)
        {
            cmd.add("-Dslf4j.provider=" + provider);
        }
        cmd.add("-cp");
        cmd.add(jarClassPath);
        cmd.add(ArchiveProbeMain.class.getName());
        try (ChildProgram p = ChildProgram.start(cmd))
        {
            final int exit = p.awaitExit(RUN);
            final String out = p.output();
            System.out.println(out);
            assertEquals(0, exit, out);
            assertTrue(hasLine(out, "frontend done"), out);
            return out;
        }
    }

    private static String archiveName(final String out)
    {
        final Matcher m = Pattern.compile("(?m)^archive (\\S+)$").matcher(out);
        assertTrue(m.find(), "the frontend names its archive: " + out);
        assertFalse(m.group(1).equals("none"), "a class path of jars has an archive: " + out);
        return Paths.get(m.group(1)).getFileName().toString();
    }

    /** @return the archive files backend {@code n} mapped, as the probe printed them ("" for none). */
    private static String mapped(final String out, final int n)
    {
        final Matcher m = MAPPED.matcher(out);
        while (m.find())
        {
            if (Integer.parseInt(m.group(1)) == n)
            {
                return m.group(2);
            }
        }
        throw new AssertionError("no line of backend-" + n + ": " + out);
    }

    /** Only finished archives are left: no recording, partial or training claim (the AOT assembly may still be ending). */
    private void assertNoStrayFiles(final String... archives) throws IOException
    {
        final Path cds = home.resolve(".cache/tandem/cds");
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> names;
        do
        {
            try (Stream<Path> files = Files.list(cds))
            {
                names = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
        }
        while (names.size() > archives.length && System.nanoTime() - deadline < 0 && sleep());
        assertEquals(Stream.of(archives).sorted().toList(), names);
    }

    private static boolean sleep()
    {
        try
        {
            Thread.sleep(100);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return this JVM's class path with each class directory packed into a jar of its own under {@code into}. */
    private static String jarClassPath(final Path into) throws IOException
    {
        Files.createDirectories(into);
        final List<String> entries = new ArrayList<>();
        int n = 0;
        for (final String entry : ChildJvmCommand.classPath().split(File.pathSeparator))
        {
            final Path path = Paths.get(entry);
            if (!Files.isDirectory(path))
            {
                entries.add(entry);
                continue;
            }
            final Path jar = into.resolve((n++) + "-" + path.getFileName() + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(path))
            {
                for (final Path file : (Iterable<Path>)files.filter(Files::isRegularFile)::iterator)
                {
                    out.putNextEntry(new JarEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean hasLine(final String out, final String line)
    {
        return out.lines().anyMatch(line::equals);
    }
}
