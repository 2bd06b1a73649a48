package io.gatewatch.parse.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.SharedFiles;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NginxErrorParserTest {

    private final NginxErrorParser parser = new NginxErrorParser();
    private final ParseContext utc = ParseContext.utc();

    @Test
    void readsRefusedUpstreamFromRealCapture() {
        List<String> lines = SharedFiles.captureSection("results-502-stopped.txt", "nginx-error.log");
        assertThat(lines).hasSize(3);
        ParseResult result = parser.parse(lines.get(0), utc);

        assertThat(result.isEvent()).isTrue();
        assertThat(result.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:55Z").toEpochMilli());
        assertThat(result.site()).isEqualTo("shop.example.test");
        GatewayErrorEvent e = (GatewayErrorEvent) result.payload();
        assertThat(e.getLevel()).isEqualTo("error");
        assertThat(e.getPid()).isEqualTo(22132);
        assertThat(e.getConnection()).isEqualTo(23L);
        assertThat(e.getKind()).isEqualTo(UpstreamErrorKind.CONNECTION_REFUSED);
        assertThat(e.getErrno()).isEqualTo(111);
        assertThat(e.getMessage()).isEqualTo("connect() failed (111: Connection refused) while connecting to upstream");
        assertThat(e.getClient()).isEqualTo("127.0.0.1");
        assertThat(e.getServer()).isEqualTo("shop.example.test");
        assertThat(e.getRequest()).isEqualTo("GET /index.php HTTP/1.1");
        assertThat(e.getUpstream()).isEqualTo("fastcgi://127.0.0.1:9071");
        assertThat(e.getHostHeader()).isEqualTo("127.0.0.1:8088");
    }

    @Test
    void readsMissingUnixSocketAtCrit() {
        String line = SharedFiles.captureSection("results-502-stopped.txt", "nginx-error.log").get(1);
        GatewayErrorEvent e = (GatewayErrorEvent) parser.parse(line, utc).payload();
        assertThat(e.getLevel()).isEqualTo("crit");
        assertThat(e.getKind()).isEqualTo(UpstreamErrorKind.SOCKET_MISSING);
        assertThat(e.getErrno()).isEqualTo(2);
        assertThat(e.getUpstream()).isEqualTo("fastcgi://unix:/run/php/php8.2-fpm.sock:");
    }

    @Test
    void joinsMultiLineFastCgiStderrEntries() {
        List<String> physical = SharedFiles.captureSection("results-fatal.txt", "nginx-error.log");
        List<String> entries = new ArrayList<>();
        for (String line : physical) {
            if (parser.startsEntry(line) || entries.isEmpty()) {
                entries.add(line);
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
            }
        }
        assertThat(entries).hasSize(1);
        GatewayErrorEvent e = (GatewayErrorEvent) parser.parse(entries.get(0), utc).payload();
        assertThat(e.getKind()).isEqualTo(UpstreamErrorKind.FASTCGI_STDERR);
        assertThat(e.getPhpMessage()).startsWith("PHP message: PHP Fatal error:  Uncaught Error")
                .contains("Stack trace:").endsWith("on line 3");
        assertThat(e.getServer()).isEqualTo("shop.example.test");
        assertThat(e.getRequest()).isEqualTo("GET /fatal.php HTTP/1.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "results-workerkill.txt|CONNECTION_RESET",
        "results-504.txt|TIMED_OUT",
        "results-bigheader.txt|HEADER_TOO_BIG",
    })
    void classifiesCapturedFailureModes(String capture, UpstreamErrorKind expected) {
        String line = SharedFiles.captureSection(capture, "nginx-error.log").get(0);
        GatewayErrorEvent e = (GatewayErrorEvent) parser.parse(line, utc).payload();
        assertThat(e.getKind()).isEqualTo(expected);
    }

    @Test
    void appliesTheConfiguredZoneNotTheMachines() {
        String line = "2026/11/25 10:11:55 [error] 1#1: *1 no live upstreams while connecting to upstream, "
                + "client: 10.0.0.1, server: a.test, request: \"GET / HTTP/1.1\", upstream: \"fastcgi://php\", host: \"a.test\"";
        ParseResult r = parser.parse(line, new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(Instant.ofEpochMilli(r.eventTimeMillis())).isEqualTo(Instant.parse("2026-11-25T09:11:55Z"));
        assertThat(((GatewayErrorEvent) r.payload()).getKind()).isEqualTo(UpstreamErrorKind.NO_LIVE_UPSTREAMS);
    }

    @Test
    void emptyServerFallsBackToTheShippersSite() {
        String line = "2026/11/25 09:11:55 [error] 1#1: *9 connect() failed (111: Connection refused) while connecting "
                + "to upstream, client: 10.0.0.1, server: , request: \"GET / HTTP/1.1\", host: \"\"";
        ParseResult r = parser.parse(line, new ParseContext(ZoneId.of("UTC"), "from-header.test", "web-1"));
        assertThat(r.site()).isEqualTo("from-header.test");
        assertThat(((GatewayErrorEvent) r.payload()).getHostHeader()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAnErrorLine() {
        ParseResult r = parser.parse("hello world", utc);
        assertThat(r.isEvent()).isFalse();
        assertThat(r.reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);

        ParseResult badDate = parser.parse("2026/13/45 09:11:55 [error] 1#1: x", utc);
        assertThat(badDate.reason()).isEqualTo(DeadLetterReason.MALFORMED);
    }
}
