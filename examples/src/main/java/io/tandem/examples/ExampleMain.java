package io.tandem.examples;

import io.tandem.examples.python.StreamingPythonExample;
import io.tandem.examples.remote.RemoteExample;
import io.tandem.examples.streaming.StreamingExample;
import io.tandem.examples.tutorial.ManagerExample;
import io.tandem.examples.tutorial.OnDemandExample;
import io.tandem.examples.tutorial.PingExample;
import io.tandem.examples.tutorial.PingPongExample;
import io.tandem.examples.tutorial.SharedMemoryExample;
import io.tandem.examples.tutorial.SyncExample;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./tandem example <name> [args]}: runs one of the tutorial's programs in Java.
 */
public final class ExampleMain
{
    /** A runnable example. */
    @FunctionalInterface
    interface Example
    {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static
    {
        add("ping", "tutorial 1: send a message to a backend process", PingExample::main);
        add("sync", "tutorial 2: send a message and wait until the backend is done", SyncExample::main);
        add("ping-pong", "tutorial 3: send a message and receive the reply", PingPongExample::main);
        add("shared-memory", "tutorial 4: an array in shared memory, seen by the backend without a copy",
            SharedMemoryExample::main);
        add("on-demand", "tutorial 5: create shared memory at run time and attach the backend to it",
            OnDemandExample::main);
        add("manager", "tutorial 7: a manager with 5 workers, 3 busy at a time ('main': until Ctrl-C; 'test': 10 s)",
            ManagerExample::main);
        add("streaming", "frames through a shared-memory ring to a fast and a slow consumer, BLOCK then OVERWRITE",
            StreamingExample::main);
        add("streaming-python", "RGB frames Java -> NumPy and NumPy -> Java through a ring, each frame's mean checked",
            StreamingPythonExample::main);
        add("remote", "a tandem node on 127.0.0.1 in a child JVM: ping-pong, then a ring's frames, through it",
            RemoteExample::main);
    }

    private ExampleMain()
    {
    }

    private static void add(final String name, final String description, final Example example)
    {
        EXAMPLES.put(name, example);
        DESCRIPTIONS.put(name, description);
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 0 || !EXAMPLES.containsKey(args[0]))
        {
            if (args.length > 0)
            {
                System.err.println("unknown example '" + args[0] + "'");
            }
            System.out.println("usage: ./tandem example <name>");
            DESCRIPTIONS.forEach((name, description) -> System.out.printf("  %-14s %s%n", name, description));
            if (args.length > 0)
            {
                System.exit(2);
            }
            return;
        }
        final String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        EXAMPLES.get(args[0]).run(rest);
    }
}
