package io.tandem.examples.tutorial;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.sync.EventGroup;
import io.tandem.sync.SyncIndex;

/**
 * Tutorial example 2, "Send message and synchronize": the frontend waits until the backend has done what
 * it was asked. Run it with {@code ./tandem example sync}.
 *
 * <pre>
 * MyProcess.my-process - INFO - ping: callin backend to do some stuff
 * MyProcess.my-process - INFO - c__ping: got parameter gotcha! - will do some
 * MyProcess.my-process - INFO - c__ping: ..did that!
 * MyProcess.my-process - INFO - ping: backend seems to be ready
 * </pre>
 */
public final class SyncExample
{
    /** The backend's commands. */
    public interface Commands
    {
        void ping(String parameter, int syncIndex);
    }

    /** The tutorial's {@code MyProcess}. */
    public static final class MyProcess extends MessageProcess implements Commands
    {
        // Created before start(), so it is there in the frontend and in the backend.
        private final EventGroup eg = new EventGroup(10);

        public MyProcess(final String name)
        {
            super(name);
        }

        /** Backend (the tutorial's {@code c__ping}): do something slow, then set the event. */
        @Override
        public void ping(final String parameter, final int syncIndex)
        {
            logger().info("c__ping: got parameter {} - will do some", parameter);
            PingPongExample.sleep(1000); // do something time consuming..
            logger().info("c__ping: ..did that!");
            eg.set(syncIndex); // tell frontend that it's done
        }

        /** Frontend (the tutorial's {@code ping}): send the command with an event index, wait for it. */
        public void pingAndWait(final String parameter)
        {
            logger().info("ping: callin backend to do some stuff");
            try (SyncIndex i = new SyncIndex(eg))
            {
                sendMessageToBack(new MessageObject("ping", "parameter", parameter, "syncIndex", i.index()));
            }
            logger().info("ping: backend seems to be ready");
        }
    }

    private SyncExample()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        try (MyProcess p = new MyProcess("my-process"))
        {
            p.start();
            Thread.sleep(1000);
            p.pingAndWait("gotcha!");
            p.stop();
        }
    }
}
