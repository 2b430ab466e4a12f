package io.tandem.jvm;

import java.util.List;

/**
 * This JVM was started without the {@code --add-opens}/{@code --add-exports} flags Chronicle needs on Java 17+.
 * The message lists the missing flags and the whole set to add.
 */
public final class MissingJvmFlagsException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    MissingJvmFlagsException(final List<String> missing, final List<String> all)
    {
        super(message(missing, all));
        this.missing = List.copyOf(missing);
    }

    /** @return the flags this JVM lacks. */
    public List<String> missing()
    {
        return missing;
    }

    private static String message(final List<String> missing, final List<String> all)
    {
        final StringBuilder sb = new StringBuilder(512)
            .append("Tandem uses OpenHFT Chronicle, which needs JVM flags this JVM was started without (missing ")
            .append(missing.size()).append(": ").append(String.join(" ", missing)).append(").\n")
            .append("Start java with all of these (the list is also in tandem-ringbuffer.jar at ")
            .append(JvmFlags.RESOURCE).append(", usable as a java @argfile: `java -cp tandem-ringbuffer.jar ")
            .append(Flags.class.getName()).append(" > jvm.args`, then `java @jvm.args ...`; for `java -jar app.jar`, ")
            .append("put the Add-Opens and Add-Exports of ").append(Flags.MANIFEST_RESOURCE)
            .append(" in the jar's manifest):\n");
        for (final String flag : all)
        {
            sb.append("    ").append(flag).append('\n');
        }
        return sb.toString();
    }
}
