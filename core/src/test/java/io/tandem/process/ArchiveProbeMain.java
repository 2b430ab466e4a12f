package io.tandem.process;

import io.tandem.ProcessOptions;
import io.tandem.internal.launch.CdsArchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A frontend started by {@code StartupArchiveTest} from a class path of jars: it starts a backend (the first of
 * this class path and JDK records the start-up archive), waits until the archive is there, starts a second one,
 * and prints which files of the archive directory each backend mapped ({@code backend-1 mapped [...]}).
 */
public final class ArchiveProbeMain
{
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(120);

    private ArchiveProbeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final CdsArchive cds = CdsArchive.forCurrentClassPath();
        System.out.println("archive " + (cds == null ? "none" : cds.path()));
        probe(1);
        if (cds != null)
        {
            final long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
            while (!Files.isRegularFile(cds.path()) && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(50);
            }
            System.out.println("archive made " + Files.isRegularFile(cds.path()));
        }
        probe(2);
        System.out.println("frontend done");
    }

    private static void probe(final int n) throws IOException
    {
        final ProcessOptions options = ProcessOptions.builder().replyTimeout(Duration.ofSeconds(60)).build();
        try (ClassPathProbeProcess probe = new ClassPathProbeProcess("archive-probe-" + n, options))
        {
            probe.start();
            final String vm = probe.backend(ProbeCommands.class).property("java.vm.version");
            System.out.println("backend-" + n + " java.vm.version=" + vm + " mapped " + mappedArchives(probe.pid()));
        }
    }

    /** @return the files of the archive directory the process maps, by name. */
    private static List<String> mappedArchives(final long pid) throws IOException
    {
        final String dir = Paths.get(System.getProperty("user.home"), ".cache", "tandem", "cds") + "/";
        return Files.readAllLines(Paths.get("/proc", Long.toString(pid), "maps")).stream()
            .filter(line -> line.contains(dir))
            .map(line -> Path.of(line.substring(line.indexOf(dir))).getFileName().toString())
            .distinct().sorted().collect(Collectors.toList());
    }
}
