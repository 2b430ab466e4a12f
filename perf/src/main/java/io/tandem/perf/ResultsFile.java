package io.tandem.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code perf/target/perf-results.json}: {@code {"results":[{...}, ...]}}, one result per line so that
 * running one benchmark replaces its own figures and keeps the others'.
 */
public final class ResultsFile
{
    private static final Pattern NAME = Pattern.compile("^\\{\"name\":\"([^\"]+)\"");

    private final Path path;

    public ResultsFile(final Path path)
    {
        this.path = path;
    }

    /** Writes {@code results} over earlier results of the same names, keeping the rest. */
    public void merge(final List<Result> results) throws IOException
    {
        final Map<String, String> byName = new LinkedHashMap<>();
        if (Files.exists(path))
        {
            for (final String line : Files.readAllLines(path, StandardCharsets.UTF_8))
            {
                final String trimmed = line.trim();
                final Matcher m = NAME.matcher(trimmed);
                if (m.find())
                {
                    byName.put(m.group(1), trimmed.endsWith(",") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
                }
            }
        }
        for (final Result r : results)
        {
            byName.put(r.name(), r.toJson());
        }
        final StringBuilder sb = new StringBuilder("{\"results\":[\n");
        int i = 0;
        for (final String json : byName.values())
        {
            sb.append(json).append(++i < byName.size() ? ",\n" : "\n");
        }
        sb.append("]}\n");
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, sb.toString(), StandardCharsets.UTF_8);
    }

    public Path path()
    {
        return path;
    }
}
