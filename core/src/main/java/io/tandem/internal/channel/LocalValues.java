package io.tandem.internal.channel;

/**
 * Which values only make sense in the JVM that holds them (a thread, a lambda, an open resource...) and so must
 * not cross a queue: Chronicle Wire would copy their fields and hand the other side a broken object. One rule for
 * the parameters of a message by name ({@link WireMessage}) and for the fields a process ships at start.
 */
public final class LocalValues
{
    private LocalValues()
    {
    }

    /**
     * @param declared the declared type of the field or parameter, used when {@code value} is null.
     * @return why {@code value} only makes sense in this JVM, or null if it may be sent to another JVM.
     */
    public static String whyLocal(final Class<?> declared, final Object value)
    {
        final Class<?> type = value == null ? declared : value.getClass();
        if (Thread.class.isAssignableFrom(type) || ThreadGroup.class.isAssignableFrom(type) ||
            java.util.concurrent.Executor.class.isAssignableFrom(type))
        {
            return "a thread belongs to this JVM";
        }
        if (ClassLoader.class.isAssignableFrom(type) || Process.class.isAssignableFrom(type) ||
            ProcessHandle.class.isAssignableFrom(type))
        {
            return "it stands for something of this JVM";
        }
        if (org.slf4j.Logger.class.isAssignableFrom(type))
        {
            return "loggers are per JVM (use logger())";
        }
        if (type.isSynthetic() || type.getName().contains("$$Lambda"))
        {
            return "a lambda cannot be shipped";
        }
        if (AutoCloseable.class.isAssignableFrom(type) && !net.openhft.chronicle.wire.WriteMarshallable.class.isAssignableFrom(type))
        {
            return "it is an open resource of this JVM";
        }
        return null;
    }
}
