package io.tandem.perf.python;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test that needs python3 with NumPy where they are absent, saying why, except where the environment says
 * they must be there ({@value #REQUIRE_VARIABLE}{@code =1}, which {@code .ci/run} sets): then their absence fails the
 * test, so a CI run cannot pass with the cross-language tests silently skipped.
 *
 * <pre>{@code
 * @BeforeAll static void python() { RequirePython.assumeAvailable("MyTest"); }
 * }</pre>
 */
final class RequirePython
{
    /** The environment variable that turns a missing python3 or NumPy from a skip into a failure. */
    static final String REQUIRE_VARIABLE = "TANDEM_REQUIRE_PYTHON";

    private RequirePython()
    {
    }

    /** Skips (or, with {@value #REQUIRE_VARIABLE}=1, fails) the caller if python3 3.9+ with NumPy cannot run. */
    static void assumeAvailable(final String test)
    {
        final String unavailable = PythonProcess.unavailableReason();
        if (unavailable == null)
        {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE_VARIABLE)))
        {
            Assertions.fail(test + ": " + REQUIRE_VARIABLE + "=1 but python3 with NumPy cannot run: " + unavailable);
        }
        System.out.println(test + " skipped: " + unavailable);
        Assumptions.assumeTrue(false, () -> "python3 with numpy is needed: " + unavailable);
    }
}
