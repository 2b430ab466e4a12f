package io.tandem.examples.tutorial;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.time.Duration;

/**
 * Tutorial example 3, "Send and receive message": call a backend method, then get its result back as a
 * message. Run it with {@code ./tandem example ping-pong}.
 *
 * <pre>
 * MyProcess.my-process - INFO - ping: sending ping to backend
 * main: waiting reply from multiprocessing backend
 * MyProcess.my-process - INFO - c__ping: got parameter gotcha! - will do some
 * MyProcess.my-process - INFO - c__ping: ..did that!
 * main: got pong with some pudding
 * </pre>
 */
public final class PingPongExample
{
    /** The backend's commands. */
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

        /** With options: {@code ./tandem example remote} runs it through a tandem node. */
        public MyProcess(final String name, final ProcessOptions options)
        {
            super(name, options);
        }

        /** Backend (the tutorial's {@code c__ping}): do something slow, then send a message to the frontend. */
        @Override
        public void ping(final String parameter)
        {
            logger().info("c__ping: got parameter {} - will do some", parameter);
            sleep(1000); // do something time consuming..
            logger().info("c__ping: ..did that!");
            sendOut(new MessageObject("pong", "result", "pudding"));
        }

        /** Frontend (the tutorial's {@code ping}): send the command to the backend. */
        public void sendPing(final String parameter)
        {
            logger().info("ping: sending ping to backend");
            backend(Commands.class).ping(parameter);
        }
    }

    private PingPongExample()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        try (MyProcess p = new MyProcess("my-process"))
        {
            run(p);
        }
    }

    /** The tutorial's main program, on {@code p} (local here, remote in {@code ./tandem example remote}). */
    public static void run(final MyProcess p) throws InterruptedException
    {
        p.start();
        Thread.sleep(1000);
        p.sendPing("gotcha!");
        System.out.println("main: waiting reply from multiprocessing backend");
        // The tutorial select()s on the process's pipe, then recv()s; receive does both, with a timeout.
        final MessageObject msg = p.receive(Duration.ofSeconds(30));
        System.out.println("main: got " + msg.name() + " with some " + msg.get("result"));
        p.stop();
    }

    static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
