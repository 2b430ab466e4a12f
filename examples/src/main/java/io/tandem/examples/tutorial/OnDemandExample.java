package io.tandem.examples.tutorial;

import io.tandem.MessageProcess;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import io.tandem.sync.EventGroup;
import io.tandem.sync.SyncIndex;

/**
 * Tutorial example 5, "Syncing server/client resources": the frontend creates an array at run time and
 * tells the backend its name, type and shape; the backend attaches its client side, works on it, and
 * closes it on request before the frontend closes its own. Run it with {@code ./tandem example on-demand}.
 *
 * <pre>
 * MyProcess.my-process - INFO - c__readWrite: will change array values from 0.0 to 3.0
 * MyProcess.my-process - INFO - c__readWrite: ..did that!
 * MyProcess.my-process - INFO - readWrite: array values now 3.0
 * main: array values now 3.0
 * MyProcess.my-process - INFO - c__close: client side shmem unmapped
 * MyProcess.my-process - INFO - close: closing server side shmem
 * main: bye!
 * </pre>
 *
 * The tutorial's array is float16, and so is this one ({@link ElementType#FLOAT16}: Java reads and writes its
 * elements as floats, NumPy sees {@code float16}). The tutorial's backend
 * unlinks the shared memory's name and its frontend only closes its mapping; here the client side (the
 * backend) only unmaps, and the server side (the frontend, the creator) removes the file when it closes, so
 * the backend's close line says "unmapped".
 */
public final class OnDemandExample
{
    /** The backend's commands. */
    public interface Commands
    {
        void create(String name, ElementType type, long[] shape, int syncIndex);

        void readWrite(int syncIndex);

        void closeShared(int syncIndex);
    }

    /** The tutorial's {@code MyProcess}. */
    public static final class MyProcess extends MessageProcess implements Commands
    {
        private final EventGroup eg = new EventGroup(10);
        private transient SharedArray array;        // frontend: the server side
        private transient SharedArray clientArray;  // backend: the client side (the tutorial's array__)

        public MyProcess(final String name)
        {
            super(name);
        }

        // ---- backend: create, modify and close shared memory in the backend

        @Override
        public void create(final String name, final ElementType type, final long[] shape, final int syncIndex)
        {
            clientArray = SharedArray.attach(name, type, shape);
            eg.set(syncIndex);
        }

        @Override
        public void closeShared(final int syncIndex)
        {
            clientArray.close(); // a client only unmaps: the file is the creator's to remove
            logger().info("c__close: client side shmem unmapped");
            eg.set(syncIndex);
        }

        @Override
        public void readWrite(final int syncIndex)
        {
            logger().info("c__readWrite: will change array values from {} to {}", clientArray.getFloat16(0, 0), 3.0);
            clientArray.fillFloat16(3.0f);
            logger().info("c__readWrite: ..did that!");
            eg.set(syncIndex); // tell frontend that it's done
        }

        // ---- frontend: create and close shared memory here, and tell the backend to do the same

        public void createShared(final long... shape)
        {
            array = SharedArray.create("my-shm-1", ElementType.FLOAT16, shape);
            array.fillFloat16(0.0f);
            try (SyncIndex i = new SyncIndex(eg))
            {
                backend(Commands.class).create(array.name(), array.elementType(), array.shape(), i.index());
            }
        }

        public SharedArray getArray()
        {
            return array;
        }

        public void readWriteAndWait()
        {
            try (SyncIndex i = new SyncIndex(eg))
            {
                backend(Commands.class).readWrite(i.index());
            }
            logger().info("readWrite: array values now {}", array.getFloat16(0, 0));
        }

        public void closeShared()
        {
            try (SyncIndex i = new SyncIndex(eg))
            {
                backend(Commands.class).closeShared(i.index());
            }
            logger().info("close: closing server side shmem");
            array.close(); // the creator: removes the file and unmaps
        }
    }

    private OnDemandExample()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        try (MyProcess p = new MyProcess("my-process"))
        {
            p.start();
            Thread.sleep(1000);
            p.createShared(200, 200);
            p.readWriteAndWait();
            System.out.println("main: array values now " + p.getArray().getFloat16(0, 0));
            p.closeShared();
            Thread.sleep(100);
            p.stop();
        }
        System.out.println("main: bye!");
    }
}
