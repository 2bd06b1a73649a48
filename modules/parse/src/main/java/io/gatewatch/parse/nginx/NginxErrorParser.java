package io.gatewatch.parse.nginx;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.MoreTimestamps;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;

/**
 * nginx error log: {@code yyyy/MM/dd HH:mm:ss [level] pid#tid: *conn message, client: …, server: …,
 * request: "…", upstream: "…", host: "…", referrer: "…"}. Timestamps carry no zone, so the
 * context's zone applies. A FastCGI stderr entry spans several physical lines; pass it joined.
 *
 * <p>Upstream failures are classified by the system error number nginx prints ({@code (111: …)}), not
 * its text, which varies with the C library ({@code 111: Unknown error} on musl), and only when the
 * message is about the upstream: a client that resets its connection ({@code (104: …) while reading
 * client request headers}) or a file that cannot be opened ({@code open() … (13: Permission denied)})
 * is no upstream failure. A line that a container runtime prefixed with its RFC 3339 time is read
 * without the prefix, and that time (which names its zone) is used.
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
        return startsAt(line, MoreTimestamps.dockerPrefixEnd(line));
    }

    private static boolean startsAt(String line, int at) {
        return line.length() >= at + 21 && line.charAt(at + 4) == '/' && line.charAt(at + 7) == '/'
                && line.charAt(at + 10) == ' ' && line.charAt(at + 19) == ' ' && line.charAt(at + 20) == '[';
    }

    /** Only a FastCGI stderr message whose closing quote has not been seen yet continues. */
    @Override
    public boolean mayContinue(String entry) {
        int stderr = entry.indexOf(STDERR_MARK);
        return stderr >= 0 && entry.indexOf("\" while ", stderr + STDERR_MARK.length()) < 0
                && !entry.endsWith("\"");
    }

    @Override
    public ParseResult parse(String untrimmed, ParseContext context) {
        // Trailing blank lines or a CR (a file written on Windows, a framer that kept the blank line) are no content.
        String raw = untrimmed.stripTrailing();
        int prefix = MoreTimestamps.dockerPrefixEnd(raw);
        if (!startsAt(raw, prefix)) {
            if (raw.startsWith("[") && raw.indexOf("] ") > 0 && raw.indexOf("] ") < 10) {
                return ParseResult.reject(DeadLetterReason.MALFORMED,
                        "nginx error-log message without its 'yyyy/MM/dd HH:mm:ss' time");
            }
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not an nginx error-log entry: expected 'yyyy/MM/dd HH:mm:ss [level]' at the start");
        }
        String entry = prefix == 0 ? raw : raw.substring(prefix);
        long time = Timestamps.nginxError(entry, 0, context.zone());
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid timestamp '" + entry.substring(0, 19) + "'");
        }
        if (prefix > 0) {
            long runtimeTime = MoreTimestamps.isoAt(raw, 0, prefix - 1, context.zone());
            if (runtimeTime != MoreTimestamps.INVALID) {
                time = runtimeTime;
            }
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
                connection = parseLongOrNull(entry, pos + 1, space);
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
        return ParseResult.event(time, site(event, context), event);
    }

    /**
     * The site: the {@code server:} field when it names one virtual host; otherwise (empty, the catch-all
     * {@code _}, a wildcard or regex name) the shipper's site, and failing that the Host header.
     */
    private static String site(GatewayErrorEvent event, ParseContext context) {
        String server = event.getServer();
        if (server != null && !server.isEmpty() && !"_".equals(server) && server.indexOf('*') < 0
                && server.charAt(0) != '~' && server.charAt(0) != '.') {
            return server;
        }
        if (context.site() != null) {
            return context.site();
        }
        String host = event.getHostHeader();
        if (host == null || host.isEmpty()) {
            return null;
        }
        return NginxAccessParser.stripPort(host);
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
                value = entry.substring(valueStart, next).trim();
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
        if (!message.contains("upstream")) {
            return UpstreamErrorKind.OTHER;
        }
        if (message.startsWith("upstream prematurely closed connection")) {
            return UpstreamErrorKind.PREMATURELY_CLOSED;
        }
        if (message.startsWith("upstream sent too big header")) {
            return UpstreamErrorKind.HEADER_TOO_BIG;
        }
        if (message.startsWith("no live upstreams")) {
            return UpstreamErrorKind.NO_LIVE_UPSTREAMS;
        }
        Integer errno = errno(message);
        if (errno == null) {
            return message.startsWith("upstream timed out") ? timedOut(message) : UpstreamErrorKind.OTHER;
        }
        return switch (errno) {
            case 111 -> UpstreamErrorKind.CONNECTION_REFUSED;
            case 2 -> message.contains("unix:") ? UpstreamErrorKind.SOCKET_MISSING : UpstreamErrorKind.OTHER;
            case 11 -> UpstreamErrorKind.RESOURCE_UNAVAILABLE;
            case 104 -> UpstreamErrorKind.CONNECTION_RESET;
            case 110 -> timedOut(message);
            // 113 EHOSTUNREACH and 101 ENETUNREACH: the upstream cannot be reached, whichever hop says so.
            case 113, 101 -> UpstreamErrorKind.NO_ROUTE_TO_HOST;
            case 13 -> UpstreamErrorKind.PERMISSION_DENIED;
            default -> byText(message);
        };
    }

    /** Other systems number their errors differently (FreeBSD's ECONNREFUSED is 61): the text then decides. */
    private static UpstreamErrorKind byText(String message) {
        if (message.contains(": Connection refused)")) {
            return UpstreamErrorKind.CONNECTION_REFUSED;
        }
        if (message.contains(": Connection reset by peer)")) {
            return UpstreamErrorKind.CONNECTION_RESET;
        }
        if (message.contains(": No route to host)") || message.contains(": Network is unreachable)")
                || message.contains(": Host is unreachable)")) {
            return UpstreamErrorKind.NO_ROUTE_TO_HOST;
        }
        if (message.contains("timed out (")) {
            return timedOut(message);
        }
        return UpstreamErrorKind.OTHER;
    }

    /** nginx answers 504 either way; a connect timeout points at reachability, a read timeout at a slow upstream. */
    private static UpstreamErrorKind timedOut(String message) {
        return message.contains("while connecting to upstream")
                ? UpstreamErrorKind.CONNECT_TIMED_OUT : UpstreamErrorKind.TIMED_OUT;
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

    /** Connection numbers grow past 2^31 on long-running busy servers (*16670560058). */
    private static Long parseLongOrNull(String s, int from, int to) {
        if (to <= from || to - from > 18) {
            return null;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
