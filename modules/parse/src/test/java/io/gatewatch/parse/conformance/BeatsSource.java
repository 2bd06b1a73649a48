package io.gatewatch.parse.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * elastic/beats {@code filebeat/module/{nginx,mysql}/<fileset>/test/*.log} with their {@code -expected.json}:
 * one ECS-flattened object per event, keyed to the log by {@code log.offset} (the byte offset of the event's
 * first line). Beats' tests read zone-less times at -02:00.
 */
final class BeatsSource {

    static final ParseContext CONTEXT = new ParseContext(ZoneOffset.ofHours(-2), null, null);

    /**
     * The last six ingress-nginx lines postdate the stored expected.json (see SOURCES.md); their values are
     * transcribed from the lines themselves: IPv6 upstreams, two 502s, a unix: socket and '-' inside lists.
     */
    private static final Map<Integer, Map<String, Object>> INGRESS_DERIVED = Map.of(
            24, Map.of("status", 200L, "bytes", 61L, "requestTimeMs", 1.0,
                    "upstreamAddr", "172.17.0.6:8080, 172.17.0.7:8080", "upstreamStatus", "200, 203",
                    "upstreamResponseTimeMs", 104.0),
            25, Map.of("clientAddr", "2a02:cf40::", "remoteUser", "remote_monitoring_user", "status", 200L,
                    "bytes", 470L, "requestTimeMs", 33.0, "upstreamAddr", "[2a02:cf40::]:9200",
                    "upstreamStatus", "200", "upstreamResponseTimeMs", 36.0),
            26, Map.of("clientAddr", "2a02:cf40::4e36", "status", 502L, "protocol", "HTTP/2.0",
                    "referrer", "https://localhost:8080/", "requestTimeMs", 0.0,
                    "upstreamAddr", "[2a02:cf40::7]:5000, [2a02:cf40::4e36]:5000", "upstreamStatus", "502, 502",
                    "upstreamResponseTimeMs", 0.0),
            27, Map.of("status", 502L, "upstreamAddr", "[2a02:cf40::7]:5000, [2a02:cf40::::::::4e36]:500000000",
                    "upstreamStatus", "502, 502"),
            28, Map.of("status", 200L, "requestTimeMs", 2.0, "upstreamAddr", "unix:/var/run/php-fpm.sock",
                    "upstreamStatus", "200", "upstreamResponseTimeMs", 2.0),
            29, Map.of("status", 200L, "requestTimeMs", 1.0, "upstreamAddr", "172.17.0.6:8080, 172.17.0.7:8080",
                    "upstreamStatus", "200, -", "upstreamResponseTimeMs", 100.0));

    private BeatsSource() {
    }

    static void run(Corpus corpus, Ledger ledger) {
        Path base = corpus.path("beats/filebeat/module");
        if (!Files.isDirectory(base)) {
            return;
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(base)) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path log : logs) {
            String relative = corpus.root().relativize(log).toString();
            String fileset = log.getParent().getParent().getFileName().toString();
            String module = log.getParent().getParent().getParent().getFileName().toString();
            String format = switch (module + "/" + fileset) {
                case "nginx/access", "nginx/ingress_controller" -> "nginx-access";
                case "nginx/error" -> "nginx-error";
                case "mysql/error" -> "mysql-error";
                case "mysql/slowlog" -> "mysql-slow";
                default -> null;
            };
            String source = "beats/" + module + "/" + fileset + "/" + log.getFileName();
            if (format == null) {
                ledger.outOfScope(source, "no Gatewatch format for beats fileset " + module + "/" + fileset);
                continue;
            }
            LineParser parser = Corpus.parser(format);
            List<Corpus.Entry> entries = Corpus.frame(parser, corpus.bytes(relative));
            Path expectedFile = log.resolveSibling(log.getFileName() + "-expected.json");
            if (!Files.exists(expectedFile)) {
                for (Corpus.Entry e : entries) {
                    ledger.parseOnly(source, "line " + (e.line() + 1), Observed.of(parser.parse(e.text(), CONTEXT)));
                }
                continue;
            }
            Map<Long, JsonNode> byOffset = new HashMap<>();
            for (JsonNode event : corpus.json(corpus.root().relativize(expectedFile).toString())) {
                byOffset.put(event.get("log.offset").asLong(), event);
            }
            boolean ingress = fileset.equals("ingress_controller");
            for (Corpus.Entry e : entries) {
                Observed observed = Observed.of(parser.parse(e.text(), CONTEXT));
                String where = "line " + (e.line() + 1);
                JsonNode expected = byOffset.remove(e.offset());
                if (expected == null) {
                    if (ingress && INGRESS_DERIVED.containsKey(e.line() + 1)) {
                        ledger.compare(source, where + " (derived: not in the stored expected.json)",
                                INGRESS_DERIVED.get(e.line() + 1), observed);
                    } else if (ingress) {
                        ledger.parseOnly(source, where + " (no expectation in the stored expected.json)", observed);
                    } else {
                        ledger.unexpected(source, where, observed, "no Beats event starts at this line");
                    }
                    continue;
                }
                Map<String, Object> values = expectation(format, expected);
                if (ingress) {
                    values.putAll(ingressUpstream(expected));
                }
                ledger.compare(source, where, values, observed);
            }
            byOffset.forEach((offset, event) -> ledger.missing(source, "offset " + offset,
                    "a " + format + " entry at byte offset " + offset));
        }
    }

    /** ingress-nginx's tail: $request_time and the upstream lists ($upstream_addr, _status, _response_time). */
    private static Map<String, Object> ingressUpstream(JsonNode e) {
        Expect x = new Expect()
                .from(e, "nginx.ingress_controller.http.request.time", "requestTimeMs", v -> v.asDouble() * 1000)
                .from(e, "nginx.ingress_controller.upstream_address_list", "upstreamAddr", BeatsSource::joined)
                .from(e, "nginx.ingress_controller.upstream.response.status_code_list", "upstreamStatus",
                        BeatsSource::joined)
                .from(e, "nginx.ingress_controller.upstream.response.time_list", "upstreamResponseTimeMs", v -> {
                    double sum = 0;
                    for (JsonNode t : v) {
                        sum += t.asDouble();
                    }
                    return sum * 1000;
                });
        return x.values();
    }

    private static Object joined(JsonNode list) {
        StringBuilder out = new StringBuilder();
        for (JsonNode v : list) {
            out.append(out.length() == 0 ? "" : ", ").append(v.asText());
        }
        return out.toString();
    }

    static Map<String, Object> expectation(String format, JsonNode e) {
        Expect x = new Expect().from(e, "@timestamp", "time", Expect::isoTime);
        switch (format) {
            case "nginx-access" -> x
                    .from(e, "http.response.status_code", "status", Expect::whole)
                    .from(e, "http.response.body.bytes", "bytes", Expect::whole)
                    .from(e, "http.request.method", "method", Expect::text)
                    .from(e, "url.original", "path", Expect::text)
                    .from(e, "http.version", "protocol", v -> "HTTP/" + v.asText())
                    .from(e, "source.address", "clientAddr", Expect::text)
                    .from(e, "user.name", "remoteUser", Expect::text)
                    .from(e, "user_agent.original", "userAgent", Expect::text)
                    .from(e, "http.request.referrer", "referrer", Expect::text)
                    .from(e, "destination.domain", "vhost", Expect::text);
            case "nginx-error" -> x
                    .from(e, "log.level", "level", Expect::text)
                    .from(e, "process.pid", "pid", Expect::whole)
                    .from(e, "nginx.error.connection_id", "connection", Expect::whole)
                    .from(e, "message", "message", Expect::text);
            case "mysql-slow" -> x
                    .from(e, "event.duration", "queryTimeSec", v -> v.asDouble() / 1e9)
                    .from(e, "mysql.slowlog.lock_time.sec", "lockTimeSec", Expect::decimal)
                    .from(e, "mysql.slowlog.rows_sent", "rowsSent", Expect::whole)
                    .from(e, "mysql.slowlog.rows_examined", "rowsExamined", Expect::whole)
                    .from(e, "user.name", "user", Expect::text)
                    .from(e, "mysql.slowlog.schema", "database", Expect::text)
                    .from(e, "mysql.slowlog.query", "message", Expect::text);
            case "mysql-error" -> x
                    .from(e, "message", "message", Expect::text)
                    .from(e, "event.code", "errorCode", Expect::myCode);
            default -> throw new IllegalArgumentException(format);
        }
        return x.values();
    }
}
