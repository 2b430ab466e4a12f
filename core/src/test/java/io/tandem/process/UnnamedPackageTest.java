package io.tandem.process;

import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A process class, its commands and its replies in the unnamed package (a quick test program): Chronicle
 * cannot compile generated readers and writers for them, so Tandem does not try, and the program runs quietly
 * on the reflective ones, in either mode, whether code generation is eager or tiered (past its threshold).
 */
@Timeout(120)
class UnnamedPackageTest
{
    @ParameterizedTest
    @CsvSource({"eager, CHILD_JVM, 50", "tiered, IN_JVM, 1500", "tiered, CHILD_JVM, 1500"})
    void runsQuietlyWithoutGeneratedCode(final String codegen, final String mode, final int count)
    {
        try (ChildProgram program = ChildProgram.start(TestJvm.command(List.of("-Dtandem.codegen=" + codegen,
            "-Dtandem.codegen.threshold=1000"), "UnnamedPackageMain", Integer.toString(count), mode)))
        {
            assertEquals(Integer.toString(count), program.awaitLine("RESULT", Duration.ofSeconds(90)));
            assertEquals(0, program.awaitExit(Duration.ofSeconds(60)));
            final String output = program.output();
            assertFalse(output.contains("WARN") || output.contains("Exception") || output.contains("public final class") ||
                output.contains("error:"), "no warning and no generated source printed:\n" + output);
        }
    }
}
