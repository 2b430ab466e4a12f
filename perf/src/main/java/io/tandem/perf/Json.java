package io.tandem.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for {@code perf-results.json}, so the harness needs no library: a reader giving
 * {@code Map} (key order kept), {@code List}, {@code String}, {@code Double}, {@code Boolean} and {@code null},
 * and the string quoting the writers use.
 *
 * <pre>{@code
 * Map<String, Object> file = Json.object(Files.readString(path));
 * List<Object> results = Json.list(file.get("results"));
 * }</pre>
 */
public final class Json
{
    private final String text;
    private int at;

    private Json(final String text)
    {
        this.text = text;
    }

    /** @return the value {@code text} holds; fails with the offset of the first error. */
    public static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.value();
        json.skipSpace();
        if (json.at != text.length())
        {
            throw json.error("trailing characters");
        }
        return value;
    }

    /** @return {@code text} parsed, which must be an object. */
    public static Map<String, Object> object(final String text)
    {
        return map(parse(text));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(final Object value)
    {
        if (value instanceof Map)
        {
            return (Map<String, Object>)value;
        }
        throw new IllegalArgumentException("expected a JSON object, found " + value);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(final Object value)
    {
        if (value instanceof List)
        {
            return (List<Object>)value;
        }
        throw new IllegalArgumentException("expected a JSON array, found " + value);
    }

    /** @return {@code value} (a map, list, string, number, boolean or null) as compact JSON. */
    public static String write(final Object value)
    {
        final StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(final Object value, final StringBuilder sb)
    {
        if (value == null)
        {
            sb.append("null");
        }
        else if (value instanceof Map)
        {
            sb.append('{');
            int i = 0;
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)value).entrySet())
            {
                sb.append(i++ > 0 ? "," : "").append(quote(String.valueOf(e.getKey()))).append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        }
        else if (value instanceof List)
        {
            sb.append('[');
            int i = 0;
            for (final Object item : (List<?>)value)
            {
                sb.append(i++ > 0 ? "," : "");
                write(item, sb);
            }
            sb.append(']');
        }
        else if (value instanceof Number)
        {
            sb.append(Result.formatNumber((Number)value));
        }
        else if (value instanceof Boolean)
        {
            sb.append(value);
        }
        else
        {
            sb.append(quote(value.toString()));
        }
    }

    /** @return {@code s} as a JSON string literal, quotes included. */
    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private Object value()
    {
        skipSpace();
        if (at >= text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(at);
        switch (c)
        {
            case '{':
                return parseObject();
            case '[':
                return parseArray();
            case '"':
                return parseString();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return parseNumber();
        }
    }

    private Map<String, Object> parseObject()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}')
        {
            at++;
            return map;
        }
        while (true)
        {
            skipSpace();
            if (peek() != '"')
            {
                throw error("expected a key");
            }
            final String key = parseString();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek() == ',')
            {
                at++;
            }
            else
            {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> parseArray()
    {
        final List<Object> list = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']')
        {
            at++;
            return list;
        }
        while (true)
        {
            list.add(value());
            skipSpace();
            if (peek() == ',')
            {
                at++;
            }
            else
            {
                expect(']');
                return list;
            }
        }
    }

    private String parseString()
    {
        at++;
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            if (at >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(at++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            final char e = text.charAt(at++);
            switch (e)
            {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' ->
                {
                    sb.append((char)Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private Double parseNumber()
    {
        final int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0)
        {
            at++;
        }
        if (start == at)
        {
            throw error("unexpected character '" + text.charAt(at) + "'");
        }
        return Double.valueOf(text.substring(start, at));
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, at))
        {
            throw error("expected " + word);
        }
        at += word.length();
        return value;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private char peek()
    {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace()
    {
        while (at < text.length() && Character.isWhitespace(text.charAt(at)))
        {
            at++;
        }
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException("bad JSON at offset " + at + ": " + what);
    }
}
