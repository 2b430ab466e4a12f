package io.tandem.process;

import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.internal.launch.InstalledJdks;
import io.tandem.jvm.JvmFlags;
import io.tandem.test.ChildProgram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flag list per JDK, in real JVMs: on this JDK and on a JDK 24+ found beside it ({@link InstalledJdks}; the
 * tests of the newer JDK are skipped, with a note, where there is none): a JVM started with its JDK's list lacks
 * nothing and prints no warning; one started with the list of JDK 17 on JDK 25 runs, and is told only what that
 * JDK adds; one started with nothing is told the list of its own JDK, no flag of another.
 */
class JdkFlagsTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    @Test
    @Timeout(120)
    void thisJdksListLeavesNothingMissing()
    {
        final String out = probe(ChildJvmCommand.javaExecutable(), JvmFlags.all());
        assertTrue(hasLine(out, "missing=[]"), out);
        assertTrue(hasLine(out, "verified"), out);
        assertFalse(out.contains("WARNING"), out);
    }

    @Test
    @Timeout(120)
    void withoutFlagsTheErrorListsThisJdksFlagsOnly()
    {
        final int feature = Runtime.version().feature();
        final String out = probe(ChildJvmCommand.javaExecutable(), List.of());
        assertTrue(out.contains("io.tandem.jvm.MissingJvmFlagsException: Tandem uses OpenHFT Chronicle"), out);
        assertTrue(out.contains("Start java (JDK " + feature + ") with all of these"), out);
        assertTrue(hasLine(out, "    --add-opens=java.base/java.lang=ALL-UNNAMED"), out);
        assertEquals(feature >= JvmFlags.JDK23, out.contains(UNSAFE), "the 23+ flag is named on 23+ only: " + out);
    }

    @Test
    @Timeout(180)
    void onJdk25TheListIsWarningFreeAndTheOlderListRunsWithOnlyTheNewFlagMissing()
    {
        final Path jdk = newerJdk();
        final String java = InstalledJdks.java(jdk);

        final String full = probe(java, JvmFlags.forJdk(25));
        assertTrue(full.contains("jdk=2"), full);
        assertTrue(hasLine(full, "missing=[]") && hasLine(full, "verified"), full);
        assertFalse(full.contains("WARNING"), full);

        final String older = probe(java, JvmFlags.forJdk(17));
        assertTrue(hasLine(older, "missing=[" + UNSAFE + "]"), "only the flag of newer JDKs is missing: " + older);
        assertTrue(hasLine(older, "verified"), "a warning flag missing fails nothing: " + older);

        final String none = probe(java, List.of());
        assertTrue(none.contains("MissingJvmFlagsException"), none);
        assertTrue(none.contains("--enable-native-access=ALL-UNNAMED") && none.contains(UNSAFE), none);
        assertTrue(none.contains("/io/tandem/jvm/jvm-jdk23.args"), "names the argfile of newer JDKs: " + none);
    }

    /** @return a JDK 24+ beside this one, or skips the test with a printed note. */
    static Path newerJdk()
    {
        final Optional<Path> jdk = InstalledJdks.find(24);
        if (jdk.isEmpty())
        {
            System.out.println("note: no JDK 24+ found beside " + System.getProperty("java.home") + " (nor named by -D" +
                InstalledJdks.PROPERTY + " or $" + InstalledJdks.ENV + "): the JDK 25 test is skipped");
        }
        Assumptions.assumeTrue(jdk.isPresent(), "no JDK 24+ found");
        return jdk.get();
    }

    private static String probe(final String java, final List<String> flags)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(ChildJvmCommand.classPath());
        cmd.add("-Dslf4j.internal.verbosity=ERROR");
        cmd.add(FlagsProbeMain.class.getName());
        try (ChildProgram p = ChildProgram.start(cmd))
        {
            assertEquals(0, p.awaitExit(WAIT), p.output());
            return p.output();
        }
    }

    private static boolean hasLine(final String out, final String line)
    {
        return out.lines().anyMatch(line::equals);
    }
}
