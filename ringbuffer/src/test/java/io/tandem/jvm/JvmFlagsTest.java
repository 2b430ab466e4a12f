package io.tandem.jvm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one flag list, per JDK. (Real JVMs of each JDK: core's JdkFlagsTest.) */
class JvmFlagsTest
{
    private static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    private static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    @Test
    void everyJdkGetsTheModuleFlagsAndNativeAccessOnly23OnTheUnsafeFlag()
    {
        final List<String> on17 = JvmFlags.forJdk(17);
        assertTrue(on17.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), on17.toString());
        assertTrue(on17.contains(NATIVE), on17.toString());
        assertFalse(on17.contains(UNSAFE), "JDK 17 refuses options it does not know: " + on17);
        assertEquals(on17, JvmFlags.forJdk(21));
        assertEquals(on17, JvmFlags.forJdk(22));
        final List<String> expected = new ArrayList<>(on17);
        expected.add(UNSAFE);
        assertEquals(expected, JvmFlags.forJdk(23));
        assertEquals(expected, JvmFlags.forJdk(25));
    }

    @Test
    void theRunningJdksListIsAllAndThisTestJvmLacksNone()
    {
        assertEquals(JvmFlags.forJdk(Runtime.version().feature()), JvmFlags.all());
        assertEquals(List.of(), JvmFlags.missingFlags(), "surefire starts test JVMs with this JDK's list");
        JvmFlags.verifyCurrentJvm();
    }

    @Test
    void aJdkOlderThan17IsRefusedByName()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JvmFlags.forJdk(11));
        assertTrue(e.getMessage().contains("JDK 11"), e.getMessage());
    }

    @Test
    void theManifestOpensExportsAndEnablesNativeAccessButCannotCarryTheUnsafeFlag()
    {
        final Attributes main = Flags.manifest().getMainAttributes();
        assertTrue(main.getValue("Add-Opens").contains("java.base/java.lang "), main.toString());
        assertTrue(main.getValue("Add-Exports").contains("jdk.unsupported/sun.misc"), main.toString());
        assertEquals("ALL-UNNAMED", main.getValue("Enable-Native-Access"));
        assertFalse(main.toString().contains("unsafe-memory"), main.toString());
    }
}
