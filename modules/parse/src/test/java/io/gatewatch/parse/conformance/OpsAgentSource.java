package io.gatewatch.parse.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GoogleCloudPlatform/ops-agent {@code transformation_test/testdata/logging_processor-*}: {@code input.log}
 * and the Cloud Logging entries the Fluent Bit and OpenTelemetry pipelines make of it, in order.
 */
final class OpsAgentSource {

    private static final ParseContext CONTEXT = ParseContext.utc();

    private OpsAgentSource() {
    }

    static void run(Corpus corpus, Ledger ledger) {
        Path base = corpus.path("ops-agent/transformation_test/testdata");
        if (!Files.isDirectory(base)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(base)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path dir : dirs) {
            String type = corpus.yaml(corpus.root().relativize(dir.resolve("config.yaml")).toString())
                    .at("/0/type").asText();
            String format = switch (type) {
                case "nginx_access" -> "nginx-access";
                case "nginx_error" -> "nginx-error";
                case "mysql_error" -> "mysql-error";
                case "mysql_slow" -> "mysql-slow";
                default -> null;
            };
            for (String pipeline : List.of("fluentbit", "otel")) {
                Path out = dir.resolve("output_" + pipeline + ".yaml");
                if (!Files.exists(out)) {
                    continue;
                }
                String source = "ops-agent/" + type + " (" + pipeline + ")";
                JsonNode expectedEntries = corpus.yaml(corpus.root().relativize(out).toString()).at("/0/entries");
                if (format == null) {
                    expectedEntries.forEach(e -> ledger.outOfScope(source,
                            "MySQL general query log: not a Gatewatch input"));
                    continue;
                }
                LineParser parser = Corpus.parser(format);
                List<Corpus.Entry> entries = Corpus.frame(parser,
                        corpus.bytes(corpus.root().relativize(dir.resolve("input.log")).toString()));
                List<JsonNode> expected = new ArrayList<>();
                for (JsonNode e : expectedEntries) {
                    String message = e.at("/jsonPayload/message").asText("");
                    if (message.isEmpty() && e.at("/jsonPayload").size() == 1 && e.get("httpRequest") == null) {
                        // Fluent Bit emits each blank input line as an entry with an empty message.
                        ledger.outOfScope(source, "blank input line emitted as an empty entry");
                        continue;
                    }
                    if (format.equals("mysql-slow") && message.startsWith("# Time:")) {
                        // The OTel pipeline emits the header line as an entry of its own.
                        ledger.outOfScope(source, "'# Time:' header emitted as an entry of its own");
                        continue;
                    }
                    expected.add(e);
                }
                int next = 0;
                for (Corpus.Entry entry : entries) {
                    Observed observed = Observed.of(parser.parse(entry.text(), CONTEXT));
                    String where = "line " + (entry.line() + 1);
                    if (format.equals("mysql-slow") && !observed.isEvent()) {
                        ledger.unexpected(source, where, observed, "the Ops Agent has no slow-query entry for it");
                        continue;
                    }
                    if (next >= expected.size()) {
                        ledger.unexpected(source, where, observed, "the " + pipeline + " output ends before this entry");
                        continue;
                    }
                    ledger.compare(source, where, expectation(format, expected.get(next++)), observed);
                }
                for (; next < expected.size(); next++) {
                    ledger.missing(source, "expected entry " + (next + 1), "one more " + format + " entry");
                }
            }
        }
    }

    private static Map<String, Object> expectation(String format, JsonNode e) {
        Expect x = new Expect();
        JsonNode ts = e.get("timestamp");
        if (ts != null && !ts.asText().equals("now")) {
            x.put("time", Expect.isoMillis(ts.asText()));
        }
        switch (format) {
            case "nginx-access" -> x
                    .from(e, "/httpRequest/requestMethod", "method", Expect::text)
                    .from(e, "/httpRequest/requestUrl", "path", Expect::text)
                    .from(e, "/httpRequest/protocol", "protocol", Expect::text)
                    .from(e, "/httpRequest/status", "status", Expect::whole)
                    .from(e, "/httpRequest/responseSize", "bytes", Expect::whole)
                    .from(e, "/httpRequest/remoteIp", "clientAddr", Expect::text)
                    .from(e, "/httpRequest/userAgent", "userAgent", Expect::text)
                    .from(e, "/httpRequest/referer", "referrer", Expect::text)
                    .from(e, "/jsonPayload/user", "remoteUser", Expect::text);
            case "nginx-error" -> x
                    .from(e, "/jsonPayload/level", "level", Expect::text)
                    .from(e, "/jsonPayload/pid", "pid", Expect::whole)
                    .from(e, "/jsonPayload/connection", "connection", Expect::whole)
                    .from(e, "/jsonPayload/message", "message", Expect::text)
                    .from(e, "/jsonPayload/client", "client", Expect::text)
                    .from(e, "/jsonPayload/server", "server", Expect::text)
                    .from(e, "/jsonPayload/request", "request", Expect::text)
                    .from(e, "/jsonPayload/upstream", "upstream", Expect::text)
                    .from(e, "/jsonPayload/host", "hostHeader", Expect::text)
                    .from(e, "/jsonPayload/referer", "referrer", Expect::text);
            case "mysql-error" -> x
                    .from(e, "/jsonPayload/message", "message", Expect::text)
                    .from(e, "/jsonPayload/errorCode", "errorCode", Expect::myCode);
            case "mysql-slow" -> x
                    .from(e, "/jsonPayload/user", "user", Expect::text)
                    .from(e, "/jsonPayload/queryTime", "queryTimeSec", Expect::decimal)
                    .from(e, "/jsonPayload/lockTime", "lockTimeSec", Expect::decimal)
                    .from(e, "/jsonPayload/rowsSent", "rowsSent", Expect::whole)
                    .from(e, "/jsonPayload/rowsExamined", "rowsExamined", Expect::whole)
                    .from(e, "/jsonPayload/database", "database", Expect::text)
                    .from(e, "/jsonPayload/message", "message", Expect::text);
            default -> throw new IllegalArgumentException(format);
        }
        return x.values();
    }
}
