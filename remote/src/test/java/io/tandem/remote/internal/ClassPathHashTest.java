package io.tandem.remote.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The class path hash is over contents: the same classes elsewhere agree, one changed byte or file disagrees. */
class ClassPathHashTest
{
    @TempDir
    Path dir;

    @Test
    void sameContentsElsewhereAgreeAndAnyChangeDisagrees() throws Exception
    {
        final Path a = tree(dir.resolve("a"), "x");
        final Path b = tree(dir.resolve("b"), "x");
        final byte[] here = ClassPathHash.of(ClassPathHash.entries(a + File.pathSeparator + a.resolve("lib.jar")));
        final byte[] there = ClassPathHash.of(ClassPathHash.entries(b + File.pathSeparator + b.resolve("lib.jar") +
            File.pathSeparator)); // a trailing empty entry (the working directory) is left out
        assertArrayEquals(here, there);
        Files.writeString(b.resolve("p/C.class"), "y");
        assertFalse(java.util.Arrays.equals(here, ClassPathHash.of(List.of(b, b.resolve("lib.jar")))), "a changed class");
        final Path c = tree(dir.resolve("c"), "x");
        Files.writeString(c.resolve("p/D.class"), "x");
        assertFalse(java.util.Arrays.equals(here, ClassPathHash.of(List.of(c, c.resolve("lib.jar")))), "an extra class");
        assertFalse(java.util.Arrays.equals(here, ClassPathHash.of(List.of(a.resolve("lib.jar"), a))), "another order");
    }

    @Test
    void aJarsClassPathManifestIsFollowedRecursivelyOnce() throws Exception
    {
        final Path lib = Files.createDirectories(dir.resolve("app/lib"));
        Files.writeString(lib.resolve("dep.jar"), "dependency v1");
        jar(lib.resolve("mid.jar"), "dep.jar ../app.jar"); // a cycle back to app.jar: followed once
        jar(dir.resolve("app/app.jar"), "lib/mid.jar");
        final String classPath = dir.resolve("app/app.jar").toString();
        assertEquals(List.of(dir.resolve("app/app.jar"), lib.resolve("mid.jar"), lib.resolve("dep.jar")),
            ClassPathHash.entries(classPath), "the jar, then what its Class-Path names, in the JVM's order");
        final byte[] before = ClassPathHash.of(ClassPathHash.entries(classPath));
        Files.writeString(lib.resolve("dep.jar"), "dependency v2");
        assertFalse(java.util.Arrays.equals(before, ClassPathHash.of(ClassPathHash.entries(classPath))),
            "a changed dependency named only in a manifest");
    }

    @Test
    void itemsAreFramedSoNoBytesMoveBetweenThem() throws Exception
    {
        final Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("a"), "x");
        Files.writeString(two.resolve("b"), "y");
        final Path one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("a"), "xb\u0000y");
        assertFalse(java.util.Arrays.equals(ClassPathHash.of(List.of(two)), ClassPathHash.of(List.of(one))),
            "{a=x, b=y} and {a=xb\\0y}");
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertFalse(java.util.Arrays.equals(ClassPathHash.of(List.of(empty)),
            ClassPathHash.of(List.of(dir.resolve("missing")))), "an empty directory and a missing entry");
        Files.writeString(dir.resolve("f1"), "ab");
        Files.writeString(dir.resolve("f2"), "c");
        Files.writeString(dir.resolve("f3"), "a");
        Files.writeString(dir.resolve("f4"), "bc");
        assertFalse(java.util.Arrays.equals(ClassPathHash.of(List.of(dir.resolve("f1"), dir.resolve("f2"))),
            ClassPathHash.of(List.of(dir.resolve("f3"), dir.resolve("f4")))), "two jars {ab, c} and {a, bc}");
    }

    private static void jar(final Path file, final String classPath) throws Exception
    {
        final java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classPath);
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(file), manifest))
        {
            out.putNextEntry(new java.util.zip.ZipEntry("p/App.class")); // classes of its own: not manifest-only
            out.write(new byte[] {(byte)0xCA, (byte)0xFE});
            out.closeEntry();
        }
    }

    private static Path tree(final Path root, final String content) throws Exception
    {
        Files.createDirectories(root.resolve("p"));
        Files.writeString(root.resolve("p/C.class"), content);
        Files.writeString(root.resolve("lib.jar"), "jar bytes");
        return root;
    }
}
