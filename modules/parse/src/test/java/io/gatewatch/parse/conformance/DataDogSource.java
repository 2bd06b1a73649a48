package io.gatewatch.parse.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * DataDog/integrations-core {@code <integration>/assets/logs/<integration>_tests.yaml}: a raw {@code sample}
 * (one line or a multi-line block) and the attributes DataDog's log pipeline extracts from it
 * ({@code result.custom}), with {@code result.timestamp} in epoch ms. Zone-less samples are UTC there.
 */
final class DataDogSource {

    private static final ParseContext CONTEXT = ParseContext.utc();

    private DataDogSource() {
    }

    static void run(Corpus corpus, Ledger ledger) {
        for (String integration : List.of("nginx", "mysql")) {
            String file = "integrations-core/" + integration + "/assets/logs/" + integration + "_tests.yaml";
            if (!corpus.exists(file)) {
                continue;
            }
            String source = "datadog/" + integration;
            int n = 0;
            for (JsonNode test : corpus.yaml(file).get("tests")) {
                n++;
                String sample = test.get("sample").asText();
                String format = format(integration, sample);
                if (format == null) {
                    ledger.outOfScope(source, "MySQL general query log sample: not a Gatewatch input");
                    continue;
                }
                LineParser parser = Corpus.parser(format);
                JsonNode result = test.get("result");
                Map<String, Object> expected = expectation(format, result);
                int compared = 0;
                for (Corpus.Entry entry : Corpus.frame(parser, sample.getBytes(StandardCharsets.UTF_8))) {
                    Observed observed = Observed.of(parser.parse(entry.text(), CONTEXT));
                    String where = "test " + n + " (" + format + ")" + (entry.line() > 0 ? " line " + (entry.line() + 1) : "");
                    if (compared == 0 && (observed.isEvent() || !format.equals("mysql-slow"))) {
                        ledger.compare(source, where, expected, observed);
                        compared++;
                    } else {
                        ledger.unexpected(source, where, observed, "DataDog treats the sample as one entry");
                    }
                }
            }
        }
    }

    private static String format(String integration, String sample) {
        if (integration.equals("nginx")) {
            return sample.length() > 4 && sample.charAt(4) == '/' ? "nginx-error" : "nginx-access";
        }
        if (sample.startsWith("#")) {
            return "mysql-slow";
        }
        // General query log lines ("… 2 Query SELECT …", or no timestamp at all) are not error-log entries.
        return sample.matches("(?s)^\\S+\\s+\\d+ Query\\s.*") || sample.matches("(?s)^\\d+ Query\\s.*")
                || sample.matches("(?s)^\\d{6} \\d\\d:\\d\\d:\\d\\d\\t\\d+ Query\\t.*") ? null : "mysql-error";
    }

    private static Map<String, Object> expectation(String format, JsonNode result) {
        Expect x = new Expect();
        JsonNode c = result.get("custom");
        if (result.has("timestamp") && result.get("timestamp").asLong() > 1) {
            x.put("time", result.get("timestamp").asLong());
        }
        switch (format) {
            case "nginx-access" -> x
                    .from(c, "/http/status_code", "status", Expect::whole)
                    .from(c, "/http/method", "method", Expect::text)
                    .from(c, "/http/url", "path", Expect::text)
                    .from(c, "/http/version", "protocol", v -> "HTTP/" + v.asText())
                    .from(c, "/http/referer", "referrer", Expect::text)
                    .from(c, "/http/useragent", "userAgent", Expect::text)
                    .from(c, "/http/auth", "remoteUser", Expect::text)
                    .from(c, "/network/bytes_written", "bytes", Expect::whole)
                    .from(c, "/network/client/ip", "clientAddr", Expect::text)
                    .from(c, "/duration", "requestTimeMs", v -> v.asDouble() / 1e6);
            case "nginx-error" -> x
                    .from(c, "/level", "level", Expect::text)
                    .from(c, "/error/message", "message", Expect::text)
                    .from(c, "/network/client/ip", "client", Expect::text)
                    .from(c, "/server", "server", Expect::text)
                    .from(c, "/request", "request", Expect::text)
                    .from(c, "/host", "hostHeader", Expect::text);
            case "mysql-slow" -> x
                    .from(c, "/Query_time", "queryTimeSec", Expect::decimal)
                    .from(c, "/Lock_time", "lockTimeSec", Expect::decimal)
                    .from(c, "/Rows_sent", "rowsSent", Expect::whole)
                    .from(c, "/Rows_examined", "rowsExamined", Expect::whole)
                    .from(c, "/db/user", "user", Expect::text)
                    .from(c, "/db/instance", "database", Expect::text)
                    .from(c, "/db/statement", "message", Expect::text);
            case "mysql-error" -> x
                    .from(c, "/message", "message", Expect::text);
            default -> throw new IllegalArgumentException(format);
        }
        return x.values();
    }
}
