package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A session's registry of processes: a Chronicle Map persisted in {@code <session>/registry}, process name
 * to a short description ({@code class}, {@code slot}, {@code mode}, {@code started}). The session's owner
 * writes it; any process of the machine may read it ({@code tandem ps}); live state, pid and traffic come
 * from the {@link ProcessTable} slot the entry names.
 *
 * <p>Chronicle Map keeps its header state in a class Chronicle Values generates and compiles with javac, in
 * process, the first time a map is made in a JVM: about a second of CPU in every frontend's first {@code start()}.
 * Core ships that class pre-generated ({@code net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native}), which
 * Values loads instead; {@code RegistryNativeStateTest} checks it is what Values would generate.
 *
 * <pre>{@code
 * Registry registry = Registry.open(sessionDir);
 * registry.entries().forEach((name, fields) -> System.out.println(name + " " + fields.get("class")));
 * }</pre>
 */
public final class Registry implements AutoCloseable
{
    /** File name in the session directory. */
    public static final String FILE = "registry";
    private static final int MAX_PROCESSES = ProcessTableDescriptor.CAPACITY;

    /** Where Chronicle Map's persisted file keeps the word that says its header is complete. */
    private static final int HEADER_WORD_OFFSET = 8;
    private static final long HEADER_READY_TIMEOUT_NANOS = 1_000_000_000L;

    private final ChronicleMap<String, String> map;

    private Registry(final ChronicleMap<String, String> map)
    {
        this.map = map;
    }

    /** @return the registry of the session in {@code sessionDir}, created if missing. */
    public static Registry open(final Path sessionDir)
    {
        final Path file = sessionDir.resolve(FILE);
        try
        {
            final boolean created = !Files.exists(file);
            if (!created)
            {
                awaitReadyHeader(file);
            }
            final ChronicleMap<String, String> map = ChronicleMapBuilder.of(String.class, String.class)
                .name("tandem-registry")
                .entries(MAX_PROCESSES)
                .averageKey("worker-1000")
                .averageValue("class: com.example.SomeWorkerProcess\nslot: 1000\nmode: CHILD_JVM\nstarted: 1764090000000\n")
                // Closed by its owner: at exit the Session closes its processes (which update the map) first.
                .skipCloseOnExitHook(true)
                .createPersistedTo(file.toFile());
            if (created)
            {
                FileModes.restrictFile(file);
            }
            return new Registry(map);
        }
        catch (final RuntimeDirectoryException ex)
        {
            throw ex; // already names the file and what to do
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new RuntimeDirectoryException(file, "cannot open the process registry (" + ex + ")",
                "Check that the file system has room and the session directory belongs to this user", ex);
        }
    }

    /**
     * Chronicle Map waits a whole minute (600 looks, 100 ms apart) for the header of an existing file to be
     * marked ready, so a corrupted registry would hold {@code tandem ps} or a starting session for a minute before
     * failing. Its creator writes the header as it creates the file; a second is ample to see it finish.
     *
     * @throws RuntimeDirectoryException naming the file if its header is still not ready after that.
     */
    private static void awaitReadyHeader(final Path file)
    {
        final long deadline = System.nanoTime() + HEADER_READY_TIMEOUT_NANOS;
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (true)
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final long size = channel.size();
                if (size == 0)
                {
                    return; // being created this instant: Chronicle Map writes its header, or waits for it
                }
                word.clear();
                if (size >= HEADER_WORD_OFFSET + Integer.BYTES && channel.read(word, HEADER_WORD_OFFSET) == Integer.BYTES &&
                    word.getInt(0) > 0) // Chronicle Map's size word: positive once the header is complete
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                return; // Chronicle Map's own open reports it, wrapped below
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new RuntimeDirectoryException(file, "is not a usable process registry: its header is not " +
                    "complete (the file is corrupted or truncated, or its creator died while writing it)",
                    "Stop the session's frontend and remove the session directory, or run 'tandem clean' once it is dead");
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    /** Records (or replaces) a process's entry. */
    public void put(final String processName, final Map<String, String> fields)
    {
        final StringBuilder sb = new StringBuilder(128);
        fields.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        map.put(processName, sb.toString());
    }

    /** Removes a process's entry. */
    public void remove(final String processName)
    {
        map.remove(processName);
    }

    /** @return every entry, by process name, each as its fields in order. */
    public Map<String, Map<String, String>> entries()
    {
        final Map<String, Map<String, String>> result = new TreeMap<>();
        map.forEach((name, text) -> result.put(name, parse(text)));
        return result;
    }

    private static Map<String, String> parse(final String text)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String line : text.split("\n"))
        {
            final int colon = line.indexOf(": ");
            if (colon > 0)
            {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return fields;
    }

    @Override
    public void close()
    {
        map.close();
    }
}
