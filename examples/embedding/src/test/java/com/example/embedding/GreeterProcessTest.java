package com.example.embedding;

import io.tandem.junit.TandemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The process class tested as it runs: in a backend JVM of its own, and on a thread of this JVM. The extensions
 * start each process, close it after its test, and fail a test that leaves a process or a file behind.
 */
class GreeterProcessTest
{
    @RegisterExtension
    final TandemExtension childJvm = TandemExtension.childJvm();

    @RegisterExtension
    final TandemExtension inJvm = TandemExtension.inJvm();

    @Test
    @Timeout(60)
    void greetsFromItsBackendJvm()
    {
        final GreeterProcess greeter = childJvm.start(new GreeterProcess("greeter"));
        assertEquals("Hello, test! from another JVM", greeter.backend(Greeter.class).greet("test"));
    }

    @Test
    @Timeout(60)
    void greetsInJvmForDebugging()
    {
        final GreeterProcess greeter = inJvm.start(new GreeterProcess("greeter-in-jvm"));
        assertEquals("Hello, test! from this JVM", greeter.backend(Greeter.class).greet("test"));
    }
}
