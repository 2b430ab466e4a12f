package io.tandem.internal.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdsArchivePrunerTest
{
    private static final long NOW = TimeUnit.DAYS.toMillis(20_000);

    @TempDir
    Path dir;

    @Test
    void keepsTheMostRecentlyUsedArchivesAndTheNewOneAndRemovesTheRest() throws IOException
    {
        final Path newest = archive("new", NOW);
        for (int i = 1; i <= 12; i++)
        {
            archive("old-" + i, NOW - TimeUnit.HOURS.toMillis(i)); // old-1 used most recently
        }
        final Path training = Files.createFile(dir.resolve("x.jsa.training"));

        final List<Path> removed = CdsArchivePruner.prune(dir, newest, NOW);

        final Set<String> left = names();
        assertTrue(left.contains("new.jsa") && left.contains("x.jsa.training"), left.toString());
        for (int i = 1; i < CdsArchivePruner.MAX_KEPT; i++)
        {
            assertTrue(left.contains("old-" + i + ".jsa"), "recently used archive kept: " + left);
        }
        assertEquals(CdsArchivePruner.MAX_KEPT + 1, left.size(), left.toString());
        assertEquals(13 - CdsArchivePruner.MAX_KEPT, removed.size(), removed.toString());
        assertTrue(Files.exists(training) && Files.exists(newest));
    }

    @Test
    void removesArchivesUnusedForTwoWeeksEvenWhenFewButNeverTheOneJustMade() throws IOException
    {
        final long stale = NOW - TimeUnit.DAYS.toMillis(CdsArchivePruner.MAX_AGE_DAYS + 1);
        final Path justMade = archive("made", stale); // an odd clock: still kept, it is the one in use
        archive("stale", stale);
        archive("fresh", NOW - TimeUnit.DAYS.toMillis(1));

        CdsArchivePruner.prune(dir, justMade, NOW);

        assertEquals(Set.of("made.jsa", "fresh.jsa"), names());
    }

    @Test
    void classDataArchivesAndAotCachesAreCountedAndPrunedTogether() throws IOException
    {
        final Path newest = archive("new", NOW);
        for (int i = 1; i <= 6; i++)
        {
            archive("jdk17-" + i, NOW - TimeUnit.HOURS.toMillis(2L * i));
            Files.setLastModifiedTime(Files.write(dir.resolve("jdk25-" + i + ".aot"), new byte[] {1}),
                FileTime.fromMillis(NOW - TimeUnit.HOURS.toMillis(2L * i + 1)));
        }
        final Path config = Files.write(dir.resolve("x.aot.config"), new byte[] {1}); // an assembly under way

        CdsArchivePruner.prune(dir, newest, NOW);

        final Set<String> left = names();
        assertEquals(CdsArchivePruner.MAX_KEPT + 1, left.size(), left.toString()); // the kept ones, and the config
        assertTrue(left.containsAll(Set.of("new.jsa", "jdk17-1.jsa", "jdk25-1.aot", "jdk17-3.jsa", "jdk25-3.aot")), left.toString());
        assertTrue(!left.contains("jdk25-4.aot") && !left.contains("jdk17-5.jsa"), left.toString());
        assertTrue(Files.exists(config));
    }

    @Test
    void touchMarksAnArchiveAsUsedSoItOutlivesOthers() throws IOException
    {
        final Path used = archive("used", NOW - TimeUnit.DAYS.toMillis(CdsArchivePruner.MAX_AGE_DAYS + 5));
        CdsArchivePruner.touch(used);
        assertTrue(Files.getLastModifiedTime(used).toMillis() > System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(1));
    }

    @Test
    void aMissingDirectoryRemovesNothing()
    {
        assertEquals(List.of(), CdsArchivePruner.prune(dir.resolve("none"), dir.resolve("none/a.jsa"), NOW));
    }

    private Path archive(final String name, final long lastUsedMillis) throws IOException
    {
        final Path file = Files.write(dir.resolve(name + ".jsa"), new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.fromMillis(lastUsedMillis));
        return file;
    }

    private Set<String> names() throws IOException
    {
        final Set<String> names = new HashSet<>();
        try (var files = Files.list(dir))
        {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }
}
