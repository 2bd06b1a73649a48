package io.gatewatch.parse.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;

/**
 * logstash-plugins/logstash-patterns-core {@code spec/patterns/httpd_spec} samples (extracted to JSON):
 * HTTPD_COMBINEDLOG (nginx's 'combined') lines with the grok captures the spec asserts, in ECS v1 form.
 */
final class LogstashSource {

    private static final ParseContext CONTEXT = ParseContext.utc();

    private LogstashSource() {
    }

    static void run(Corpus corpus, Ledger ledger) {
        String file = "logstash-patterns-core/spec/patterns/httpd_spec.samples.json";
        if (!corpus.exists(file)) {
            return;
        }
        String source = "logstash/httpd_spec";
        LineParser parser = Corpus.parser("nginx-access");
        int n = 0;
        for (JsonNode sample : corpus.json(file).get("samples")) {
            n++;
            if (!sample.get("pattern").asText().equals("HTTPD_COMBINEDLOG")) {
                ledger.outOfScope(source, "HTTPD_ERRORLOG: Apache httpd error log, not an nginx format");
                continue;
            }
            JsonNode e = sample.get("expected_ecs_v1");
            Expect x = new Expect()
                    .from(e, "/source/address", "clientAddr", Expect::text)
                    .from(e, "/http/request/method", "method", Expect::text)
                    .from(e, "/url/original", "path", Expect::text)
                    .from(e, "/http/version", "protocol", v -> "HTTP/" + v.asText())
                    .from(e, "/http/response/status_code", "status", Expect::whole)
                    .from(e, "/http/response/body/bytes", "bytes", Expect::whole)
                    .from(e, "/http/request/referrer", "referrer", Expect::text)
                    .from(e, "/user_agent/original", "userAgent", Expect::text)
                    .from(e, "/user/name", "remoteUser", Expect::text);
            ledger.compare(source, "sample " + n + " (" + sample.get("context").asText() + ")", x.values(),
                    Observed.of(parser.parse(sample.get("message").asText(), CONTEXT)));
        }
    }
}
