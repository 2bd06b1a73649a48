package io.gatewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.nginx.NginxAccessParser;
import io.gatewatch.parse.nginx.NginxErrorParser;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void generatorIsDeterministic() {
        assertThat(CorpusGenerator.accessLines(200)).isEqualTo(CorpusGenerator.accessLines(200));
        assertThat(CorpusGenerator.errorEntries(200)).isEqualTo(CorpusGenerator.errorEntries(200));
    }

    @Test
    void regexBaselinesProduceTheHandWrittenEventsForEverySyntheticLine() {
        Corpus.requireEquivalent(Corpus.access(Corpus.SYNTHETIC), new NginxAccessParser(),
                RegexAccessParser.grok(), RegexAccessParser.tuned());
        Corpus.requireEquivalent(Corpus.errors(Corpus.SYNTHETIC), new NginxErrorParser(), new RegexErrorParser());
    }

    @Test
    void syntheticAccessLinesAreMixed() {
        List<String> lines = Corpus.access(Corpus.SYNTHETIC);
        NginxAccessParser parser = new NginxAccessParser();
        Set<Integer> statuses = new java.util.TreeSet<>();
        int timed = 0;
        int vhost = 0;
        for (String line : lines) {
            AccessEvent e = (AccessEvent) parser.parse(line, Corpus.CONTEXT).payload();
            statuses.add(e.getStatus());
            timed += e.getRequestTimeMs() != null ? 1 : 0;
            vhost += e.getVhost() != null ? 1 : 0;
        }
        assertThat(statuses).contains(200, 301, 304, 404, 499, 500, 502, 504);
        assertThat(timed).isBetween(lines.size() / 5, lines.size() / 2);
        assertThat(vhost).isBetween(lines.size() / 20, lines.size() / 5);
    }

    @Test
    void syntheticErrorEntriesCoverTheUpstreamFailures() {
        NginxErrorParser parser = new NginxErrorParser();
        Set<UpstreamErrorKind> kinds = EnumSet.noneOf(UpstreamErrorKind.class);
        for (String entry : Corpus.errors(Corpus.SYNTHETIC)) {
            ParseResult r = parser.parse(entry, Corpus.CONTEXT);
            kinds.add(((GatewayErrorEvent) r.payload()).getKind());
        }
        assertThat(kinds).contains(UpstreamErrorKind.CONNECTION_REFUSED, UpstreamErrorKind.SOCKET_MISSING,
                UpstreamErrorKind.CONNECTION_RESET, UpstreamErrorKind.PREMATURELY_CLOSED, UpstreamErrorKind.TIMED_OUT,
                UpstreamErrorKind.CONNECT_TIMED_OUT, UpstreamErrorKind.HEADER_TOO_BIG,
                UpstreamErrorKind.NO_LIVE_UPSTREAMS, UpstreamErrorKind.RESOURCE_UNAVAILABLE,
                UpstreamErrorKind.FASTCGI_STDERR, UpstreamErrorKind.OTHER);
        assertThat(Corpus.errors(Corpus.SYNTHETIC)).anyMatch(e -> e.contains("\n"))
                .anyMatch(e -> e.chars().anyMatch(c -> c > 127));
    }

    @Test
    void normalizerBuildsTheEnvelope() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("gatewatch.source", "nginx-access".getBytes());
        headers.add("gatewatch.host", "web-1".getBytes());
        String line = "shop.example.test 203.0.113.7 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/1.1\" 502 157 \"-\" \"curl/7.88.1\"\n";
        Normalizer.Normalized n = new Normalizer(1 << 20, ZoneOffset.UTC)
                .normalize(line.getBytes(), headers, "gatewatch.logs", 3, 42L);
        assertThat(n.key()).isEqualTo("shop.example.test");
        assertThat(n.event().getHost()).isEqualTo("web-1");
        assertThat(n.event().getSource().getOffset()).isEqualTo(42L);
        assertThat(n.event().getExcerpt()).doesNotEndWith("\n");
        assertThat(((AccessEvent) n.event().getPayload()).getStatus()).isEqualTo(502);
    }

    @Test
    void sharedCorpusLoadsWhenPresent() {
        try {
            Corpus.sharedDir();
        } catch (IllegalStateException absent) {
            return;
        }
        assertThat(Corpus.access(Corpus.SHARED)).hasSize(Corpus.LINES);
        assertThat(Corpus.errors(Corpus.SHARED)).hasSize(Corpus.LINES);
    }
}
