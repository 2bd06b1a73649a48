package io.gatewatch.parse.php;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.PhpErrorEvent;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.MoreTimestamps;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.ZoneId;

/**
 * PHP's error_log file and WordPress's {@code wp-content/debug.log}:
 * {@code [25-Nov-2026 09:11:25 UTC] PHP Fatal error:  Uncaught Error: … in /path/file.php:42}, followed
 * for uncaught exceptions by {@code Stack trace:}, {@code #0 …} and {@code   thrown in … on line 42}
 * lines that belong to the same entry. PHP names the zone in the bracket (date.timezone); the
 * context's zone applies only when it does not.
 *
 * <p>One payload per entry, the most specific: a database error (wpdb's "WordPress database error …",
 * mysqli, PDO) becomes a {@link DatabaseEvent}, a Redis client error a {@link CacheEvent}; everything
 * else a {@link PhpErrorEvent} with the plugin or theme its file belongs to.
 */
public final class PhpErrorParser implements LineParser {

    public static final String FORMAT = "php-error";

    private static final String[] SEVERITIES = {
        "Fatal error", "Parse error", "Warning", "Notice", "Deprecated", "Strict Standards",
        "Recoverable fatal error", "Catchable fatal error", "Core error", "Core warning", "Compile error",
        "Compile warning", "User error", "User warning", "User notice", "User deprecated", "Unknown error",
    };

    @Override
    public String format() {
        return FORMAT;
    }

    /** {@code [dd-Mon-yyyy HH:mm:ss} followed by a zone name or the closing bracket. */
    @Override
    public boolean startsEntry(String line) {
        int at = MoreTimestamps.dockerPrefixEnd(line);
        if (line.length() <= at + 22 || line.charAt(at) != '[') {
            return false;
        }
        int end = MoreTimestamps.phpDateEnd(line, at + 1);
        return end > 0 && end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == ']');
    }

    /**
     * Entries known to span lines: an uncaught exception until its {@code thrown in} line, a wpdb error
     * whose query runs over several lines until {@code made by}, a {@code print_r} dump until its
     * closing parenthesis. Anything else is complete as it is.
     */
    @Override
    public boolean mayContinue(String entry) {
        int nl = entry.indexOf('\n');
        String first = nl < 0 ? entry : entry.substring(0, nl);
        if (first.contains("Uncaught ")) {
            return !entry.contains("\n  thrown in ") && !entry.contains("\nthrown in ");
        }
        if (first.contains("WordPress database error") && first.contains(" for query ")) {
            return !entry.contains(" made by ");
        }
        int close = first.indexOf("] ");
        if (close > 0) {
            String body = first.substring(close + 2).trim();
            if (body.equals("Array") || body.endsWith(" Object")) {
                return !(entry.endsWith("\n)") || entry.contains("\n)\n"));
            }
        }
        return false;
    }

    @Override
    public ParseResult parse(String untrimmed, ParseContext context) {
        if (untrimmed.isBlank()) {
            return ParseResult.reject(DeadLetterReason.EMPTY, "blank line");
        }
        String entry = untrimmed.stripTrailing();
        int at = MoreTimestamps.dockerPrefixEnd(entry);
        int end = entry.length() > at + 1 && entry.charAt(at) == '[' ? MoreTimestamps.phpDateEnd(entry, at + 1) : -1;
        if (end < 0) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a PHP error_log entry: expected '[dd-Mon-yyyy HH:mm:ss zone]' at the start");
        }
        int lineEnd = entry.indexOf('\n');
        int close = entry.indexOf(']', end);
        if (close < 0 || (lineEnd >= 0 && close > lineEnd)) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "unterminated [date] bracket");
        }
        ZoneId zone = context.zone();
        if (close > end) {
            String zoneName = entry.substring(end, close).trim();
            if (!zoneName.isEmpty()) {
                zone = MoreTimestamps.zoneNamed(zoneName);
                if (zone == null) {
                    return ParseResult.reject(DeadLetterReason.MALFORMED, "unknown time zone '" + zoneName + "'");
                }
            }
        }
        long time = MoreTimestamps.phpDate(entry, at + 1, end, zone);
        if (time == MoreTimestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "invalid timestamp '" + entry.substring(at + 1, end) + "'");
        }
        time = PhpFpmParser.runtimeTime(entry, at, time);
        int bodyStart = close + 1;
        while (bodyStart < entry.length() && entry.charAt(bodyStart) == ' ') {
            bodyStart++;
        }
        String body = entry.substring(bodyStart);
        int nl = body.indexOf('\n');
        String headline = nl < 0 ? body : body.substring(0, nl);

        DatabaseEvent db = BackendErrors.database(headline, body);
        if (db != null) {
            return ParseResult.event(time, context.site(), db);
        }
        CacheEvent cache = BackendErrors.cache(headline, body);
        if (cache != null) {
            return ParseResult.event(time, context.site(), cache);
        }
        return ParseResult.event(time, context.site(), phpError(body, headline));
    }

    static PhpErrorEvent phpError(String body, String headline) {
        String severity = "";
        String message = body;
        int from = body.startsWith("PHP ") ? 4 : 0;
        for (String s : SEVERITIES) {
            if (body.startsWith(s, from) && body.length() > from + s.length() && body.charAt(from + s.length()) == ':') {
                severity = s;
                message = body.substring(from + s.length() + 1).stripLeading();
                break;
            }
        }
        PhpErrorEvent event = new PhpErrorEvent();
        event.setSeverity(severity);
        event.setMessage(message);
        locate(headline, body, event);
        String file = event.getFile();
        String plugin = WordPressPaths.pluginSlug(file);
        String theme = WordPressPaths.themeSlug(file);
        if (plugin == null && theme == null) {
            // The file is WordPress core or a library: the first plugin or theme frame is the likely culprit.
            String p = WordPressPaths.pluginSlug(body);
            String t = WordPressPaths.themeSlug(body);
            if (p != null && (t == null || body.indexOf(p) < body.indexOf(t))) {
                plugin = p;
            } else {
                theme = t;
            }
        }
        event.setPluginSlug(plugin);
        event.setThemeSlug(theme);
        return event;
    }

    /**
     * File and line: "… in FILE on line N" (errors), "… in FILE:N" (uncaught exceptions, whose
     * {@code thrown in FILE on line N} continuation names the same place).
     */
    private static void locate(String headline, String body, PhpErrorEvent event) {
        if (headline.contains("Uncaught ") && endsWithFileAndLine(headline, event)) {
            return;
        }
        int onLine = headline.lastIndexOf(" on line ");
        if (onLine > 0) {
            int in = headline.lastIndexOf(" in ", onLine);
            Integer line = number(headline, onLine + 9);
            if (in >= 0 && line != null) {
                event.setFile(headline.substring(in + 4, onLine));
                event.setLine(line);
                return;
            }
        }
        if (endsWithFileAndLine(headline, event)) {
            return;
        }
        int thrown = body.indexOf("thrown in ");
        if (thrown >= 0) {
            int lineEnd = body.indexOf('\n', thrown);
            String t = lineEnd < 0 ? body.substring(thrown) : body.substring(thrown, lineEnd);
            int on = t.lastIndexOf(" on line ");
            Integer line = on > 0 ? number(t, on + 9) : null;
            if (line != null) {
                event.setFile(t.substring("thrown in ".length(), on));
                event.setLine(line);
            }
        }
    }

    /** "… in FILE:N" at the end of the headline. */
    private static boolean endsWithFileAndLine(String headline, PhpErrorEvent event) {
        int in = headline.lastIndexOf(" in ");
        int colon = headline.lastIndexOf(':');
        if (in < 0 || colon <= in + 4) {
            return false;
        }
        Integer line = number(headline, colon + 1);
        int digitsEnd = colon + 1;
        while (digitsEnd < headline.length() && Character.isDigit(headline.charAt(digitsEnd))) {
            digitsEnd++;
        }
        if (line == null || !headline.substring(digitsEnd).isBlank()) {
            return false;
        }
        event.setFile(headline.substring(in + 4, colon));
        event.setLine(line);
        return true;
    }

    private static Integer number(String s, int from) {
        long v = 0;
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - from < 9) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from ? null : (int) v;
    }
}
