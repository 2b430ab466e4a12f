package io.tandem.process;

import io.tandem.ProcessOptions;
import io.tandem.internal.runtime.Session;

import java.time.Duration;

/**
 * A frontend JVM that forgets to close: starts a child-JVM and an in-JVM backend, has each answer once,
 * prints the backend's pid and the session directory, and returns from {@code main}. The JVM's exit must
 * then stop both backends and remove the session, quietly.
 */
public final class UnclosedFrontendMain
{
    private UnclosedFrontendMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final EchoProcess child = new EchoProcess("unclosed-child");
        final EchoProcess thread = new EchoProcess("unclosed-thread", ProcessOptions.builder().inJvm().build());
        for (final EchoProcess p : new EchoProcess[] {child, thread})
        {
            p.start();
            p.backend(EchoCommands.class).echo("hi");
            p.receive(Duration.ofSeconds(60));
        }
        System.out.println("BACKEND " + child.pid());
        System.out.println("SESSION " + Session.acquire().dir());
        System.out.println("DONE");
    }
}
