package io.tandem.examples.tutorial;

import io.tandem.MessageProcess;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.sync.EventGroup;
import io.tandem.sync.SyncIndex;

import java.time.Duration;

/**
 * Tutorial example 4, "Using shared memory and forked resources": an array created in the frontend (the
 * "server side") is seen by the backend (the "client side") without a copy. Run it with
 * {@code ./tandem example shared-memory}.
 *
 * <pre>
 * MyProcess.my-process - INFO - preRun__ :
 * MyProcess.my-process - INFO - readWrite : callin backend
 * MyProcess.my-process - INFO - c__readWrite: will change array values from 1.0 to 3.0
 * MyProcess.my-process - INFO - c__readWrite: ..did that!
 * MyProcess.my-process - INFO - readWrite: array values now 3.0
 * MyProcess.my-process - INFO - postRun__ :
 * </pre>
 */
public final class SharedMemoryExample
{
    /** The backend's commands. */
    public interface Commands
    {
        void readWrite(int syncIndex);
    }

    /** The tutorial's {@code MyProcess}. */
    public static final class MyProcess extends MessageProcess implements Commands
    {
        private final EventGroup eg = new EventGroup(10);
        // Created here, in the frontend, with the unique name my-shm-1: the "server side". It travels to the
        // backend as its name and attaches there: the "client side", the same memory.
        private final SharedArray array;

        public MyProcess(final String name)
        {
            super(name);
            array = SharedArray.create("my-shm-1", ElementType.DOUBLE, 100, 100);
            array.fillDouble(1.0);
        }

        /** Backend, before the command loop: the place to open heavy resources. */
        @Override
        protected void preRun()
        {
            logger().info("preRun__ : ");
        }

        /** Backend, after the loop: release them. (The client-side array is unmapped when the backend ends.) */
        @Override
        protected void postRun()
        {
            logger().info("postRun__ : ");
        }

        /** Backend (the tutorial's {@code c__readWrite}). */
        @Override
        public void readWrite(final int syncIndex)
        {
            logger().info("c__readWrite: will change array values from {} to {}", array.getDouble(0, 0), 3.0);
            array.fillDouble(3.0);
            logger().info("c__readWrite: ..did that!");
            eg.set(syncIndex); // tell frontend that it's done
        }

        /** Frontend (the tutorial's {@code readWrite}). */
        public void readWriteAndWait()
        {
            logger().info("readWrite : callin backend");
            try (SyncIndex i = new SyncIndex(eg))
            {
                backend(Commands.class).readWrite(i.index());
            }
            logger().info("readWrite: array values now {}", array.getDouble(0, 0));
        }
    }

    private SharedMemoryExample()
    {
    }

    public static void main(final String[] args)
    {
        // close() stops the backend, then closes the event group and removes the server-side array.
        try (MyProcess p = new MyProcess("my-process"))
        {
            p.start();
            // The tutorial sleeps a second, time enough for a fork to run preRun__; a JVM may take longer to
            // start, so wait for preRun to have run: its line then comes first in every run, as in the tutorial's.
            p.awaitStarted(Duration.ofSeconds(30));
            p.readWriteAndWait();
            p.stop();
        }
    }
}
