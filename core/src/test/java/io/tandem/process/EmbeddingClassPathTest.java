package io.tandem.process;

import io.tandem.ProcessOptions;
import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.jvm.Flags;
import io.tandem.jvm.JvmFlags;
import io.tandem.test.Await;
import io.tandem.test.NoLeftovers;
import io.tandem.test.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend finds the user's classes however the frontend was started: from a fat jar with plain
 * {@code java -jar} (Chronicle's module flags from the manifest Tandem ships, {@value Flags#MANIFEST_RESOURCE}), from
 * class directories (an IDE), through a manifest-only jar (surefire's default), and from surefire itself; and it
 * logs at the level the frontend's configuration sets (a system property, or {@code simplelogger.properties} on
 * the class path). Every case is real JVMs: a frontend, and the backend it starts.
 */
@ExtendWith(NoLeftovers.class)
class EmbeddingClassPathTest
{
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String DEBUG_LINE = "ClassPathProbeProcess.probe - DEBUG - probe: debug";
    private static final String TRACE_LINE = "ClassPathProbeProcess.probe - TRACE - probe: trace";

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void aFatJarRunsWithPlainJavaDashJarAndItsBackendFindsTheJar() throws Exception
    {
        final Path jar = dir.resolve("app.jar");
        final Manifest manifest = shippedManifest();
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, EmbeddedFrontendMain.class.getName());
        writeFatJar(jar, manifest, Map.of("simplelogger.properties",
            "org.slf4j.simpleLogger.log.ClassPathProbeProcess=debug\norg.slf4j.simpleLogger.log.net.openhft=warn\n"));

        // As a user types it: no flag, the jar named relative to the working directory. (-Dtandem.cds=off only
        // spares the machine a class-data archive of a jar made for one test.)
        final String out = run(List.of(ChildJvmCommand.javaExecutable(), "-Dtandem.cds=off", "-jar", "app.jar"));

        assertTrue(out.contains("backend java.class.path=" + jar.toAbsolutePath() + "\n"), out);
        assertTrue(out.contains("backend chronicle.analytics.disable=true\n"), out);
        // The manifest opened the packages for the frontend's JVM only: the backend got the list on its command line.
        final List<String> options = out.lines().filter(l -> l.startsWith("backend options="))
            .map(l -> List.of(l.substring("backend options=".length()).split(" "))).findFirst().orElse(List.of());
        for (final String flag : JvmFlags.all())
        {
            assertTrue(options.contains(flag), "backend started with " + flag + ": " + options);
        }
        assertTrue(out.contains("backend logged\n"), out);
        assertTrue(out.contains(DEBUG_LINE + "\n"), "simplelogger.properties in the jar sets the backend's level: " + out);
        assertFalse(out.contains(TRACE_LINE), out);
        assertTrue(out.contains("frontend done\n"), out);
    }

    @Test
    @Timeout(180)
    void classDirectoriesAsAnIdeRunsThem() throws Exception
    {
        final List<String> entries = testClassPath();
        assertTrue(entries.stream().anyMatch(e -> Files.isDirectory(Paths.get(e))),
            "the test class path holds class directories: " + entries);
        final List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmCommand.javaExecutable());
        cmd.addAll(JvmFlags.all());
        cmd.add("-Dorg.slf4j.simpleLogger.log.ClassPathProbeProcess=debug"); // the backend inherits it
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, entries));
        cmd.add(EmbeddedFrontendMain.class.getName());

        final String out = run(cmd);

        assertTrue(out.contains("backend java.class.path=" + String.join(File.pathSeparator, entries) + "\n"), out);
        assertTrue(out.contains("backend chronicle.analytics.disable=true\n"), out);
        assertTrue(out.contains(DEBUG_LINE + "\n"), "the frontend's -D level reaches the backend: " + out);
        assertFalse(out.contains(TRACE_LINE), out);
        assertTrue(out.contains("frontend done\n"), out);
    }

    @Test
    @Timeout(180)
    void aManifestOnlyJarAsSurefireMakesOne() throws Exception
    {
        final Path booter = dir.resolve("booter.jar");
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, EmbeddedFrontendMain.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClassPath().stream()
            .map(e -> Paths.get(e).toUri().toString()) // a directory's URI ends with '/', as Class-Path needs
            .collect(Collectors.joining(" ")));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(booter), manifest))
        {
            out.flush();
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmCommand.javaExecutable());
        cmd.addAll(JvmFlags.all());
        cmd.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        cmd.add("-jar");
        cmd.add(booter.toString());

        final String out = run(cmd);

        assertTrue(out.contains("backend java.class.path=" + booter.toAbsolutePath() + "\n"), out);
        assertTrue(out.contains("backend logged\n"), out);
        assertFalse(out.contains(DEBUG_LINE), "info is the default level: " + out);
        assertTrue(out.contains("frontend done\n"), out);
    }

    @Test
    @Timeout(120)
    void aBackendStartedUnderSurefireLogsAtTheLevelTheFrontendSet()
    {
        final String key = "org.slf4j.simpleLogger.log.ClassPathProbeProcess.level-probe";
        System.setProperty(key, "debug");
        try (Output output = Output.capture())
        {
            try (ClassPathProbeProcess probe = new ClassPathProbeProcess("level-probe",
                ProcessOptions.builder().output(ProcessOptions.Output.PIPE).replyTimeout(Duration.ofSeconds(60)).build()))
            {
                probe.start();
                final ProbeCommands backend = probe.backend(ProbeCommands.class);
                assertEquals("debug", backend.property(key));
                assertEquals("logged", backend.logAtEachLevel());
                assertEquals(ChildJvmCommand.classPath(), backend.property("java.class.path"));
            }
            Await.until(Duration.ofSeconds(10),
                () -> output.text().contains("ClassPathProbeProcess.level-probe - INFO - probe: info"),
                "the backend's info line");
            final String text = output.text();
            assertTrue(text.contains("ClassPathProbeProcess.level-probe - DEBUG - probe: debug"), text);
            assertFalse(text.contains("ClassPathProbeProcess.level-probe - TRACE - probe: trace"), text);
        }
        finally
        {
            System.clearProperty(key);
        }
    }

    /** @return this JVM's class path as entries, made absolute (what a backend of it is given). */
    private static List<String> testClassPath()
    {
        return Stream.of(ChildJvmCommand.classPath().split(File.pathSeparator)).collect(Collectors.toList());
    }

    /** @return the manifest the ring buffer jar ships for executable jars: Add-Opens and Add-Exports. */
    private static Manifest shippedManifest() throws IOException
    {
        try (InputStream in = Flags.class.getResourceAsStream(Flags.MANIFEST_RESOURCE))
        {
            assertTrue(in != null, Flags.MANIFEST_RESOURCE + " is built into the ring buffer's classes");
            final Manifest manifest = new Manifest(in);
            assertTrue(manifest.getMainAttributes().getValue("Add-Opens").contains("java.base/java.lang"),
                "Add-Opens: " + manifest.getMainAttributes());
            return manifest;
        }
    }

    /**
     * Writes what the shade plugin would: every class and resource of this JVM's class path in one jar (first
     * copy wins, service files concatenated, signatures and module descriptors dropped), plus {@code extra}.
     */
    private static void writeFatJar(final Path jar, final Manifest manifest, final Map<String, String> extra)
        throws IOException
    {
        final Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        final Set<String> written = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest))
        {
            out.setLevel(1);
            for (final Map.Entry<String, String> e : extra.entrySet())
            {
                put(out, written, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            for (final String entry : testClassPath())
            {
                final Path path = Paths.get(entry);
                if (Files.isDirectory(path))
                {
                    try (Stream<Path> files = Files.walk(path))
                    {
                        for (final Path file : (Iterable<Path>)files.filter(Files::isRegularFile)::iterator)
                        {
                            final String name = path.relativize(file).toString().replace(File.separatorChar, '/');
                            copy(out, written, services, name, Files.readAllBytes(file));
                        }
                    }
                }
                else if (Files.isRegularFile(path) && !path.getFileName().toString().startsWith("archunit"))
                {
                    try (JarFile in = new JarFile(path.toFile()))
                    {
                        final Enumeration<JarEntry> jarEntries = in.entries();
                        while (jarEntries.hasMoreElements())
                        {
                            final JarEntry je = jarEntries.nextElement();
                            if (!je.isDirectory())
                            {
                                try (InputStream is = in.getInputStream(je))
                                {
                                    copy(out, written, services, je.getName(), is.readAllBytes());
                                }
                            }
                        }
                    }
                }
            }
            for (final Map.Entry<String, ByteArrayOutputStream> s : services.entrySet())
            {
                put(out, written, s.getKey(), s.getValue().toByteArray());
            }
        }
    }

    private static void copy(final JarOutputStream out, final Set<String> written,
        final Map<String, ByteArrayOutputStream> services, final String name, final byte[] bytes) throws IOException
    {
        final String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class") ||
            upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".RSA") ||
                upper.endsWith(".DSA") || upper.endsWith(".EC")))
        {
            return;
        }
        if (name.startsWith("META-INF/services/"))
        {
            final OutputStream service = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
            service.write(bytes);
            service.write('\n');
            return;
        }
        put(out, written, name, bytes);
    }

    private static void put(final JarOutputStream out, final Set<String> written, final String name,
        final byte[] bytes) throws IOException
    {
        if (written.add(name))
        {
            out.putNextEntry(new JarEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
    }

    /** Runs {@code cmd} in {@link #dir}, its output and error merged, and returns them once it has exited 0. */
    private String run(final List<String> cmd) throws IOException, InterruptedException
    {
        final Path log = dir.resolve("output.txt");
        final Process process = new ProcessBuilder(cmd).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try
        {
            final boolean exited = process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            final String out = Files.readString(log).replace(System.lineSeparator(), "\n");
            System.out.println(out);
            assertTrue(exited, "the frontend ended within " + RUN_TIMEOUT + ": " + out);
            assertEquals(0, process.exitValue(), out);
            return out;
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
