package io.tandem.remote.internal;

import io.tandem.ProcessOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's JVM argument allow-list: sizing and application properties pass; what writes files or runs code does not. */
class JvmArgPolicyTest
{
    private final JvmArgPolicy defaults = new JvmArgPolicy(List.of());

    @Test
    void sizingTuningAndApplicationPropertiesAreAllowed()
    {
        assertNull(defaults.refusal(ProcessOptions.LEAN_JVM_ARGS), "the lean preset");
        for (final String arg : List.of("-Xmx2g", "-Xms512m", "-Xss1m", "-Xmn64M", "-XX:MaxDirectMemorySize=1g",
            "-XX:+UseZGC", "-XX:-UseG1GC", "-XX:+AlwaysPreTouch", "-XX:MaxGCPauseMillis=5", "-XX:MaxRAMPercentage=75.0",
            "-Dapp.mode=fast", "-Dflag", "-Dbig=" + "b".repeat(2000), "-Dtandem.backlog=64m", "-Dline=a\nb"))
        {
            assertTrue(defaults.allowed(arg), arg);
        }
    }

    @Test
    void whatWritesFilesRunsCodeOrRedirectsTheJvmIsRefusedNamingIt()
    {
        for (final String arg : List.of("-Xlog:gc:file=/tmp/x", "-XX:OnOutOfMemoryError=touch /tmp/x", "-javaagent:/a.jar",
            "-agentlib:jdwp=transport=dt_socket", "-agentpath:/x.so", "-jar", "x.jar", "-cp", "-XX:+HeapDumpOnOutOfMemoryError",
            "-XX:HeapDumpPath=/tmp", "-XX:ErrorFile=/tmp/x", "-Djava.security.manager=allow", "-Djdk.attach.allowAttachSelf",
            "-Dsun.misc.x=1", "-Dcom.sun.management.jmxremote.port=9", "-Dtandem.root=/tmp", "-Dtandem.aeron.dir=/tmp",
            "-D", "-D=x", "-Xmx", "-Xmx1g;rm", "--add-opens=java.base/java.lang=ALL-UNNAMED", "@argfile", "-XX:Flags=/tmp/f",
            "-XX:+UnlockDiagnosticVMOptions", "-Xbootclasspath/a:/x"))
        {
            assertFalse(defaults.allowed(arg), arg);
            final String refusal = defaults.refusal(List.of("-Xmx64m", arg));
            assertTrue(refusal != null && refusal.startsWith("JVM argument '" + LogText.escape(arg) + "' is not allowed"),
                arg + ": " + refusal);
        }
    }

    @Test
    void theOperatorAddsArgumentsOrPrefixes()
    {
        final JvmArgPolicy more = new JvmArgPolicy(List.of("-XX:+UseLargePages", "-XX:NewRatio=*"));
        assertTrue(more.allowed("-XX:+UseLargePages"));
        assertTrue(more.allowed("-XX:NewRatio=3"));
        assertFalse(more.allowed("-XX:+UseLargePagesX"), "an exact pattern is exact");
        assertFalse(more.allowed("-javaagent:/a.jar"));
        assertTrue(more.allowed("-Xmx1g"), "the defaults stay");
        assertEquals("an allowed JVM argument must be an argument or a prefix ending in '*', got '*'",
            assertThrows(IllegalArgumentException.class, () -> new JvmArgPolicy(List.of("*"))).getMessage());
    }
}
