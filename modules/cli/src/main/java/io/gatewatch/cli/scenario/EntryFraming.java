package io.gatewatch.cli.scenario;

import io.gatewatch.parse.Parsers;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the physical lines of a file into entries. Most formats have one entry per line; nginx's
 * FastCGI stderr messages, PHP stack traces and slow-log entries span several.
 */
final class EntryFraming {

    /** An entry and the 1-based line it starts on. */
    record Entry(String text, int lineNo) {
    }

    private EntryFraming() {
    }

    static List<Entry> frame(String format, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        boolean sawQuery = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean blank = line.isBlank();
            boolean starts = startsEntry(format, line, sawQuery);
            if (current == null || starts || (blank && "php-fpm-slow".equals(format))) {
                if (current != null && !current.toString().isBlank()) {
                    entries.add(new Entry(current.toString(), start));
                }
                current = null;
                sawQuery = false;
                if (blank) {
                    continue;
                }
                current = new StringBuilder(line);
                start = i + 1;
            } else if (!(blank && isSingleLine(format))) {
                current.append('\n').append(line);
            }
            if ("mysql-slow".equals(format) && !line.startsWith("#")) {
                sawQuery = true;
            }
        }
        if (current != null && !current.toString().isBlank()) {
            entries.add(new Entry(current.toString(), start));
        }
        return entries;
    }

    private static boolean isSingleLine(String format) {
        return switch (format) {
            case "nginx-error", "php-error", "php-fpm-slow", "mysql-slow", "mysql-error" -> false;
            default -> true;
        };
    }

    private static boolean startsEntry(String format, String line, boolean sawQuery) {
        return switch (format) {
            case "nginx-error" -> Parsers.forFormat("nginx-error").map(p -> p.startsEntry(line)).orElse(true);
            case "php-error" -> line.startsWith("[");
            case "php-fpm-slow" -> false;
            case "mysql-slow" -> line.startsWith("# Time:") || (sawQuery && line.startsWith("# User@Host:"))
                    || line.startsWith("/usr/") || line.startsWith("Tcp port:") || line.startsWith("Time ");
            case "mysql-error" -> !line.startsWith(" ") && !line.startsWith("\t");
            default -> true;
        };
    }
}
