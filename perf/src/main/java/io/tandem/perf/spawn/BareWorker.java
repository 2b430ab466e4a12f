package io.tandem.perf.spawn;

import net.openhft.chronicle.wire.VanillaMethodReaderBuilder;
import net.openhft.chronicle.wire.VanillaMethodWriterBuilder;

import java.util.List;

/**
 * How a bare Chronicle worker JVM ({@link ChronicleHelloPeer}) is configured: the peers of Tandem's start-up and
 * memory figures. Both start exactly as a Tandem backend does (same java, Chronicle flags, default and extra JVM
 * arguments, class path) and each maps its <em>own</em> class-data sharing archive, trained on a run of itself
 * ({@link BareArchive}), never Tandem's.
 *
 * <pre>{@code
 * try (BareJvm peer = BareJvm.start("bare-1", BareWorker.CODEGEN_OFF, List.of())) {
 *     peer.awaitAnswer(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public enum BareWorker
{
    /**
     * What a Chronicle user who cares about start-up runs, and the peer the figures are judged against: Chronicle's
     * code generation off ({@code -DdisableProxyCodegen=true -DdisableReaderProxyCodegen=true}), so the method
     * writer is a {@code java.lang.reflect.Proxy} and the reader a {@code VanillaMethodReader}, as a fresh Tandem
     * backend's are (Tandem generates code only after {@code Codegen}'s threshold, in the background). Chronicle
     * warns once per JVM that proxy writers are deprecated; that line is silenced.
     */
    CODEGEN_OFF("jvm-chronicle", List.of(
        "-D" + VanillaMethodWriterBuilder.DISABLE_WRITER_PROXY_CODEGEN + "=true",
        "-D" + VanillaMethodReaderBuilder.DISABLE_READER_PROXY_CODEGEN + "=true",
        "-Dorg.slf4j.simpleLogger.log." + VanillaMethodWriterBuilder.class.getName() + "=error")),

    /**
     * Chronicle's defaults: the method writer and reader are generated and compiled (javac, in-process) when the
     * worker opens its queues, before it can answer. A second, named baseline: what the generation costs at
     * start-up.
     */
    CODEGEN("jvm-chronicle-codegen", List.of());

    private final String label;
    private final List<String> properties;

    BareWorker(final String label, final List<String> properties)
    {
        this.label = label;
        this.properties = properties;
    }

    /** @return the part of a figure's name that names this peer, e.g. {@code jvm-chronicle} in {@code spawn.jvm-chronicle}. */
    public String label()
    {
        return label;
    }

    /** @return the system properties on this worker's command line. */
    List<String> properties()
    {
        return properties;
    }
}
