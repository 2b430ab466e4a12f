package com.example.embedding;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/**
 * A process class: its {@link Greeter} methods run in the backend, a JVM of its own (or a thread, in-JVM).
 * {@code frontendPid} is set in the constructor and ships to the backend with the object's other fields.
 */
public class GreeterProcess extends MessageProcess implements Greeter
{
    private final long frontendPid;

    public GreeterProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
        this.frontendPid = ProcessHandle.current().pid();
    }

    public GreeterProcess(final String name)
    {
        this(name, ProcessOptions.defaults());
    }

    @Override
    public String greet(final String who)
    {
        logger().info("greeting {}", who);
        final boolean elsewhere = ProcessHandle.current().pid() != frontendPid;
        return "Hello, " + who + "! from " + (elsewhere ? "another JVM" : "this JVM");
    }
}
