package io.tandem.remote.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A SHA-256 over the CONTENTS of this JVM's class path entries, in order: a jar's bytes; a directory's files, each as
 * its relative path then its bytes, in sorted order. A manifest-only jar (surefire's booter) stands for the entries
 * its {@code Class-Path} names; an empty entry (the working directory) is left out. Where the files live does not matter, what they hold does: a frontend and a node with
 * the same classes agree, and any differing class or jar makes them differ. Computed once per JVM.
 */
public final class ClassPathHash
{
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

    /** @return the entries of {@code classPath}, manifest-only jars replaced by the entries they name. */
    static List<Path> entries(final String classPath)
    {
        final List<Path> entries = new ArrayList<>();
        for (final String entry : classPath.split(File.pathSeparator, -1))
        {
            if (entry.isEmpty())
            {
                // The working directory, to the JVM (surefire's class path ends in one): hashing it would take in
                // whatever is written there meanwhile (test reports, logs), and its classes, if any, are not shipped.
                continue;
            }
            final Path path = Paths.get(entry).toAbsolutePath();
            final List<Path> named = manifestClassPath(path);
            if (named != null)
            {
                entries.addAll(named);
            }
            else
            {
                entries.add(path);
            }
        }
        return entries;
    }

    /** @return the hash of {@code entries}' contents. */
    static byte[] of(final List<Path> entries)
    {
        final MessageDigest digest = sha256();
        final byte[] buffer = new byte[64 << 10];
        for (final Path entry : entries)
        {
            digest.update(("\u0000entry\u0000").getBytes(StandardCharsets.UTF_8));
            if (Files.isDirectory(entry))
            {
                try (Stream<Path> files = Files.walk(entry))
                {
                    for (final Path file : (Iterable<Path>)files.filter(Files::isRegularFile).sorted()::iterator)
                    {
                        digest.update(entry.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                        digest.update((byte)0);
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
                update(digest, entry, buffer);
            }
            // a missing entry contributes only its separator, as the JVM ignores it
        }
        return digest.digest();
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

    /** @return the entries a manifest-only jar's Class-Path names, or null if {@code path} is not one. */
    private static List<Path> manifestClassPath(final Path path)
    {
        if (!path.toString().endsWith(".jar") || !Files.isRegularFile(path))
        {
            return null;
        }
        try (JarFile jar = new JarFile(path.toFile()))
        {
            final Manifest manifest = jar.getManifest();
            final String named = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (named == null || named.isBlank() || jar.stream().anyMatch(e -> e.getName().endsWith(".class")))
            {
                return null;
            }
            final List<Path> entries = new ArrayList<>();
            for (final String url : named.trim().split("\\s+"))
            {
                final java.net.URI uri = path.toUri().resolve(url);
                entries.add(Paths.get(uri));
            }
            return entries;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return null;
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
