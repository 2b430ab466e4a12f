package io.tandem.internal.runtime;

import java.util.regex.Pattern;

/**
 * Validates the names users give to processes, arrays, rings and event groups: each becomes a file name
 * under the session directory, so it must not escape it or surprise a shell.
 *
 * <pre>{@code
 * Names.validate("process name", "worker-7");     // fine
 * Names.validate("process name", "../etc");        // IllegalArgumentException saying why
 * }</pre>
 */
public final class Names
{
    /** Longest accepted name. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private Names()
    {
    }

    /**
     * @param kind what the name names, for the message, e.g. {@code "process name"}.
     * @param name the name to check.
     * @return {@code name}, valid.
     * @throws IllegalArgumentException saying what is wrong and what is allowed.
     */
    public static String validate(final String kind, final String name)
    {
        final String problem = problem(name);
        if (problem != null)
        {
            throw new IllegalArgumentException("invalid " + kind + " " + (name == null ? "null" : "'" + name + "'") +
                ": " + problem + "; use 1 to " + MAX_LENGTH +
                " characters from A-Z a-z 0-9 . _ - , not starting with '.' or '-'");
        }
        return name;
    }

    /** @return true if {@link #validate} would accept {@code name}. */
    public static boolean isValid(final String name)
    {
        return problem(name) == null;
    }

    private static String problem(final String name)
    {
        if (name == null || name.isEmpty())
        {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH)
        {
            return "it is " + name.length() + " characters long";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0)
        {
            return "it contains a path separator";
        }
        if (name.contains(".."))
        {
            return "it contains '..'";
        }
        if (!ALLOWED.matcher(name).matches())
        {
            return "it contains characters outside the allowed set (or starts with '.' or '-')";
        }
        return null;
    }
}
