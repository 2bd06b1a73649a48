package io.gatewatch.parse.nginx;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;

/**
 * nginx error log: {@code yyyy/MM/dd HH:mm:ss [level] pid#tid: *conn message, client: …, server: …,
 * request: "…", upstream: "…", host: "…", referrer: "…"}. Timestamps carry no zone, so the
 * context's zone applies. A FastCGI stderr entry spans several physical lines; pass it joined.
 */
public final class NginxErrorParser implements LineParser {

    public static final String FORMAT = "nginx-error";

    private static final String CONTEXT_START = ", client: ";
    private static final String STDERR_MARK = "FastCGI sent in stderr: \"";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean startsEntry(String line) {
        return line.length() >= 21 && line.charAt(4) == '/' && line.charAt(7) == '/' && line.charAt(10) == ' '
                && line.charAt(19) == ' ' && line.charAt(20) == '[';
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        if (!startsEntry(entry)) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not an nginx error-log entry: expected 'yyyy/MM/dd HH:mm:ss [level]' at the start");
        }
        long time = Timestamps.nginxError(entry, 0, context.zone());
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid timestamp '" + entry.substring(0, 19) + "'");
        }
        int levelEnd = entry.indexOf(']', 21);
        if (levelEnd < 0) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "unterminated [level]");
        }
        String level = entry.substring(21, levelEnd);
        int pos = levelEnd + 1;
        while (pos < entry.length() && entry.charAt(pos) == ' ') {
            pos++;
        }
        Integer pid = null;
        int hash = entry.indexOf('#', pos);
        int colon = entry.indexOf(": ", pos);
        if (hash > pos && colon > hash) {
            pid = parseIntOrNull(entry, pos, hash);
            pos = colon + 2;
        }
        Long connection = null;
        if (pos < entry.length() && entry.charAt(pos) == '*') {
            int space = entry.indexOf(' ', pos);
            if (space > pos + 1) {
                Integer conn = parseIntOrNull(entry, pos + 1, space);
                connection = conn == null ? null : conn.longValue();
                pos = space + 1;
            }
        }
        int contextAt = findContext(entry, pos);
        String message = entry.substring(pos, contextAt < 0 ? entry.length() : contextAt);
        GatewayErrorEvent event = new GatewayErrorEvent();
        event.setLevel(level);
        event.setPid(pid);
        event.setConnection(connection);
        event.setMessage(message);
        event.setKind(classify(message));
        event.setErrno(errno(message));
        event.setPhpMessage(phpMessage(message));
        if (contextAt >= 0) {
            readContext(entry, contextAt + 2, event);
        }
        String site = event.getServer();
        if (site == null || site.isEmpty() || "_".equals(site)) {
            site = context.site();
        }
        return ParseResult.event(time, site, event);
    }

    /** Where ", client: " starts the context, skipping a quoted FastCGI stderr message that may contain it. */
    private static int findContext(String entry, int from) {
        int searchFrom = from;
        int stderr = entry.indexOf(STDERR_MARK, from);
        if (stderr >= 0) {
            int close = entry.lastIndexOf("\" while ");
            if (close > stderr) {
                searchFrom = close;
            }
        }
        return entry.indexOf(CONTEXT_START, searchFrom);
    }

    /** Reads {@code key: value} pairs; quoted values may contain ", ". */
    private static void readContext(String entry, int from, GatewayErrorEvent event) {
        int pos = from;
        int n = entry.length();
        while (pos < n) {
            int colon = entry.indexOf(": ", pos);
            if (colon < 0) {
                // A bare trailing "key:" (empty value) ends the line.
                break;
            }
            String key = entry.substring(pos, colon);
            int valueStart = colon + 2;
            String value;
            int next;
            if (valueStart < n && entry.charAt(valueStart) == '"') {
                int close = closingQuote(entry, valueStart + 1);
                value = entry.substring(valueStart + 1, close < 0 ? n : close);
                next = close < 0 ? n : close + 1;
            } else {
                int comma = entry.indexOf(", ", valueStart);
                next = comma < 0 ? n : comma;
                value = entry.substring(valueStart, next);
            }
            assign(event, key, value);
            if (next >= n) {
                break;
            }
            pos = entry.startsWith(", ", next) ? next + 2 : next + 1;
        }
    }

    /** The quote that ends a value: one followed by ", " or the end of the entry. */
    private static int closingQuote(String entry, int from) {
        int q = entry.indexOf('"', from);
        while (q >= 0) {
            if (q == entry.length() - 1 || entry.startsWith(", ", q + 1)) {
                return q;
            }
            q = entry.indexOf('"', q + 1);
        }
        return -1;
    }

    private static void assign(GatewayErrorEvent event, String key, String value) {
        switch (key) {
            case "client" -> event.setClient(value);
            case "server" -> event.setServer(value);
            case "request" -> event.setRequest(value);
            case "upstream" -> event.setUpstream(value);
            case "host" -> event.setHostHeader(value);
            case "referrer" -> event.setReferrer(value);
            default -> {
                // subrequest:, login: and module-specific keys carry nothing we correlate on.
            }
        }
    }

    static UpstreamErrorKind classify(String message) {
        if (message.startsWith("FastCGI sent in stderr")) {
            return UpstreamErrorKind.FASTCGI_STDERR;
        }
        if (message.contains("(111: Connection refused)")) {
            return UpstreamErrorKind.CONNECTION_REFUSED;
        }
        if (message.contains("(2: No such file or directory)") && message.contains("unix:")) {
            return UpstreamErrorKind.SOCKET_MISSING;
        }
        if (message.contains("(11: Resource temporarily unavailable)")) {
            return UpstreamErrorKind.RESOURCE_UNAVAILABLE;
        }
        if (message.contains("(104: Connection reset by peer)")) {
            return UpstreamErrorKind.CONNECTION_RESET;
        }
        if (message.contains("upstream prematurely closed connection")) {
            return UpstreamErrorKind.PREMATURELY_CLOSED;
        }
        if (message.contains("upstream sent too big header")) {
            return UpstreamErrorKind.HEADER_TOO_BIG;
        }
        if (message.contains("no live upstreams")) {
            return UpstreamErrorKind.NO_LIVE_UPSTREAMS;
        }
        if (message.contains("(110: Connection timed out)")) {
            return message.contains("while connecting to upstream")
                    ? UpstreamErrorKind.CONNECT_TIMED_OUT : UpstreamErrorKind.TIMED_OUT;
        }
        if (message.contains("(113: No route to host)")) {
            return UpstreamErrorKind.NO_ROUTE_TO_HOST;
        }
        if (message.contains("(13: Permission denied)") && message.contains("upstream")) {
            return UpstreamErrorKind.PERMISSION_DENIED;
        }
        return UpstreamErrorKind.OTHER;
    }

    /** The number in the first "(N: text)" of the message. */
    static Integer errno(String message) {
        int open = message.indexOf('(');
        while (open >= 0) {
            int colon = message.indexOf(": ", open);
            if (colon > open + 1 && colon - open <= 6) {
                Integer n = parseIntOrNull(message, open + 1, colon);
                if (n != null) {
                    return n;
                }
            }
            open = message.indexOf('(', open + 1);
        }
        return null;
    }

    private static String phpMessage(String message) {
        int at = message.indexOf(STDERR_MARK);
        if (at < 0) {
            return null;
        }
        int start = at + STDERR_MARK.length();
        int end = message.lastIndexOf('"');
        return end > start ? message.substring(start, end) : message.substring(start);
    }

    private static Integer parseIntOrNull(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return null;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
