package io.gatewatch.bench;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline for the nginx error log: a grok-style NGINX_ERROR pattern (timestamp, level,
 * pid#tid, optional *connection, the message, then the client/server/request/upstream/host/referrer
 * context), compiled once with DOTALL so a FastCGI stderr entry that spans lines matches, and the
 * classification done the way a pipeline's conditionals do it: an ordered list of regular
 * expressions, first hit wins. It fills the same {@link GatewayErrorEvent} as
 * {@link io.gatewatch.parse.nginx.NginxErrorParser}.
 */
public final class RegexErrorParser implements LineParser {

    public static final String GROK_EXPRESSION = "^(?<timestamp>%{NGINXDATE}) \\[%{LOGLEVEL:level}\\] "
            + "%{POSINT:pid}#%{NONNEGINT}: (?:\\*%{NONNEGINT:connection} )?%{DATA:message}"
            + "(?:, client: %{IPORHOST:client}, server: %{DATA:server}"
            + "(?:, request: \"%{DATA:request}\")?(?:, subrequest: \"%{DATA}\")?(?:, upstream: \"%{DATA:upstream}\")?"
            + "(?:, host: \"%{DATA:host}\")?(?:, referrer: \"%{DATA:referrer}\")?)?$";

    private static final Pattern ERRNO = Pattern.compile("\\(([0-9]{1,5}): ");
    private static final Pattern PHP = Pattern.compile("FastCGI sent in stderr: \"(.*)\"", Pattern.DOTALL);

    /** Tagging rules in the order the hand-written classifier applies them; all patterns of a rule must be found. */
    private static final List<Rule> RULES = List.of(
            new Rule(UpstreamErrorKind.FASTCGI_STDERR, "^FastCGI sent in stderr"),
            new Rule(UpstreamErrorKind.CONNECTION_REFUSED, "\\(111: Connection refused\\)"),
            new Rule(UpstreamErrorKind.SOCKET_MISSING, "\\(2: No such file or directory\\)", "unix:"),
            new Rule(UpstreamErrorKind.RESOURCE_UNAVAILABLE, "\\(11: Resource temporarily unavailable\\)"),
            new Rule(UpstreamErrorKind.CONNECTION_RESET, "\\(104: Connection reset by peer\\)"),
            new Rule(UpstreamErrorKind.PREMATURELY_CLOSED, "upstream prematurely closed connection"),
            new Rule(UpstreamErrorKind.HEADER_TOO_BIG, "upstream sent too big header"),
            new Rule(UpstreamErrorKind.NO_LIVE_UPSTREAMS, "no live upstreams"),
            new Rule(UpstreamErrorKind.CONNECT_TIMED_OUT, "\\(110: Connection timed out\\)", "while connecting to upstream"),
            new Rule(UpstreamErrorKind.TIMED_OUT, "\\(110: Connection timed out\\)"),
            new Rule(UpstreamErrorKind.NO_ROUTE_TO_HOST, "\\(113: No route to host\\)"),
            new Rule(UpstreamErrorKind.PERMISSION_DENIED, "\\(13: Permission denied\\)", "upstream"));

    private final Pattern pattern = Grok.compile(GROK_EXPRESSION, Pattern.DOTALL);

    public Pattern pattern() {
        return pattern;
    }

    @Override
    public String format() {
        return "nginx-error-grok";
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        Matcher m = pattern.matcher(entry);
        if (!m.matches()) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED, "entry does not match NGINX_ERROR");
        }
        long time = Timestamps.nginxError(entry, m.start("timestamp"), context.zone());
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid timestamp");
        }
        GatewayErrorEvent event = new GatewayErrorEvent();
        event.setLevel(m.group("level"));
        event.setPid(Integer.valueOf(m.group("pid")));
        String connection = m.group("connection");
        event.setConnection(connection == null ? null : Long.valueOf(connection));
        String message = m.group("message");
        event.setMessage(message);
        event.setKind(classify(message));
        Matcher errno = ERRNO.matcher(message);
        event.setErrno(errno.find() ? Integer.valueOf(errno.group(1)) : null);
        Matcher php = PHP.matcher(message);
        event.setPhpMessage(php.find() ? php.group(1) : null);
        if (m.start("client") >= 0) {
            event.setClient(m.group("client"));
            event.setServer(m.group("server"));
            event.setRequest(m.group("request"));
            event.setUpstream(m.group("upstream"));
            event.setHostHeader(m.group("host"));
            event.setReferrer(m.group("referrer"));
        }
        return ParseResult.event(time, site(event, context), event);
    }

    /** A plain server name, else the shipper's site, else the Host header without its port. */
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
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static UpstreamErrorKind classify(String message) {
        for (Rule rule : RULES) {
            if (rule.matches(message)) {
                return rule.kind;
            }
        }
        return UpstreamErrorKind.OTHER;
    }

    private record Rule(UpstreamErrorKind kind, Pattern[] all) {

        Rule(UpstreamErrorKind kind, String... regexes) {
            this(kind, compileAll(regexes));
        }

        private static Pattern[] compileAll(String[] regexes) {
            Pattern[] out = new Pattern[regexes.length];
            for (int i = 0; i < regexes.length; i++) {
                out[i] = Pattern.compile(regexes[i]);
            }
            return out;
        }

        boolean matches(String message) {
            for (Pattern p : all) {
                if (!p.matcher(message).find()) {
                    return false;
                }
            }
            return true;
        }
    }
}
