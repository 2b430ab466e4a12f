package io.tandem.jvm;

import java.util.List;

/**
 * This JVM was started without the {@code --add-opens}/{@code --add-exports} flags Chronicle needs on Java 17+.
 * The message lists the flags of the running JDK's list this JVM lacks, and that whole list (flags of newer JDKs
 * only on a newer JDK: see {@link JvmFlags#forJdk}).
 */
public final class MissingJvmFlagsException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    MissingJvmFlagsException(final int feature, final List<String> missing, final List<String> all)
    {
        super(message(feature, missing, all));
        this.missing = List.copyOf(missing);
    }

    /** @return the flags of the running JDK's list this JVM lacks. */
    public List<String> missing()
    {
        return missing;
    }

    private static String message(final int feature, final List<String> missing, final List<String> all)
    {
        final StringBuilder sb = new StringBuilder(512)
            .append("Tandem uses OpenHFT Chronicle, which needs JVM flags this JVM was started without (missing ")
            .append(missing.size()).append(": ").append(String.join(" ", missing)).append(").\n")
            .append("Start java (JDK ").append(feature).append(") with all of these (the list is also in tandem-ringbuffer.jar at ")
            .append(JvmFlags.RESOURCE);
        if (feature >= JvmFlags.JDK23)
        {
            sb.append(" and, for JDK ").append(JvmFlags.JDK23).append("+, ").append(JvmFlags.RESOURCE_JDK23);
        }
        sb.append(", usable as java @argfiles; `java -cp tandem-ringbuffer.jar ")
            .append(Flags.class.getName()).append(" > jvm.args` writes this JDK's list, then `java @jvm.args ...`; ")
            .append("for `java -jar app.jar`, put the attributes of ").append(Flags.MANIFEST_RESOURCE)
            .append(" in the jar's manifest):\n");
        for (final String flag : all)
        {
            sb.append("    ").append(flag).append('\n');
        }
        return sb.toString();
    }
}
