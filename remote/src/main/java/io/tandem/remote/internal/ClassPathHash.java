package io.tandem.remote.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A SHA-256 over the CONTENTS of this JVM's class path entries, in the order the JVM searches them: a jar's bytes,
 * then the entries its manifest's {@code Class-Path} names (recursively, each once: a {@code java -jar app.jar} layout
 * hashes its dependencies too); a directory's files, each as its relative path and its bytes, in sorted order. A
 * manifest-only jar (surefire's booter: no classes, only absolute paths) stands for the entries it names; an empty
 * entry (the working directory) is left out. Every item is framed (its kind, its name's length and name, its
 * content's length and content), so no two different class paths hash alike by moving bytes between items, and a
 * missing entry differs from an empty directory. Where the files live does not matter, what they hold does: a
 * frontend and a node with the same classes agree, and any differing class or jar makes them differ. Computed once
 * per JVM.
 */
public final class ClassPathHash
{
    private static final byte JAR = 'J';
    private static final byte DIRECTORY = 'D';
    private static final byte FILE = 'F';
    private static final byte MISSING = 'M';

    private static volatile byte[] current;

    private ClassPathHash()
    {
    }

    /** @return this JVM's class path hash (computed on first use). */
    public static byte[] current()
    {
        byte[] hash = current;
        if (hash == null)
        {
            synchronized (ClassPathHash.class)
            {
                hash = current;
                if (hash == null)
                {
                    hash = of(entries(System.getProperty("java.class.path", "")));
                    current = hash;
                }
            }
        }
        return hash.clone();
    }

    /**
     * @return the entries of {@code classPath} in search order: each jar followed by what its {@code Class-Path} names
     * (recursively, each entry once), manifest-only jars replaced by the entries they name.
     */
    static List<Path> entries(final String classPath)
    {
        final List<Path> entries = new ArrayList<>();
        final Set<Path> visited = new HashSet<>();
        for (final String entry : classPath.split(File.pathSeparator, -1))
        {
            if (entry.isEmpty())
            {
                // The working directory, to the JVM (surefire's class path ends in one): hashing it would take in
                // whatever is written there meanwhile (test reports, logs), and its classes, if any, are not shipped.
                continue;
            }
            add(Paths.get(entry).toAbsolutePath().normalize(), visited, entries);
        }
        return entries;
    }

    private static void add(final Path path, final Set<Path> visited, final List<Path> entries)
    {
        if (!visited.add(path))
        {
            return; // named twice, or a Class-Path cycle: the JVM searches it once
        }
        final Manifested named = manifestClassPath(path);
        if (named == null || !named.manifestOnly)
        {
            entries.add(path);
        }
        if (named != null)
        {
            for (final Path dependency : named.entries)
            {
                add(dependency, visited, entries);
            }
        }
    }

    /** @return the hash of {@code entries}' contents, each item framed. */
    static byte[] of(final List<Path> entries)
    {
        final MessageDigest digest = sha256();
        final byte[] buffer = new byte[64 << 10];
        for (final Path entry : entries)
        {
            if (Files.isDirectory(entry))
            {
                frame(digest, DIRECTORY, "", 0);
                try (Stream<Path> files = Files.walk(entry))
                {
                    for (final Path file : (Iterable<Path>)files.filter(Files::isRegularFile).sorted()::iterator)
                    {
                        frame(digest, FILE, entry.relativize(file).toString(), Files.size(file));
                        update(digest, file, buffer);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot read class path entry " + entry, ex);
                }
            }
            else if (Files.isRegularFile(entry))
            {
                try
                {
                    frame(digest, JAR, "", Files.size(entry));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot read class path entry " + entry, ex);
                }
                update(digest, entry, buffer);
            }
            else
            {
                frame(digest, MISSING, "", 0); // the JVM ignores it, but a node where it exists has other classes
            }
        }
        return digest.digest();
    }

    /** Kind, name length, name, content length: the content's bytes follow. */
    private static void frame(final MessageDigest digest, final byte kind, final String name, final long contentLength)
    {
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer header = ByteBuffer.allocate(1 + 4 + utf8.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        header.put(kind).putInt(utf8.length).put(utf8).putLong(contentLength);
        digest.update(header.array());
    }

    private static void update(final MessageDigest digest, final Path file, final byte[] buffer)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            int read;
            while ((read = in.read(buffer)) > 0)
            {
                digest.update(buffer, 0, read);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read class path entry " + file, ex);
        }
    }

    /** The entries a jar's Class-Path names; whether the jar holds nothing else (no class). */
    private record Manifested(List<Path> entries, boolean manifestOnly)
    {
    }

    /** @return what the jar at {@code path} names in its Class-Path, or null if it is no jar or names nothing. */
    private static Manifested manifestClassPath(final Path path)
    {
        if (!path.toString().endsWith(".jar") || !Files.isRegularFile(path))
        {
            return null;
        }
        try (JarFile jar = new JarFile(path.toFile()))
        {
            final Manifest manifest = jar.getManifest();
            final String named = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (named == null || named.isBlank())
            {
                return null;
            }
            final List<Path> entries = new ArrayList<>();
            for (final String url : named.trim().split("\\s+"))
            {
                try
                {
                    entries.add(Paths.get(path.toUri().resolve(url)).normalize()); // relative to the jar, as the JVM does
                }
                catch (final IllegalArgumentException | java.nio.file.FileSystemNotFoundException ex)
                {
                    // not a local file (the JVM would fetch it): left out, as the JVM may fail to
                }
            }
            return new Manifested(entries, jar.stream().noneMatch(e -> e.getName().endsWith(".class")));
        }
        catch (final IOException ex)
        {
            return null; // not readable as a jar: hashed as a file
        }
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
    }
}
