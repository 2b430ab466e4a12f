package com.example.embedding;

import io.tandem.ProcessOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The process class tested as it runs: in a backend JVM of its own, and on a thread of this JVM. */
class GreeterProcessTest
{
    @Test
    @Timeout(60)
    void greetsFromItsBackendJvm()
    {
        try (GreeterProcess greeter = new GreeterProcess("greeter"))
        {
            greeter.start();
            assertEquals("Hello, test! from another JVM", greeter.backend(Greeter.class).greet("test"));
        }
    }

    @Test
    @Timeout(60)
    void greetsInJvmForDebugging()
    {
        try (GreeterProcess greeter = new GreeterProcess("greeter-in-jvm", ProcessOptions.builder().inJvm().build()))
        {
            greeter.start();
            assertEquals("Hello, test! from this JVM", greeter.backend(Greeter.class).greet("test"));
        }
    }
}
