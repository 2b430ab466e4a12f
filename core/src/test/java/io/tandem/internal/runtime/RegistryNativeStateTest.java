package io.tandem.internal.runtime;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The registry's Chronicle Map finds its header state class pre-generated on the class path
 * ({@code net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native} in core), so opening the first registry of a
 * JVM runs no javac; and that class is exactly what Chronicle Values would generate for the Chronicle Map in use.
 */
@Timeout(60)
class RegistryNativeStateTest
{
    private static final String NATIVE_NAME = "VanillaGlobalMutableState$$Native";
    private static final Path SHIPPED = Paths.get("src", "main", "java", "net", "openhft", "chronicle", "hash",
        NATIVE_NAME + ".java");

    @TempDir
    Path tmp;

    @Test
    void theRegistryUsesTheShippedClassNotJavac()
    {
        try (Registry registry = Registry.open(tmp))
        {
            registry.put("worker-1", Map.of("class", "x.Y", "slot", "1"));
            assertEquals("x.Y", registry.entries().get("worker-1").get("class"));
        }
        final Class<?> nativeClass = Values.nativeClassFor(VanillaGlobalMutableState.class);
        // compiled at run time it is defined from bytes in memory, with no code source; shipped, it comes from core
        final CodeSource source = nativeClass.getProtectionDomain().getCodeSource();
        assertEquals(Registry.class.getProtectionDomain().getCodeSource().getLocation(),
            source == null ? null : source.getLocation(),
            "Chronicle Values compiled " + nativeClass.getName() + " itself: the shipped class was not found");
    }

    @Test
    void theShippedSourceIsWhatChronicleValuesGeneratesNow() throws Exception
    {
        final Class<?> generators = Class.forName("net.openhft.chronicle.values.Generators");
        final Method generate = generators.getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true);
        final String generated = (String)generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class),
            NATIVE_NAME);
        final String shipped = Files.readString(SHIPPED, StandardCharsets.UTF_8);
        final String body = shipped.substring(shipped.indexOf("package "))
            .replace("@SuppressWarnings(\"rawtypes\") // as generated\n", "");
        assertEquals(generated, body, "Chronicle Values now generates another " + NATIVE_NAME + " (the Chronicle " +
            "Map or Values version changed): replace everything from 'package' on in " + SHIPPED.toAbsolutePath() +
            " with what it generates (the expected text above), keeping the @SuppressWarnings line");
    }
}
