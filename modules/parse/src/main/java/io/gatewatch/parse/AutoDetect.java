package io.gatewatch.parse;

import io.gatewatch.avro.DeadLetterReason;
import java.util.Optional;

/**
 * Picks the format of an entry that arrived without a source header, from the entry alone: cheap
 * prefix checks on its first line, the most specific shape first, no parsing and no exceptions. The
 * formats it can name are those {@link Parsers} knows at run time (looked up by name), so a format that
 * is not registered is never answered.
 *
 * <p>What tells the formats apart:
 * <ul>
 *   <li>{@code yyyy/MM/dd HH:mm:ss [} — nginx-error;</li>
 *   <li>{@code [dd-Mon-yyyy HH:mm:ss]  [pool } — php-fpm-slow; {@code [dd-Mon-yyyy HH:mm:ss] LEVEL: } —
 *       php-fpm; any other {@code [dd-Mon-yyyy HH:mm:ss …]} (PHP names the zone) — php-error;</li>
 *   <li>{@code pid:R dd Mon} or {@code [pid] dd Mon} — redis;</li>
 *   <li>{@code # Time:}, {@code # User@Host:} and the server banner — mysql-slow; a MySQL/MariaDB time
 *       ({@code 2019-03-04T16:51:19.123Z 0 [Note]}, {@code 2019-10-02 12:54:27 0 [Note]}, {@code 161020 11:41:56})
 *       — mysql-error, as that parser's {@link LineParser#startsEntry} judges it;</li>
 *   <li>{@code … [dd/Mon/yyyy:HH:mm:ss zone] "…"} — nginx-access;</li>
 *   <li>a JSON object: Cloudflare Logpush field names — cdn; {@code name}+{@code fields} — telegraf;
 *       {@code status} with nginx variable names — nginx-access (escape=json); {@code type}+{@code time} —
 *       change.</li>
 * </ul>
 * A Docker/containerd RFC 3339 prefix before any of the line formats is looked through.
 */
public final class AutoDetect {

    /** Format name used for entries whose format is detected. */
    public static final String FORMAT = "auto";

    /** The format of {@code entry}, when one registered format recognises its shape. */
    public static Optional<String> detect(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        String line = firstLine(entry);
        if (line.isEmpty()) {
            return Optional.empty();
        }
        int prefix = MoreTimestamps.dockerPrefixEnd(line);
        String name = prefix > 0 ? byShape(line.substring(prefix)) : null;
        if (name == null) {
            name = byShape(line);
        }
        return name != null && Parsers.forFormat(name).isPresent() ? Optional.of(name) : Optional.empty();
    }

    /** The parser for {@code entry}'s detected format. */
    public static Optional<LineParser> parserFor(String entry) {
        return detect(entry).flatMap(Parsers::forFormat);
    }

    /** Parses {@code entry} with the detected format's parser; UNRECOGNIZED when no format fits. */
    public static ParseResult parse(String entry, ParseContext context) {
        if (entry == null || entry.isBlank()) {
            return ParseResult.reject(DeadLetterReason.EMPTY, "blank line");
        }
        Optional<LineParser> parser = parserFor(entry);
        if (parser.isEmpty()) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "no source format given, and the line has the shape of none of " + Parsers.formats());
        }
        return parser.get().parse(entry, context);
    }

    private static String byShape(String s) {
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        if (c == '{') {
            return json(s);
        }
        if (c == '[') {
            int dateEnd = MoreTimestamps.phpDateEnd(s, 1);
            if (dateEnd > 0) {
                return php(s, dateEnd);
            }
            if (redisOld(s)) {
                return "redis";
            }
        }
        if (c >= '0' && c <= '9') {
            if (nginxError(s)) {
                return "nginx-error";
            }
            if (redis(s) || s.contains(":signal-handler (") && redisSignalHandler(s)) {
                return "redis";
            }
        }
        if (c == '#' && (s.startsWith("# Time:") || s.startsWith("# User@Host:") || s.startsWith("# Query_time:")
                || s.startsWith("# Thread_id:"))) {
            return "mysql-slow";
        }
        if (nginxAccessTime(s)) {
            return "nginx-access";
        }
        if (starts("mysql-slow", s)) {
            return "mysql-slow";
        }
        if (starts("mysql-error", s)) {
            return "mysql-error";
        }
        return null;
    }

    private static String php(String s, int dateEnd) {
        if (dateEnd >= s.length()) {
            return null;
        }
        if (s.charAt(dateEnd) == ']') {
            int pos = dateEnd + 1;
            int spaces = 0;
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                spaces++;
            }
            if (spaces > 0 && s.startsWith("[pool ", pos)) {
                return "php-fpm-slow";
            }
            int level = pos;
            while (level < s.length() && s.charAt(level) >= 'A' && s.charAt(level) <= 'Z') {
                level++;
            }
            if (spaces == 1 && level - pos >= 4 && level - pos <= 7 && s.startsWith(": ", level)) {
                return "php-fpm";
            }
        }
        return "php-error";
    }

    private static String json(String s) {
        if (s.contains("\"EdgeResponseStatus\"") || s.contains("\"EdgeStartTimestamp\"")
                || s.contains("\"ClientRequestHost\"") || s.contains("\"RayID\"")) {
            return "cdn";
        }
        if (s.contains("\"fields\"") && s.contains("\"name\"") || s.startsWith("{\"metrics\"")) {
            return "telegraf";
        }
        if (s.contains("\"status\"") && (s.contains("\"request") || s.contains("\"remote_addr\"")
                || s.contains("\"time_local\"") || s.contains("\"time_iso8601\"") || s.contains("\"msec\"")
                || s.contains("\"body_bytes_sent\""))) {
            return "nginx-access";
        }
        if (s.contains("\"type\"") && s.contains("\"time\"")) {
            return "change";
        }
        return null;
    }

    /** {@code yyyy/MM/dd HH:mm:ss [}. */
    private static boolean nginxError(String s) {
        return s.length() > 21 && s.charAt(4) == '/' && s.charAt(7) == '/' && s.charAt(10) == ' '
                && s.charAt(13) == ':' && s.charAt(19) == ' ' && s.charAt(20) == '[';
    }

    /** {@code pid:R dd Mon}. */
    private static boolean redis(String s) {
        int i = 0;
        while (i < s.length() && i < 10 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > 0 && s.length() > i + 9 && s.charAt(i) == ':' && "MSCX".indexOf(s.charAt(i + 1)) >= 0
                && s.charAt(i + 2) == ' ' && Character.isDigit(s.charAt(i + 3)) && s.charAt(i + 5) == ' '
                && Character.isUpperCase(s.charAt(i + 6));
    }

    /** {@code pid:signal-handler (unix-seconds) message}: Redis 6+ logging from its signal handler. */
    private static boolean redisSignalHandler(String s) {
        int i = 0;
        while (i < s.length() && i < 10 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > 0 && s.startsWith(":signal-handler (", i);
    }

    /** {@code [pid] dd Mon}: Redis 2.x. */
    private static boolean redisOld(String s) {
        int i = 1;
        while (i < s.length() && i < 11 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > 1 && s.length() > i + 8 && s.charAt(i) == ']' && s.charAt(i + 1) == ' '
                && Character.isDigit(s.charAt(i + 2)) && s.charAt(i + 4) == ' ' && Character.isUpperCase(s.charAt(i + 5));
    }

    /** {@code  [dd/Mon/yyyy:HH:mm:ss} somewhere after the client address. */
    private static boolean nginxAccessTime(String s) {
        int idx = s.indexOf(" [");
        while (idx >= 0) {
            if (s.length() > idx + 14 && Character.isDigit(s.charAt(idx + 2)) && s.charAt(idx + 4) == '/'
                    && s.charAt(idx + 8) == '/' && s.charAt(idx + 13) == ':') {
                return true;
            }
            idx = s.indexOf(" [", idx + 2);
        }
        return false;
    }

    private static boolean starts(String format, String line) {
        return Parsers.forFormat(format).map(p -> p.startsEntry(line)).orElse(false);
    }

    private static String firstLine(String entry) {
        int start = 0;
        while (start < entry.length()) {
            int nl = entry.indexOf('\n', start);
            String line = nl < 0 ? entry.substring(start) : entry.substring(start, nl);
            if (!line.isBlank()) {
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return "";
    }

    private AutoDetect() {
    }
}
