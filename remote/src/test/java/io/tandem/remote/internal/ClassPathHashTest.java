package io.tandem.remote.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    private static Path tree(final Path root, final String content) throws Exception
    {
        Files.createDirectories(root.resolve("p"));
        Files.writeString(root.resolve("p/C.class"), content);
        Files.writeString(root.resolve("lib.jar"), "jar bytes");
        return root;
    }
}
