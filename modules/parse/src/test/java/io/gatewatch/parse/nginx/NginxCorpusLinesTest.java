package io.gatewatch.parse.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.parse.LineFraming;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.SharedFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every real nginx line of the shared corpus parses, with no dead letter: the other projects' fixtures
 * (Filebeat, Ops Agent, CrowdSec, DataDog, Logstash) and lines quoted from issue threads. Field values
 * are compared with the projects' expectations elsewhere; here the point is that nothing is lost.
 */
class NginxCorpusLinesTest {

    private final NginxAccessParser access = new NginxAccessParser();
    private final NginxErrorParser error = new NginxErrorParser();
    private final ParseContext ctx = new ParseContext(java.time.ZoneId.of("-02:00"), null, null);

    private static List<String> nonBlank(String relative) {
        return LineFraming.sharedLines(relative).stream().filter(l -> !l.isBlank()).toList();
    }

    private static List<ParseResult> parseAll(LineParser parser, List<String> lines, ParseContext ctx) {
        List<ParseResult> out = new ArrayList<>();
        for (String entry : LineFraming.frame(parser, lines)) {
            ParseResult r = parser.parse(entry, ctx);
            assertThat(r.isEvent()).as("%s -> %s", entry, r).isTrue();
            out.add(r);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "corpus/beats/filebeat/module/nginx/access/test/access.log",
        "corpus/beats/filebeat/module/nginx/access/test/test.log",
        "corpus/beats/filebeat/module/nginx/access/test/test-with-host.log",
        "corpus/beats/filebeat/module/nginx/ingress_controller/test/test.log",
        "corpus/ops-agent/transformation_test/testdata/logging_processor-nginx-access/input.log",
        "corpus/hub/.tests/nginx-http-malformed/nginx_http-logs.log",
    })
    void everyAccessLineParses(String file) {
        List<String> lines = nonBlank(file);
        assertThat(parseAll(access, lines, ctx)).hasSize(lines.size());
    }

    @Test
    void theCrowdSecMixedFileSplitsIntoAccessAndErrorLines() {
        List<String> lines = nonBlank("corpus/hub/.tests/nginx_http-logs/nginx_http-logs.log");
        List<String> errorLines = lines.stream().filter(error::startsEntry).toList();
        List<String> accessLines = lines.stream().filter(l -> !error.startsEntry(l)).toList();
        assertThat(errorLines).hasSize(1);
        assertThat(parseAll(access, accessLines, ctx)).hasSize(8);
        assertThat(parseAll(error, errorLines, ctx)).hasSize(1);
        assertThat(access.parse(errorLines.get(0), ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
    }

    @Test
    void theFoundInTheWildAccessLinesParse() {
        List<String> lines = nonBlank("corpus/found-in-the-wild/nginx-502-503-access-lines.txt").stream()
                .filter(l -> !l.startsWith("#")).toList();
        List<ParseResult> results = parseAll(access, lines, ctx);
        assertThat(results).hasSize(5);
        assertThat(results).extracting(r -> ((AccessEvent) r.payload()).getStatus()).containsExactly(502, 502, 502, 503, 503);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "corpus/beats/filebeat/module/nginx/error/test/error.log",
        "corpus/ops-agent/transformation_test/testdata/logging_processor-nginx-error/input.log",
        "corpus/hub/.tests/nginx_req_limit_exceeded/nginx_req_limit_exceeded.log",
        "corpus/hub/.tests/modsecurity-logs-nginx/modsecurity-logs-nginx.log",
    })
    void everyErrorEntryParses(String file) {
        List<String> lines = nonBlank(file);
        List<ParseResult> results = parseAll(error, lines, ctx);
        assertThat(results).isNotEmpty();
    }

    @Test
    void theBeatsMultiLineFastCgiEntryIsOneEvent() {
        List<ParseResult> results = parseAll(error, nonBlank("corpus/beats/filebeat/module/nginx/error/test/error.log"), ctx);
        assertThat(results).hasSize(4);
        GatewayErrorEvent stderr = (GatewayErrorEvent) results.get(2).payload();
        assertThat(stderr.getKind()).isEqualTo(UpstreamErrorKind.FASTCGI_STDERR);
        assertThat(stderr.getPhpMessage()).startsWith("PHP message: PHP Warning:  Declaration of FEE_Field_Terms::wrap")
                .contains("\nPHP message: PHP Warning:  Declaration of FEE_Field_Category::wrap")
                .contains("wp-content/plugins/front-end-editor/");
    }

    @Test
    void theMailProxyAndBookstackFilesParseTheirNginxLines() {
        List<String> mail = nonBlank("corpus/hub/.tests/nginx-mail-logs/nginx-mail-logs.log");
        List<String> mailErrors = mail.stream().filter(error::startsEntry).toList();
        List<String> mailAccess = mail.stream().filter(l -> !error.startsEntry(l)).toList();
        assertThat(parseAll(error, mailErrors, ctx)).hasSize(15);
        assertThat(parseAll(access, mailAccess, ctx)).hasSize(2);

        List<String> bookstack = nonBlank("corpus/hub/.tests/bookstack-logs/bookstack-logs.log");
        // The second line is Apache's error log (mod_php), not nginx.
        assertThat(error.parse(bookstack.get(1), ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        GatewayErrorEvent e = (GatewayErrorEvent) error.parse(bookstack.get(0), ctx).payload();
        assertThat(e.getKind()).isEqualTo(UpstreamErrorKind.FASTCGI_STDERR);
        assertThat(e.getPhpMessage()).isEqualTo("PHP message: Failed login for user@example.com");
        assertThat(e.getUpstream()).isEqualTo("fastcgi://127.0.0.1:9000");
        assertThat(e.getReferrer()).isEqualTo("https://bookstack.example.com/login");
    }

    @Test
    void theDataDogSamplesParse() throws Exception {
        List<String> samples = new ArrayList<>();
        for (String line : Files.readAllLines(SharedFiles.sharedDir()
                .resolve("corpus/integrations-core/nginx/assets/logs/nginx_tests.yaml"))) {
            String t = line.strip();
            if (t.startsWith("sample: \"")) {
                samples.add(t.substring(9, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        assertThat(samples).hasSize(6);
        for (String s : samples) {
            LineParser p = error.startsEntry(s) ? error : access;
            ParseResult r = p.parse(s, ctx);
            assertThat(r.isEvent()).as("%s -> %s", s, r).isTrue();
        }
    }

    @Test
    void theLogstashCombinedSamplesParseExceptApachesDashStatus() throws Exception {
        JsonNode root = new ObjectMapper().readTree(SharedFiles.sharedDir()
                .resolve("corpus/logstash-patterns-core/spec/patterns/httpd_spec.samples.json").toFile());
        int parsed = 0;
        for (JsonNode sample : root.get("samples")) {
            if (!"HTTPD_COMBINEDLOG".equals(sample.get("pattern").asText())) {
                continue;
            }
            String message = sample.get("message").asText();
            ParseResult r = access.parse(message, ctx);
            if (message.contains("\" - 7908 ")) {
                assertThat(r.reason()).isEqualTo(DeadLetterReason.MALFORMED);
                continue;
            }
            assertThat(r.isEvent()).as("%s -> %s", message, r).isTrue();
            parsed++;
        }
        assertThat(parsed).isEqualTo(2);
    }
}
