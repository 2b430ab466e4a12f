package io.tandem.process;

import io.tandem.ProcessOptions;

import java.time.Duration;

/**
 * A user's program that embeds Tandem, started by {@link EmbeddingClassPathTest} as a fat jar, from class
 * directories, or through a manifest-only jar: it starts one backend JVM and prints what the backend saw.
 */
public final class EmbeddedFrontendMain
{
    private EmbeddedFrontendMain()
    {
    }

    public static void main(final String[] args)
    {
        final ProcessOptions options = ProcessOptions.builder().replyTimeout(Duration.ofSeconds(60)).build();
        try (ClassPathProbeProcess probe = new ClassPathProbeProcess("probe", options))
        {
            probe.start();
            final ProbeCommands backend = probe.backend(ProbeCommands.class);
            System.out.println("backend java.class.path=" + backend.property("java.class.path"));
            System.out.println("backend chronicle.analytics.disable=" + backend.property("chronicle.analytics.disable"));
            System.out.println("backend options=" + backend.jvmOptions());
            System.out.println("backend " + backend.logAtEachLevel());
        }
        System.out.println("frontend done");
    }
}
