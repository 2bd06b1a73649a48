package io.gatewatch.parse.php;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.MoreTimestamps;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;

/**
 * PHP-FPM slowlog ({@code request_slowlog_timeout}): a blank line, then
 * <pre>
 * [25-Nov-2026 09:11:49]  [pool tcp] pid 22555
 * script_filename = /var/www/html/sleep.php
 * [0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3
 * [0x00007f33dc813020] {main}() /var/www/html/index.php:12
 * </pre>
 * One entry per stack dump, becoming an {@link FpmEvent} of kind {@code SLOWLOG_ENTRY} whose message is
 * the stack, innermost frame first, without the frame addresses. When a frame lies in a WordPress
 * plugin or theme, the message starts with a {@code plugin: <slug>} (or {@code theme: <slug>}) line
 * naming the innermost one, so that attribution finds it without re-reading paths.
 */
public final class PhpFpmSlowlogParser implements LineParser {

    public static final String FORMAT = "php-fpm-slow";

    @Override
    public String format() {
        return FORMAT;
    }

    /** The {@code [date]  [pool NAME] pid N} header line. */
    @Override
    public boolean startsEntry(String line) {
        return headerEnd(line, MoreTimestamps.dockerPrefixEnd(line)) > 0;
    }

    /** An entry is complete once the blank line that precedes the next dump has been appended to it. */
    @Override
    public boolean mayContinue(String entry) {
        return !entry.isBlank() && !entry.endsWith("\n");
    }

    /** Index of "[pool" in a header line starting at {@code at}, or -1. */
    static int headerEnd(String line, int at) {
        if (line.length() <= at + 22 || line.charAt(at) != '[') {
            return -1;
        }
        int end = MoreTimestamps.phpDateEnd(line, at + 1);
        if (end < 0 || end >= line.length() || line.charAt(end) != ']') {
            return -1;
        }
        int pos = end + 1;
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        return pos > end + 1 && line.startsWith("[pool ", pos) ? pos : -1;
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        int start = 0;
        while (start < entry.length() && Character.isWhitespace(entry.charAt(start))) {
            start++;
        }
        if (start == entry.length()) {
            return ParseResult.reject(DeadLetterReason.EMPTY, "blank line (slowlog entries are separated by one)");
        }
        String text = start == 0 ? entry : entry.substring(start);
        int at = MoreTimestamps.dockerPrefixEnd(text);
        int poolAt = headerEnd(text, at);
        if (poolAt < 0) {
            if (text.startsWith("script_filename = ") || text.startsWith("[0x")) {
                return ParseResult.reject(DeadLetterReason.INCOMPLETE_MULTILINE,
                        "slowlog line without its '[date]  [pool NAME] pid N' header");
            }
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a PHP-FPM slowlog entry: expected '[dd-Mon-yyyy HH:mm:ss]  [pool NAME] pid N'");
        }
        int dateEnd = MoreTimestamps.phpDateEnd(text, at + 1);
        long time = MoreTimestamps.phpDate(text, at + 1, dateEnd, context.zone());
        if (time == MoreTimestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "invalid timestamp '" + text.substring(at + 1, dateEnd) + "'");
        }
        time = PhpFpmParser.runtimeTime(text, at, time);
        int poolEnd = text.indexOf(']', poolAt);
        int headerEnd = text.indexOf('\n');
        if (poolEnd < 0 || (headerEnd >= 0 && poolEnd > headerEnd)) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "unterminated [pool NAME]");
        }
        FpmEvent event = new FpmEvent();
        event.setKind(FpmEventKind.SLOWLOG_ENTRY);
        event.setLevel("SLOW");
        event.setPool(text.substring(poolAt + 6, poolEnd));
        String header = headerEnd < 0 ? text : text.substring(0, headerEnd);
        int pid = header.indexOf(" pid ", poolEnd);
        if (pid >= 0) {
            event.setChildPid(PhpFpmParser.number(header, pid + 5));
        }

        StringBuilder frames = new StringBuilder();
        String plugin = null;
        String theme = null;
        int pos = headerEnd < 0 ? text.length() : headerEnd + 1;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String line = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
            pos = nl < 0 ? text.length() : nl + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("script_filename = ")) {
                event.setScriptPath(line.substring("script_filename = ".length()).trim());
                continue;
            }
            String frame = line;
            if (line.startsWith("[0x")) {
                int close = line.indexOf("] ");
                frame = close > 0 ? line.substring(close + 2) : line;
            }
            if (plugin == null && theme == null) {
                plugin = WordPressPaths.pluginSlug(frame);
                theme = plugin == null ? WordPressPaths.themeSlug(frame) : null;
            }
            if (frames.length() > 0) {
                frames.append('\n');
            }
            frames.append(frame);
        }
        String message = frames.toString();
        if (plugin != null) {
            message = "plugin: " + plugin + "\n" + message;
        } else if (theme != null) {
            message = "theme: " + theme + "\n" + message;
        }
        event.setMessage(message);
        return ParseResult.event(time, context.site(), event);
    }
}
