package io.tandem.internal.launch.junit;

import io.tandem.test.ChildProgram;
import io.tandem.test.NativeInitProbe;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins {@link LazyNativeInit}'s trick to the Chronicle on the class path: a backend's start leaves Chronicle's
 * native bindings unloaded, and without the trick they load. If a Chronicle upgrade changes how it detects
 * JUnit (or gains a supported switch), the first test fails; if it stops loading them eagerly, the second
 * does, and the trick can go. Each runs in a JVM of its own: this one runs under JUnit, which is the trick.
 */
@Timeout(120)
class LazyNativeInitTest
{
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void aBackendsStartLeavesChroniclesNativeBindingsUnloaded()
    {
        assertEquals(List.of("false", "false"), loaded(List.of()),
            "Chronicle loaded its native bindings despite LazyNativeInit: its JUnit detection changed?");
    }

    @Test
    void withoutTheTrickChronicleLoadsThemEagerly()
    {
        assertEquals(List.of("true", "true"), loaded(List.of("-D" + LazyNativeInit.PROPERTY + "=false")),
            "Chronicle no longer loads its native bindings eagerly: LazyNativeInit has nothing left to do");
    }

    /** @return for each of {@link NativeInitProbe#EAGER_CLASSES}, whether the probe found it loaded. */
    private static List<String> loaded(final List<String> jvmArgs)
    {
        try (ChildProgram probe = ChildProgram.start(TestJvm.command(jvmArgs, NativeInitProbe.class)))
        {
            final String affinity = probe.awaitLine("LOADED " + NativeInitProbe.EAGER_CLASSES[0], LIMIT);
            final String posix = probe.awaitLine("LOADED " + NativeInitProbe.EAGER_CLASSES[1], LIMIT);
            assertEquals(0, probe.awaitExit(LIMIT), probe.output());
            return List.of(affinity, posix);
        }
    }
}
