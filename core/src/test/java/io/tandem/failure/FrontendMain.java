package io.tandem.failure;

import io.tandem.ProcessOptions;
import io.tandem.internal.runtime.Session;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain frontend JVM for the fault tests: {@code FrontendMain <journalDir> <count>} starts that many
 * {@link FaultyProcess} backends (each journaling its hooks to {@code journalDir/<name>}), prints
 * {@code BACKEND <pid> <name>} for each, {@code SESSION <dir>} and {@code READY}; then on its standard input
 * {@code CALL} calls each backend and prints {@code CALLED <n>}, {@code CLOSE} closes them and exits 0. It never
 * closes anything on its own: a signal ends it as it would end any program.
 */
public final class FrontendMain
{
    private FrontendMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journals = Paths.get(args[0]);
        final int count = Integer.parseInt(args[1]);
        final List<FaultyProcess> processes = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final String name = "worker-" + i;
            final FaultyProcess p = new FaultyProcess(name, ProcessOptions.defaults(), journals.resolve(name), false);
            p.start();
            processes.add(p);
        }
        for (final FaultyProcess p : processes)
        {
            p.awaitStarted(Duration.ofSeconds(60));
            System.out.println("BACKEND " + p.pid() + " " + p.name());
        }
        final Session session = Session.acquire();
        System.out.println("SESSION " + session.dir());
        session.release();
        System.out.println("READY");
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        long seq = 0;
        while ((line = in.readLine()) != null)
        {
            if (line.equals("CALL"))
            {
                int answered = 0;
                for (final FaultyProcess p : processes)
                {
                    seq++;
                    if (p.backend(FaultyCommands.class, Duration.ofSeconds(30)).next(seq) == seq)
                    {
                        answered++;
                    }
                }
                System.out.println("CALLED " + answered);
            }
            else if (line.equals("CLOSE"))
            {
                processes.forEach(FaultyProcess::close);
                System.out.println("CLOSED " + Files.exists(session.dir()));
                System.exit(0);
            }
        }
    }
}
