package io.tandem.remote.internal;

/** Text from the wire made safe for a log line: control characters escaped, length bounded. */
final class LogText
{
    private static final int MAX_CHARS = 200;

    private LogText()
    {
    }

    /**
     * @return {@code text} with line breaks, other control characters and Unicode line separators escaped
     * ({@code \n}, {@code \\u001b}...) and cut at {@value #MAX_CHARS} characters: a name from the wire cannot forge a
     * log line or flood the log.
     */
    static String escape(final String text)
    {
        return escape(text, MAX_CHARS);
    }

    /** @return {@code text} escaped as by {@link #escape(String)}, cut at {@code maxChars}. */
    static String escape(final String text, final int maxChars)
    {
        if (text == null)
        {
            return "null";
        }
        final StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < maxChars; i++)
        {
            final char c = text.charAt(i);
            if (c == '\n')
            {
                out.append("\\n");
            }
            else if (c == '\r')
            {
                out.append("\\r");
            }
            else if (c == '\t')
            {
                out.append("\\t");
            }
            else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029')
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        if (i < text.length())
        {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
