package io.gatewatch.bench;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline: the nginx access log parsed the way a grok-based pipeline parses it, with one
 * {@link java.util.regex.Pattern} compiled once and named groups, filling the same {@link AccessEvent}
 * as {@link io.gatewatch.parse.nginx.NginxAccessParser} so that both do the same work. Converting the
 * captured text (timestamp, numbers, seconds) uses the same helpers as the hand-written parser; only
 * the field extraction differs.
 *
 * <p>Two flavours: {@link #grok()} expands the grok-style definitions (COMBINEDAPACHELOG with an
 * optional virtual host in front and the timing extensions behind), {@link #tuned()} is the fastest
 * regular expression a careful engineer would write by hand ({@code [^ ]+}-style classes, no
 * alternation over address forms).
 */
public final class RegexAccessParser implements LineParser {

    /** COMBINEDAPACHELOG, anchored, with $host in front and timing (key=value or positional) behind. */
    public static final String GROK_EXPRESSION = "^(?:%{IPORHOST:vhost}(?::%{POSINT})? )?"
            + "%{IPORHOST:clientip} (?:%{HTTPDUSER:ident} %{USER:auth} )?\\[%{HTTPDATE:timestamp}\\] "
            + "\"(?:%{WORD:verb} %{NOTSPACE:request}(?: (?<protocol>HTTP/%{NUMBER}))?|%{DATA:rawrequest})\" "
            + "%{NUMBER:response}(?: (?:%{NUMBER:bytes}|-))?(?: %{QS:referrer} %{QS:agent})?"
            + "(?: rt=%{NOTSPACE:rt} urt=%{NGXLIST:urt} upstream=%{NGXLIST:upstream} ustatus=%{NGXLIST:ustatus}"
            + "| %{NOTSPACE:prt} %{NGXLIST:purt} %{NOTSPACE:paddr} %{NOTSPACE:pstatus})?$";

    /** The same structure with the cheapest character classes. */
    public static final String TUNED_EXPRESSION = "^(?:(?<vhost>[^ :\\[]+)(?::[0-9]+)? )?"
            + "(?<clientip>[^ \\[]+) (?:(?<ident>[^ \\[]+) (?<auth>[^ \\[]+) )?\\[(?<timestamp>[^\\]]+)\\] "
            + "\"(?:(?<verb>[A-Z]+) (?<request>[^ \"]+)(?: (?<protocol>HTTP/[0-9.]+))?|(?<rawrequest>[^\"]*))\" "
            + "(?<response>[0-9]{3})(?: (?:(?<bytes>[0-9]+)|-))?(?: (?<referrer>\"[^\"]*\") (?<agent>\"[^\"]*\"))?"
            + "(?: rt=(?<rt>[^ ]+) urt=(?<urt>[^ ,]+(?:(?:,| :) [^ ,]+)*) upstream=(?<upstream>[^ ,]+(?:(?:,| :) [^ ,]+)*)"
            + " ustatus=(?<ustatus>[^ ,]+(?:(?:,| :) [^ ,]+)*)"
            + "| (?<prt>[^ ]+) (?<purt>[^ ,]+(?:(?:,| :) [^ ,]+)*) (?<paddr>[^ ]+) (?<pstatus>[^ ]+))?$";

    private final String format;
    private final Pattern pattern;

    private RegexAccessParser(String format, Pattern pattern) {
        this.format = format;
        this.pattern = pattern;
    }

    public static RegexAccessParser grok() {
        return new RegexAccessParser("nginx-access-grok", Grok.compile(GROK_EXPRESSION));
    }

    public static RegexAccessParser tuned() {
        return new RegexAccessParser("nginx-access-regex", Pattern.compile(TUNED_EXPRESSION));
    }

    public Pattern pattern() {
        return pattern;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public ParseResult parse(String line, ParseContext context) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED, "line does not match " + format);
        }
        long time = Timestamps.nginxLocal(line, m.start("timestamp"));
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid [time_local]");
        }
        AccessEvent event = new AccessEvent();
        String vhost = m.group("vhost");
        event.setVhost(vhost);
        event.setClientAddr(m.group("clientip"));
        event.setRemoteUser(dashToNull(m.group("auth")));
        String verb = m.group("verb");
        if (verb != null) {
            event.setMethod(verb);
            event.setPath(m.group("request"));
            event.setProtocol(m.group("protocol"));
        }
        event.setStatus(Integer.parseInt(m.group("response")));
        String bytes = m.group("bytes");
        if (bytes != null) {
            event.setBytes(Long.parseLong(bytes));
        }
        if (m.start("referrer") >= 0) {
            // QS captures the quotes; the event holds what is between them
            event.setReferrer(dashToNull(line.substring(m.start("referrer") + 1, m.end("referrer") - 1)));
            event.setUserAgent(dashToNull(line.substring(m.start("agent") + 1, m.end("agent") - 1)));
        }
        String rt = m.group("rt");
        if (rt != null) {
            event.setRequestTimeMs(seconds(rt));
            event.setUpstreamResponseTimeMs(seconds(m.group("urt")));
            event.setUpstreamAddr(dashToNull(m.group("upstream")));
            event.setUpstreamStatus(dashToNull(m.group("ustatus")));
        } else {
            String prt = m.group("prt");
            if (prt != null) {
                event.setRequestTimeMs(seconds(prt));
                event.setUpstreamResponseTimeMs(seconds(m.group("purt")));
                event.setUpstreamAddr(dashToNull(m.group("paddr")));
                event.setUpstreamStatus(dashToNull(m.group("pstatus")));
            }
        }
        return ParseResult.event(time, vhost != null ? vhost : context.site(), event);
    }

    /** Seconds ("0.123", or a list "0.001, 0.120") as milliseconds, summed; null for "-". */
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

    static String dashToNull(String s) {
        return s == null || s.isEmpty() || "-".equals(s) ? null : s;
    }
}
