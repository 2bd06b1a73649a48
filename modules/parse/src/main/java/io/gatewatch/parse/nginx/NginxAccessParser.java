package io.gatewatch.parse.nginx;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;

/**
 * nginx access log in the {@code combined} format, optionally preceded by the virtual host and
 * followed by timing fields, either positional ({@code $request_time $upstream_response_time
 * $upstream_addr $upstream_status}) or as {@code key=value} tokens ({@code rt= urt= upstream= ustatus=}).
 */
public final class NginxAccessParser implements LineParser {

    public static final String FORMAT = "nginx-access";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ParseResult parse(String line, ParseContext context) {
        int open = line.indexOf(" [");
        if (open <= 0) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not an nginx access-log line: no ' [time]' after the client address");
        }
        AccessEvent event = new AccessEvent();
        readPrefix(line, open, event);
        long time = Timestamps.nginxLocal(line, open + 2);
        int close = open + 28;
        if (time == Timestamps.INVALID || close >= line.length() || line.charAt(close) != ']') {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid [time_local] at column " + (open + 2));
        }
        int pos = close + 1;
        if (!line.startsWith(" \"", pos)) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "missing quoted request after the time");
        }
        int reqEnd = line.indexOf("\" ", pos + 2);
        if (reqEnd < 0) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "unterminated request string");
        }
        readRequest(line, pos + 2, reqEnd, event);
        pos = reqEnd + 2;
        int statusEnd = tokenEnd(line, pos);
        int status = parseInt(line, pos, statusEnd);
        if (status < 100 || status > 999) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid status '" + line.substring(pos, statusEnd) + "'");
        }
        event.setStatus(status);
        pos = skipSpace(line, statusEnd);
        if (pos < line.length() && line.charAt(pos) != '"') {
            int bytesEnd = tokenEnd(line, pos);
            if (!isKeyValue(line, pos, bytesEnd)) {
                int bytes = parseInt(line, pos, bytesEnd);
                event.setBytes(Math.max(bytes, 0));
                pos = skipSpace(line, bytesEnd);
            }
        }
        if (pos < line.length() && line.charAt(pos) == '"') {
            int end = line.indexOf('"', pos + 1);
            if (end < 0) {
                return ParseResult.reject(DeadLetterReason.MALFORMED, "unterminated referrer string");
            }
            event.setReferrer(dashToNull(line.substring(pos + 1, end)));
            pos = skipSpace(line, end + 1);
            if (pos < line.length() && line.charAt(pos) == '"') {
                int uaEnd = line.indexOf('"', pos + 1);
                if (uaEnd < 0) {
                    return ParseResult.reject(DeadLetterReason.MALFORMED, "unterminated user-agent string");
                }
                event.setUserAgent(dashToNull(line.substring(pos + 1, uaEnd)));
                pos = skipSpace(line, uaEnd + 1);
            }
        }
        readTail(line, pos, event);
        String site = event.getVhost() != null ? event.getVhost() : context.site();
        return ParseResult.event(time, site, event);
    }

    private static void readPrefix(String line, int open, AccessEvent event) {
        // Tokens before '[': [vhost] addr ident user, or just addr (short custom formats).
        String[] tokens = line.substring(0, open).trim().split(" +");
        switch (tokens.length) {
            case 1 -> event.setClientAddr(tokens[0]);
            case 2 -> {
                event.setClientAddr(tokens[0]);
                event.setRemoteUser(dashToNull(tokens[1]));
            }
            case 3 -> {
                event.setClientAddr(tokens[0]);
                event.setRemoteUser(dashToNull(tokens[2]));
            }
            default -> {
                event.setVhost(stripPort(tokens[0]));
                event.setClientAddr(tokens[1]);
                event.setRemoteUser(dashToNull(tokens[3]));
            }
        }
    }

    private static void readRequest(String line, int from, int to, AccessEvent event) {
        int sp1 = line.indexOf(' ', from);
        if (sp1 < 0 || sp1 >= to) {
            // "-" or a garbage request (TLS bytes on a plain port): nothing to split.
            return;
        }
        event.setMethod(line.substring(from, sp1));
        int sp2 = line.lastIndexOf(' ', to - 1);
        if (sp2 > sp1 && line.startsWith("HTTP/", sp2 + 1)) {
            event.setPath(line.substring(sp1 + 1, sp2));
            event.setProtocol(line.substring(sp2 + 1, to));
        } else {
            event.setPath(line.substring(sp1 + 1, to));
        }
    }

    /** Timing fields after the user agent. */
    private static void readTail(String line, int from, AccessEvent event) {
        int pos = from;
        int positional = 0;
        while (pos < line.length()) {
            int end = listEnd(line, pos);
            if (end == pos) {
                pos++;
                continue;
            }
            int eq = line.indexOf('=', pos);
            if (eq > pos && eq < end) {
                String key = line.substring(pos, eq);
                String value = line.substring(eq + 1, end);
                switch (key) {
                    case "rt", "request_time" -> event.setRequestTimeMs(seconds(value));
                    case "urt", "upstream_response_time" -> event.setUpstreamResponseTimeMs(seconds(value));
                    case "upstream", "uaddr", "upstream_addr" -> event.setUpstreamAddr(dashToNull(value));
                    case "ustatus", "us", "upstream_status" -> event.setUpstreamStatus(dashToNull(value));
                    case "host", "vhost" -> event.setVhost(event.getVhost() == null ? stripPort(value) : event.getVhost());
                    default -> {
                        // Unknown custom fields are kept out of the event on purpose: they are not signals.
                    }
                }
            } else {
                String value = line.substring(pos, end);
                switch (positional++) {
                    case 0 -> event.setRequestTimeMs(seconds(value));
                    case 1 -> event.setUpstreamResponseTimeMs(seconds(value));
                    case 2 -> event.setUpstreamAddr(dashToNull(value));
                    case 3 -> event.setUpstreamStatus(dashToNull(value));
                    default -> {
                    }
                }
            }
            pos = skipSpace(line, end);
        }
    }

    /**
     * Seconds as nginx writes them ("0.123"), or a list when several upstreams were tried
     * ("0.001, 0.120" / "0.001 : 0.120"): the sum, in milliseconds. Null for "-".
     */
    static Double seconds(String value) {
        long totalMicros = 0;
        boolean any = false;
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            // Whole and fractional parts read as integers, so "2.002" is exactly 2002 ms.
            long whole = 0;
            while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9' && whole < 1_000_000_000L) {
                whole = whole * 10 + (value.charAt(i++) - '0');
            }
            long micros = whole * 1_000_000L;
            if (i < n && value.charAt(i) == '.') {
                i++;
                long scale = 100_000L;
                while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
                    micros += (value.charAt(i++) - '0') * scale;
                    scale /= 10;
                }
            }
            totalMicros += micros;
            any = true;
        }
        return any ? totalMicros / 1000.0 : null;
    }

    /**
     * End of a field that may be a list: nginx writes several tried upstreams as
     * "a, b" (next server) or "a : b" (internal redirect).
     */
    private static int listEnd(String line, int from) {
        int end = tokenEnd(line, from);
        while (end < line.length()) {
            if (line.charAt(end - 1) == ',') {
                end = tokenEnd(line, skipSpace(line, end));
            } else if (line.startsWith(" : ", end)) {
                end = tokenEnd(line, end + 3);
            } else {
                break;
            }
        }
        return end;
    }

    private static boolean isKeyValue(String line, int from, int to) {
        int eq = line.indexOf('=', from);
        return eq > from && eq < to;
    }

    private static int tokenEnd(String line, int from) {
        int sp = line.indexOf(' ', from);
        return sp < 0 ? line.length() : sp;
    }

    private static int skipSpace(String line, int from) {
        int pos = from;
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private static int parseInt(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static String dashToNull(String s) {
        return s == null || s.isEmpty() || "-".equals(s) ? null : s;
    }
}
