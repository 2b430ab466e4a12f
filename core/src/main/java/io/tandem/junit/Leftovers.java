package io.tandem.junit;

import io.tandem.internal.launch.ChildJvmCommand;
import io.tandem.internal.runtime.RuntimeRoot;
import io.tandem.internal.runtime.SessionId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What this JVM has left running or on tmpfs: child processes still alive, in-JVM backend threads still running,
 * and the entries of its session directory. Each item has a key (to compare two looks) and a line a user reads.
 */
final class Leftovers
{
    /** How {@code ThreadBackend} names an in-JVM backend's thread. */
    static final String BACKEND_THREAD_PREFIX = "tandem-backend-";
    private static final String PROCESS_FLAG = "-D" + ChildJvmCommand.PROCESS_PROPERTY + "=";
    /** Resource directories of a session, and what each holds (see Session.resourceDirectory). */
    private static final Map<String, String> RESOURCE_KINDS = Map.of("arrays", "shared array", "rings", "ring buffer",
        "events", "event group");

    final Map<String, String> children = new LinkedHashMap<>();
    final Map<String, String> threads = new LinkedHashMap<>();
    final Map<String, String> files = new LinkedHashMap<>();
    final Path sessionDir;
    final String problem;

    private Leftovers(final Path sessionDir, final String problem)
    {
        this.sessionDir = sessionDir;
        this.problem = problem;
    }

    /** @return what is there now. */
    static Leftovers look()
    {
        Path session = null;
        String problem = null;
        try
        {
            session = sessionDirectory();
        }
        catch (final RuntimeException ex)
        {
            problem = "cannot tell where this JVM's session directory is: " + ex;
        }
        final Leftovers found = new Leftovers(session, problem);
        found.lookAtProcesses();
        if (session != null)
        {
            found.lookAtFiles(session);
        }
        return found;
    }

    /** @return this JVM's session directory, {@code <runtime root>/<pid>-<start>}, whether it exists or not. */
    static Path sessionDirectory()
    {
        return RuntimeRoot.configured().resolve(SessionId.current().directoryName());
    }

    /** @return the keys of every item. */
    Set<String> keys()
    {
        final Set<String> keys = new java.util.HashSet<>(children.keySet());
        keys.addAll(threads.keySet());
        keys.addAll(files.keySet());
        return keys;
    }

    /** @return the processes (children and backend threads) whose key is not in {@code ignored}. */
    boolean anyProcessBut(final Set<String> ignored)
    {
        return !ignored.containsAll(children.keySet()) || !ignored.containsAll(threads.keySet());
    }

    /** @return the items not in {@code ignored}. */
    Leftovers without(final Set<String> ignored)
    {
        final Leftovers rest = new Leftovers(sessionDir, problem);
        children.forEach((k, v) -> keep(rest.children, ignored, k, v));
        threads.forEach((k, v) -> keep(rest.threads, ignored, k, v));
        files.forEach((k, v) -> keep(rest.files, ignored, k, v));
        return rest;
    }

    private static void keep(final Map<String, String> to, final Set<String> ignored, final String key, final String value)
    {
        if (!ignored.contains(key))
        {
            to.put(key, value);
        }
    }

    boolean isEmpty()
    {
        return children.isEmpty() && threads.isEmpty() && files.isEmpty() && problem == null;
    }

    /** Ends the child processes listed (so that one test's leak does not run on into the next ones). */
    void killChildren()
    {
        for (final String key : children.keySet())
        {
            ProcessHandle.of(Long.parseLong(key.substring("pid:".length()))).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * @param who the test (or class) that left them.
     * @return the report a user reads: what is left, by name, pid and path, and what to do about it.
     */
    String report(final String who)
    {
        final StringBuilder text = new StringBuilder(who).append(" left Tandem processes or files behind:\n");
        if (problem != null)
        {
            text.append("  ").append(problem).append('\n');
        }
        if (!children.isEmpty())
        {
            text.append("  child processes still running (killed now):\n");
            children.values().forEach(line -> text.append("    ").append(line).append('\n'));
        }
        if (!threads.isEmpty())
        {
            text.append("  in-JVM backends still running:\n");
            threads.values().forEach(line -> text.append("    ").append(line).append('\n'));
        }
        if (!files.isEmpty())
        {
            text.append("  runtime files still in the session directory ").append(sessionDir).append(":\n");
            files.values().forEach(line -> text.append("    ").append(line).append('\n'));
        }
        text.append("Close every process (try-with-resources, or TandemExtension.start(...), which closes it after the " +
            "test) and every SharedArray, SharedRing and EventGroup the test opened.");
        return text.toString();
    }

    private void lookAtProcesses()
    {
        ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .forEach(p -> children.put("pid:" + p.pid(), describe(p)));
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.isAlive() && thread.getName().startsWith(BACKEND_THREAD_PREFIX))
            {
                final String name = thread.getName().substring(BACKEND_THREAD_PREFIX.length());
                threads.put("thread:" + thread.getName(), "process '" + name + "' (thread " + thread.getName() + ", " +
                    thread.getState() + ")");
            }
        }
    }

    /** @return "process 'name': backend JVM pid N", or the pid and a short command line for any other child. */
    private static String describe(final ProcessHandle child)
    {
        final List<String> args = arguments(child);
        for (final String arg : args)
        {
            if (arg.startsWith(PROCESS_FLAG))
            {
                return "process '" + arg.substring(PROCESS_FLAG.length()) + "': backend JVM pid " + child.pid();
            }
        }
        final int classPath = Math.max(args.indexOf("-cp"), args.indexOf("-classpath"));
        final String command = classPath >= 0 && classPath + 2 <= args.size() ?
            String.join(" ", args.subList(classPath + 2, Math.min(args.size(), classPath + 6))) :
            child.info().command().orElse("?");
        return "pid " + child.pid() + ": " + command;
    }

    /**
     * @return the child's arguments, read from {@code /proc/<pid>/cmdline}: {@link ProcessHandle.Info#arguments()}
     * gives none for a command line as long as a backend's (its class path).
     */
    private static List<String> arguments(final ProcessHandle child)
    {
        try
        {
            final String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(child.pid()), "cmdline")),
                java.nio.charset.StandardCharsets.UTF_8);
            final List<String> all = List.of(cmdline.split("\0"));
            return all.isEmpty() ? all : all.subList(1, all.size());
        }
        catch (final IOException | RuntimeException ex)
        {
            return child.info().arguments().map(java.util.Arrays::asList).orElse(List.of()); // not Linux, or gone
        }
    }

    /**
     * @return the keys under which {@link #look()} lists what {@code process} holds while it runs: its backend JVM (or
     * thread) and its process directory.
     */
    static Set<String> keysOf(final io.tandem.MessageProcess process)
    {
        final Set<String> keys = new java.util.HashSet<>();
        keys.add("thread:" + BACKEND_THREAD_PREFIX + process.name());
        keys.add("file:" + process.name());
        final long pid = process.pid();
        if (pid != 0 && pid != ProcessHandle.current().pid())
        {
            keys.add("pid:" + pid);
        }
        return keys;
    }

    private void lookAtFiles(final Path session)
    {
        if (!Files.isDirectory(session))
        {
            return;
        }
        for (final Path entry : list(session))
        {
            final String name = entry.getFileName().toString();
            final String kind = RESOURCE_KINDS.get(name);
            if (kind != null && Files.isDirectory(entry))
            {
                for (final Path resource : list(entry))
                {
                    files.put("file:" + name + "/" + resource.getFileName(),
                        kind + " '" + resource.getFileName() + "': " + name + "/" + resource.getFileName());
                }
            }
            else if (Files.isDirectory(entry))
            {
                files.put("file:" + name, "process '" + name + "': its queues, " + name + "/");
            }
        }
        if (files.isEmpty())
        {
            // only the session's own files: something still holds the session (an unclosed process or resource)
            files.put("file:.", "the session's own files (" + list(session).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(", ")) + "): something still holds the session open");
        }
    }

    private static List<Path> list(final Path dir)
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.sorted().collect(Collectors.toCollection(ArrayList::new));
        }
        catch (final IOException ex)
        {
            return List.of(); // removed while we looked: nothing left there
        }
    }
}
