package io.tandem.examples.tutorial;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.manager.MainContext;
import io.tandem.Poller;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tutorial Part II, examples 6 and 7: a manager runs five workers, keeps three busy, and listens to all of
 * them at once; each worker reports back through a shared array and a message. The plan (example 6):
 * <pre>
 * Manager (main process)
 *     - IN:  MessageObject (from SUB WorkerProcess-N)
 *     - SUB: WorkerProcess-1 .. WorkerProcess-N, each
 *            - UP: MessageObject, method getArray()
 *            - IN: method doWork()
 * </pre>
 * Run it with
 * {@code ./tandem example manager main} (until Ctrl-C) or {@code ./tandem example manager test} (ten seconds
 * with the loop on a thread, as the tutorial's {@code test()}); without an argument it asks for one.
 *
 * <pre>
 * Manager - INFO - startProcesses: starting multiprocesses
 * Manager - INFO - startProcesses: all multiprocesses running
 * WorkerProcess.worker-0 - INFO - c__doWork: will change array values from 0.0 to 3.0
 * ...
 * Manager - INFO - handleMessage__ : subprocess &lt;WorkerProcess.worker-1&gt; returned ready with values [2. 2. 2. 2. 2.]
 * </pre>
 */
public final class ManagerExample
{
    /** The worker's commands. */
    public interface WorkerCommands
    {
        void doWork();
    }

    /**
     * A worker that does some (heavy) calculation on a shared array.
     * <pre>
     * WorkerProcess-N
     *     - UP: MessageObject, method getArray()
     *     - IN: method doWork()
     * </pre>
     */
    public static final class WorkerProcess extends MessageProcess implements WorkerCommands
    {
        private final SharedArray array;

        public WorkerProcess(final String name)
        {
            super(name);
            array = SharedArray.create("shm-" + name, ElementType.DOUBLE, 100, 100); // frontend: the server side
        }

        @Override
        protected void preRun()
        {
            logger().info("preRun__ : ");
        }

        @Override
        protected void postRun()
        {
            logger().debug("bye!"); // the seed's loop says this as it ends, just before postRun__
            logger().info("postRun__ : ");
        }

        /** Backend: fill the array with a random 1..5 and take as many seconds, then report. */
        @Override
        public void doWork()
        {
            logger().info("c__doWork: will change array values from {} to {}", array.getDouble(0, 0), 3.0);
            final int r = ThreadLocalRandom.current().nextInt(1, 6);
            array.fillDouble(r);
            PingPongExample.sleep(r * 1000L); // wait random secs
            logger().info("c__doWork: ..did that!");
            sendOut(new MessageObject("ready")); // send message when ready
        }

        /** Frontend. */
        public void startWork()
        {
            logger().info("readWrite : calling backend");
            backend(WorkerCommands.class).doWork();
        }

        /** Frontend: the worker's results, in shared memory. */
        public SharedArray getArray()
        {
            return array;
        }
    }

    /** The tutorial's {@code Manager}. */
    public static final class Manager extends MainContext
    {
        /** Python's CRITICAL level, which slf4j lacks: Tandem's log format prints errors with this marker so. */
        private static final Marker CRITICAL = MarkerFactory.getMarker("CRITICAL");

        private final int workers;
        private final Duration timeout = Duration.ofSeconds(2);
        private final List<WorkerProcess> cache = new ArrayList<>();       // all processes
        private final List<WorkerProcess> availCache = new ArrayList<>();  // available for work

        public Manager(final int workers)
        {
            this.workers = workers;
        }

        @Override
        protected void startProcesses()
        {
            logger().debug("startProcesses:");
            for (int i = 0; i < workers; i++)
            {
                final WorkerProcess p = manage(new WorkerProcess("worker-" + i));
                cache.add(p);
                availCache.add(p);
            }
            logger().info("startProcesses: starting multiprocesses");
            cache.forEach(MessageProcess::start); // parallel: start() launches and returns
            logger().info("startProcesses: all multiprocesses running");
        }

        @Override
        protected void startThreads()
        {
            logger().debug("startThreads:"); // no threads in this app
        }

        @Override
        public void run()
        {
            availCache.remove(0).startWork();
            availCache.remove(0).startWork();
            availCache.remove(0).startWork();
            boolean loop = true;
            logger().debug("starting main loop");
            while (loop)
            {
                final Poller.Ready ready = poll(timeout); // woken by Ctrl-C / SIGTERM, or by stopThread: the tutorial's aux pipe
                if (ready.isWoken())
                {
                    if (isStopSignalled())
                    {
                        logger().warn("SIGTERM or CTRL-C: will exit asap");
                    }
                    else
                    {
                        logger().error(CRITICAL, "debug mode exit");
                    }
                    loop = false;
                    continue;
                }
                if (ready.isEmpty())
                {
                    logger().debug("still alive"); // reading operation timeout
                    continue;
                }
                for (final MessageProcess p : ready.processes())
                {
                    MessageObject msg;
                    while ((msg = p.tryReceive()) != null)
                    {
                        logger().debug("got message {}", msg);
                        handleMessage((WorkerProcess)p, msg);
                    }
                }
            }
            close(); // idempotent: the try-with-resources or the loop thread closing again does nothing
            logger().debug("bye!");
        }

        private void handleMessage(final WorkerProcess p, final MessageObject msg)
        {
            final double[] vals = new double[5];
            p.getArray().copies().copyTo(0, vals); // read the shared memory
            logger().info("handleMessage__ : subprocess {} returned {} with values {}", p, msg.name(), numpy(vals));
            availCache.add(p); // return the process back to cache
            if (availCache.isEmpty())
            {
                logger().error("handleMessage__ : no more processes available!");
                return;
            }
            availCache.remove(0).startWork(); // take a new process from the cache and tell it to work
        }
    }

    private ManagerExample()
    {
    }

    /** The manager as a program: runs until Ctrl-C / SIGTERM. */
    static void main() throws Exception
    {
        try (Manager manager = new Manager(5))
        {
            manager.stopOnSignals();
            manager.start();
            manager.run();
        }
    }

    /** The manager's loop on a thread, stopped after {@code seconds}, as the tutorial's test(). */
    static void test(final int seconds) throws Exception
    {
        final Manager manager = new Manager(5);
        manager.runAsThread();
        System.out.println("running manager for " + seconds + " secs");
        Thread.sleep(seconds * 1000L);
        System.out.println("stopping manager");
        manager.stopThread();
        System.out.println("bye!");
    }

    public static void main(final String[] args) throws Exception
    {
        // The tutorial's Manager.formatLogger(logging.DEBUG) and WorkerProcess.formatLogger(logging.DEBUG):
        System.setProperty("org.slf4j.simpleLogger.log.Manager", "debug");
        System.setProperty("org.slf4j.simpleLogger.log.WorkerProcess", "debug");
        if (args.length < 1)
        {
            System.out.println("please give 'main' or 'test'");
        }
        else if (args[0].equals("main"))
        {
            main();
        }
        else if (args[0].equals("test"))
        {
            test(args.length > 1 ? Integer.parseInt(args[1]) : 10);
        }
        else
        {
            System.out.println("please give 'main' or 'test'");
        }
    }

    /** @return values as NumPy prints a float array: {@code [2. 2. 2. 2. 2.]}. */
    static String numpy(final double[] values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++)
        {
            final double v = values[i];
            sb.append(i == 0 ? "" : " ").append(v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f.", v) : Double.toString(v));
        }
        return sb.append(']').toString();
    }
}
