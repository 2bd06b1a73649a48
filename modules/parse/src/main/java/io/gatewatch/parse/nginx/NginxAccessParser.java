package io.gatewatch.parse.nginx;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.MoreTimestamps;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nginx access log, in the text formats operators actually use and in JSON:
 * <ul>
 *   <li>{@code combined}, optionally preceded by the virtual host ({@code $host} or {@code $host:$server_port})
 *       and by an X-Forwarded-For list ({@code 10.0.0.2, 10.0.0.1, 127.0.0.1} or quoted);</li>
 *   <li>followed by timing fields, positional ({@code $request_time $upstream_response_time $upstream_addr
 *       $upstream_status}) or as {@code key=value} tokens ({@code rt= urt= upstream= ustatus=}, amplify's
 *       {@code sn="" rt= ua="" us="" ut=""}), or by ingress-nginx's {@code $request_length $request_time
 *       [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr …} layout; a
 *       {@code $request_time} between the byte count and the referrer is read too;</li>
 *   <li>{@code log_format … escape=json} objects with nginx's variable names as keys
 *       ({@code time_local}/{@code time_iso8601}/{@code msec}, {@code remote_addr}, {@code request} or
 *       {@code request_method}+{@code request_uri}, {@code status}, …).</li>
 * </ul>
 * Upstream lists keep nginx's separators ({@code "10.0.0.1:9000, 10.0.0.2:9000 : 10.0.0.3:9000"}); the
 * upstream response time is their sum. The client address is the first public address of the list
 * (the first entry when none is public), as Filebeat reads it.
 */
public final class NginxAccessParser implements LineParser {

    public static final String FORMAT = "nginx-access";

    @Override
    public String format() {
        return FORMAT;
    }

    /** A JSON object or a line with a {@code [dd/Mon/yyyy:} time: what this parser can read. */
    @Override
    public boolean startsEntry(String line) {
        int first = skipSpace(line, 0);
        return first < line.length() && line.charAt(first) == '{' || timeOpen(line) > 0;
    }

    @Override
    public ParseResult parse(String untrimmed, ParseContext context) {
        String line = untrimmed.stripTrailing();
        int first = skipSpace(line, 0);
        if (first < line.length() && line.charAt(first) == '{') {
            return parseJson(line, context);
        }
        int open = timeOpen(line);
        if (open <= 0) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not an nginx access-log line: no ' [dd/Mon/yyyy:HH:mm:ss zone]' after the client address");
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
        int status = statusEnd - pos <= 3 ? parseInt(line, pos, statusEnd) : -1;
        if (status < 0) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid status '" + line.substring(pos, statusEnd)
                    + "' (nginx always logs a number; Apache writes '-' for requests it never answered)");
        }
        event.setStatus(status);
        pos = skipSpace(line, statusEnd);
        if (pos < line.length() && line.charAt(pos) != '"') {
            int bytesEnd = tokenEnd(line, pos);
            if (!isKeyValue(line, pos, bytesEnd)) {
                int bytes = parseInt(line, pos, bytesEnd);
                event.setBytes(Math.max(bytes, 0));
                pos = skipSpace(line, bytesEnd);
                // A custom format with $request_time before the referrer ("… 206 33973115 0.202 "-" "…"").
                int rtEnd = tokenEnd(line, pos);
                if (pos < line.length() && line.charAt(pos) != '"' && isDecimal(line, pos, rtEnd)
                        && line.startsWith(" \"", rtEnd)) {
                    event.setRequestTimeMs(seconds(line.substring(pos, rtEnd)));
                    pos = skipSpace(line, rtEnd);
                }
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

    /** Index of the " [" that opens {@code [dd/Mon/yyyy:…]}, or -1. */
    private static int timeOpen(String line) {
        int idx = line.indexOf(" [");
        while (idx >= 0) {
            if (line.length() > idx + 8 && isDigit(line.charAt(idx + 2)) && isDigit(line.charAt(idx + 3))
                    && line.charAt(idx + 4) == '/' && line.charAt(idx + 8) == '/') {
                return idx;
            }
            idx = line.indexOf(" [", idx + 2);
        }
        return -1;
    }

    /**
     * Tokens before the time: {@code [vhost] addresses ident user}, {@code addr user} (ident missing) or
     * just {@code addr}. The address part may be an X-Forwarded-For list, comma-separated or quoted.
     */
    private static void readPrefix(String line, int open, AccessEvent event) {
        List<String> tokens = prefixTokens(line, open);
        int n = tokens.size();
        if (n == 0) {
            return;
        }
        if (n == 1) {
            event.setClientAddr(tokens.get(0));
            return;
        }
        if (n == 2) {
            event.setClientAddr(tokens.get(0));
            event.setRemoteUser(dashToNull(tokens.get(1)));
            return;
        }
        event.setRemoteUser(dashToNull(tokens.get(n - 1)));
        List<String> addresses = tokens.subList(0, n - 2);
        String t0 = addresses.get(0);
        if (addresses.size() > 1 && !t0.endsWith(",") && t0.charAt(0) != '"') {
            event.setVhost(stripPort(t0));
            addresses = addresses.subList(1, addresses.size());
        }
        event.setClientAddr(pickClient(addresses));
    }

    /** Space-separated tokens; a token that starts with '"' runs to the closing quote. */
    private static List<String> prefixTokens(String line, int end) {
        List<String> out = new ArrayList<>(6);
        int pos = 0;
        while (pos < end) {
            pos = skipSpace(line, pos);
            if (pos >= end) {
                break;
            }
            int stop;
            if (line.charAt(pos) == '"') {
                int q = line.indexOf('"', pos + 1);
                stop = q < 0 || q >= end ? end : q + 1;
            } else {
                int sp = line.indexOf(' ', pos);
                stop = sp < 0 || sp > end ? end : sp;
            }
            out.add(line.substring(pos, stop));
            pos = stop;
        }
        return out;
    }

    /** First public address of the list, else its first entry. */
    private static String pickClient(List<String> tokens) {
        if (tokens.size() == 1) {
            String only = tokens.get(0);
            if (only.indexOf(',') < 0 && only.indexOf('"') < 0) {
                return only; // the common case: $remote_addr alone
            }
        }
        String first = null;
        for (String token : tokens) {
            for (String item : token.replace("\"", "").split(",")) {
                String a = item.trim();
                if (a.isEmpty()) {
                    continue;
                }
                if (first == null) {
                    first = a;
                }
                if (isPublicIp(a)) {
                    return a;
                }
            }
        }
        return first;
    }

    static boolean isPublicIp(String a) {
        if (a.indexOf(':') >= 0) {
            for (int i = 0; i < a.length(); i++) {
                if (Character.digit(a.charAt(i), 16) < 0 && a.charAt(i) != ':' && a.charAt(i) != '.') {
                    return false;
                }
            }
            String l = a.toLowerCase();
            return !(l.equals("::1") || l.startsWith("fc") || l.startsWith("fd") || l.startsWith("fe80")
                    || l.startsWith("::ffff:10.") || l.startsWith("::ffff:127.") || l.startsWith("::ffff:192.168.")
                    || l.equals("::"));
        }
        String[] parts = a.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        int[] o = new int[4];
        for (int i = 0; i < 4; i++) {
            o[i] = parts[i].isEmpty() || parts[i].length() > 3 ? -1 : parseInt(parts[i], 0, parts[i].length());
            if (o[i] < 0 || o[i] > 255) {
                return false;
            }
        }
        return !(o[0] == 10 || o[0] == 127 || o[0] == 0 || (o[0] == 192 && o[1] == 168)
                || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 169 && o[1] == 254)
                || (o[0] == 100 && o[1] >= 64 && o[1] <= 127));
    }

    /**
     * {@code METHOD target [HTTP/x]}. A request that does not start with a method word (TLS bytes on a
     * plain port, scanners' garbage, an empty request) leaves method, path and protocol unset.
     */
    static void readRequest(String line, int from, int to, AccessEvent event) {
        int sp1 = line.indexOf(' ', from);
        if (sp1 < 0 || sp1 >= to || sp1 == from || sp1 - from > 32) {
            return;
        }
        for (int i = from; i < sp1; i++) {
            char c = line.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_')) {
                return;
            }
        }
        event.setMethod(line.substring(from, sp1));
        int sp2 = line.lastIndexOf(' ', to - 1);
        if (sp2 > sp1 && line.startsWith("HTTP/", sp2 + 1)) {
            event.setPath(line.substring(sp1 + 1, sp2).trim());
            event.setProtocol(line.substring(sp2 + 1, to));
        } else {
            event.setPath(line.substring(sp1 + 1, to));
        }
    }

    /** Timing fields after the user agent. */
    private static void readTail(String line, int from, AccessEvent event) {
        List<String> tokens = tailTokens(line, from);
        if (tokens.size() >= 8 && tokens.get(2).startsWith("[") && tokens.get(3).startsWith("[")) {
            // ingress-nginx: $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name]
            // $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id
            event.setRequestTimeMs(seconds(tokens.get(1)));
            event.setUpstreamAddr(dashToNull(tokens.get(4)));
            event.setUpstreamResponseTimeMs(seconds(tokens.get(6)));
            event.setUpstreamStatus(dashToNull(tokens.get(7)));
            return;
        }
        int positional = event.getRequestTimeMs() == null ? 0 : 1;
        boolean positionalOpen = true;
        for (String token : tokens) {
            if (token.startsWith("\"")) {
                // $http_x_forwarded_for, "$host" and other quoted extras: not signals, and no positional slot.
                continue;
            }
            int eq = token.indexOf('=');
            if (eq > 0 && isKey(token, eq)) {
                String value = unquote(token.substring(eq + 1));
                switch (token.substring(0, eq)) {
                    case "rt", "request_time" -> event.setRequestTimeMs(seconds(value));
                    case "urt", "ut", "upstream_response_time" -> event.setUpstreamResponseTimeMs(seconds(value));
                    case "upstream", "uaddr", "ua", "upstream_addr" -> event.setUpstreamAddr(dashToNull(value));
                    case "ustatus", "us", "upstream_status" -> event.setUpstreamStatus(dashToNull(value));
                    case "host", "vhost", "sn", "server_name" -> {
                        if (event.getVhost() == null && dashToNull(value) != null) {
                            event.setVhost(stripPort(value));
                        }
                    }
                    default -> {
                        // Unknown custom fields are kept out of the event on purpose: they are not signals.
                    }
                }
                continue;
            }
            if (!positionalOpen) {
                continue;
            }
            switch (positional) {
                case 0, 1 -> positionalOpen = isTimeList(token);
                case 2 -> positionalOpen = isAddressList(token);
                case 3 -> positionalOpen = isStatusList(token);
                default -> positionalOpen = false;
            }
            if (!positionalOpen) {
                continue;
            }
            switch (positional++) {
                case 0 -> event.setRequestTimeMs(seconds(token));
                case 1 -> event.setUpstreamResponseTimeMs(seconds(token));
                case 2 -> event.setUpstreamAddr(dashToNull(token));
                case 3 -> event.setUpstreamStatus(dashToNull(token));
                default -> {
                }
            }
        }
    }

    /** Tokens after the user agent; lists ("a, b" and "a : b") and quoted values stay one token. */
    private static List<String> tailTokens(String line, int from) {
        List<String> out = new ArrayList<>(12);
        int pos = skipSpace(line, from);
        while (pos < line.length()) {
            int end;
            if (line.charAt(pos) == '"') {
                int q = line.indexOf('"', pos + 1);
                end = q < 0 ? line.length() : q + 1;
            } else {
                int eq = line.indexOf('=', pos);
                int sp = tokenEnd(line, pos);
                if (eq > pos && eq < sp && eq + 1 < line.length() && line.charAt(eq + 1) == '"') {
                    int q = line.indexOf('"', eq + 2);
                    end = q < 0 ? line.length() : q + 1;
                } else {
                    end = listEnd(line, pos);
                }
            }
            out.add(line.substring(pos, end));
            pos = skipSpace(line, end);
        }
        return out;
    }

    private static boolean isKey(String token, int eq) {
        for (int i = 0; i < eq; i++) {
            char c = token.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTimeList(String t) {
        return matches(t, "0123456789.-,: ") && (t.indexOf('.') >= 0 || t.equals("-") || t.equals("0"));
    }

    private static boolean isStatusList(String t) {
        return matches(t, "0123456789-,: ");
    }

    private static boolean isAddressList(String t) {
        return t.equals("-") || t.indexOf(':') > 0 || t.indexOf('.') > 0 || t.startsWith("unix:");
    }

    private static boolean matches(String t, String allowed) {
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (allowed.indexOf(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDecimal(String line, int from, int to) {
        int dots = 0;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isDigit(c)) {
                return false;
            }
        }
        return to > from && dots == 1;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    // ---------------------------------------------------------------------------------------- JSON

    private static ParseResult parseJson(String line, ParseContext context) {
        Map<String, String> m = FlatJson.parse(line.strip());
        if (m == null) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "not a well-formed JSON object");
        }
        String statusText = m.get("status");
        if (statusText == null) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "JSON object without a 'status' member: not an nginx escape=json access-log line");
        }
        int status = statusText.length() <= 3 ? parseInt(statusText, 0, statusText.length()) : -1;
        if (status < 0) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid status '" + statusText + "'");
        }
        long time = jsonTime(m, context);
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "no readable time (time_local, time_iso8601, msec, @timestamp, timestamp or time)");
        }
        AccessEvent event = new AccessEvent();
        event.setStatus(status);
        String request = m.get("request");
        if (request != null) {
            readRequest(request, 0, request.length(), event);
        } else {
            event.setMethod(blankToNull(first(m, "request_method", "method")));
            String uri = first(m, "request_uri", "uri", "path");
            String args = first(m, "args", "query_string");
            if (uri != null && args != null && !args.isEmpty() && uri.indexOf('?') < 0) {
                uri = uri + "?" + args;
            }
            event.setPath(blankToNull(uri));
            event.setProtocol(blankToNull(first(m, "server_protocol", "protocol")));
        }
        String bytes = first(m, "body_bytes_sent", "bytes_sent", "bytes");
        if (bytes != null) {
            event.setBytes(Math.max(0, parseLong(bytes)));
        }
        String client = first(m, "remote_addr", "client_ip", "client", "remote_ip", "clientip");
        event.setClientAddr(blankToNull(client));
        event.setRemoteUser(dashToNull(m.get("remote_user")));
        event.setReferrer(dashToNull(first(m, "http_referer", "http_referrer", "referer", "referrer")));
        event.setUserAgent(dashToNull(first(m, "http_user_agent", "user_agent", "agent")));
        String vhost = dashToNull(first(m, "host", "server_name", "http_host", "vhost"));
        event.setVhost(vhost == null ? null : stripPort(vhost));
        String rt = m.get("request_time");
        event.setRequestTimeMs(rt == null ? null : seconds(rt));
        String urt = m.get("upstream_response_time");
        event.setUpstreamResponseTimeMs(urt == null ? null : seconds(urt));
        event.setUpstreamAddr(dashToNull(m.get("upstream_addr")));
        event.setUpstreamStatus(dashToNull(m.get("upstream_status")));
        String site = event.getVhost() != null ? event.getVhost() : context.site();
        return ParseResult.event(time, site, event);
    }

    private static long jsonTime(Map<String, String> m, ParseContext context) {
        for (String key : new String[] {"time_local", "time_iso8601", "msec", "@timestamp", "timestamp", "time"}) {
            String v = m.get(key);
            if (v == null || v.isEmpty()) {
                continue;
            }
            long t = Timestamps.INVALID;
            if (v.length() >= 26 && v.charAt(2) == '/') {
                t = Timestamps.nginxLocal(v, 0);
            } else if (v.length() >= 19 && v.charAt(4) == '-') {
                t = MoreTimestamps.iso(v, context.zone());
            } else if (isDigit(v.charAt(0))) {
                t = MoreTimestamps.epoch(v);
            }
            if (t != Timestamps.INVALID) {
                return t;
            }
        }
        return Timestamps.INVALID;
    }

    private static String first(Map<String, String> m, String... keys) {
        for (String k : keys) {
            String v = m.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------- helpers

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

    private static long parseLong(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code host:port} without the port; {@code [v6]:port} keeps its brackets; a bare IPv6 stays whole. */
    static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static String dashToNull(String s) {
        return s == null || s.isEmpty() || "-".equals(s) ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
