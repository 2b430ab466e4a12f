package io.tandem.examples.tutorial;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;

/**
 * Tutorial example 1, "Send message to a forked process": calling a method in the backend by sending it a
 * message from the frontend. Run it with {@code ./tandem example ping}.
 *
 * <pre>
 * Regards from other side of the fork!  Got parameter gotcha!
 * </pre>
 */
public final class PingExample
{
    /** The backend's commands: a process implements them, and they run in its backend. */
    public interface Commands
    {
        void ping(String parameter);
    }

    /** The tutorial's {@code MyProcess}. */
    public static final class MyProcess extends MessageProcess implements Commands
    {
        public MyProcess(final String name)
        {
            super(name);
        }

        /** The tutorial's {@code c__ping}: runs in the backend, the child JVM. */
        @Override
        public void ping(final String parameter)
        {
            System.out.println("Regards from other side of the fork!  Got parameter " + parameter);
        }
    }

    private PingExample()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        try (MyProcess p = new MyProcess("my-process"))
        {
            // Calling start launches the backend (a child JVM: Java cannot fork).
            p.start();
            // Let the backend run on its own for one second.
            Thread.sleep(1000);
            // Send it a message: "ping" runs ping(parameter) in the backend.
            // (p.backend(Commands.class).ping("gotcha!") does the same, type-checked.)
            p.sendMessageToBack(new MessageObject("ping", "parameter", "gotcha!"));
            // Again, let the backend run a while.
            Thread.sleep(1000);
            // Finally, tell the backend to stop and exit.
            p.stop();
        }
    }
}
