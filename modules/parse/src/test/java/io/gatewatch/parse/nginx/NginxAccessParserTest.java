package io.gatewatch.parse.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.SharedFiles;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class NginxAccessParserTest {

    private final NginxAccessParser parser = new NginxAccessParser();
    private final ParseContext ctx = new ParseContext(ZoneId.of("UTC"), "shop.example.test", "web-1");

    @Test
    void readsCombinedFromRealCapture() {
        String line = SharedFiles.captureSection("results-502-stopped.txt", "nginx-access.log").get(0);
        ParseResult r = parser.parse(line, ctx);
        assertThat(r.isEvent()).isTrue();
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:55Z").toEpochMilli());
        assertThat(r.site()).isEqualTo("shop.example.test");
        AccessEvent e = (AccessEvent) r.payload();
        assertThat(e.getStatus()).isEqualTo(502);
        assertThat(e.getBytes()).isEqualTo(157L);
        assertThat(e.getMethod()).isEqualTo("GET");
        assertThat(e.getPath()).isEqualTo("/index.php");
        assertThat(e.getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(e.getClientAddr()).isEqualTo("127.0.0.1");
        assertThat(e.getReferrer()).isNull();
        assertThat(e.getUserAgent()).isEqualTo("curl/7.88.1");
    }

    @Test
    void readsKeyValueTimingFieldsFromRealCapture() {
        String line = SharedFiles.captureSection("results-504.txt", "nginx-timing.log").get(0);
        AccessEvent e = (AccessEvent) parser.parse(line, ctx).payload();
        assertThat(e.getStatus()).isEqualTo(504);
        assertThat(e.getRequestTimeMs()).isEqualTo(2002.0);
        assertThat(e.getUpstreamResponseTimeMs()).isEqualTo(2002.0);
        assertThat(e.getUpstreamAddr()).isEqualTo("127.0.0.1:9071");
        assertThat(e.getUpstreamStatus()).isEqualTo("504");
    }

    @Test
    void readsLeadingVhostAndPositionalUpstreamLists() {
        String line = "blog.example.test:443 203.0.113.9 - alice [25/Nov/2026:10:11:55 +0100] \"POST /wp-login.php HTTP/2.0\" "
                + "200 5120 \"https://blog.example.test/\" \"Mozilla/5.0 (X11)\" 0.250 0.100, 0.140 10.0.0.5:9000, 10.0.0.6:9000 502, 200";
        ParseResult r = parser.parse(line, ctx);
        AccessEvent e = (AccessEvent) r.payload();
        assertThat(r.site()).isEqualTo("blog.example.test");
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:55Z").toEpochMilli());
        assertThat(e.getRemoteUser()).isEqualTo("alice");
        assertThat(e.getReferrer()).isEqualTo("https://blog.example.test/");
        assertThat(e.getUserAgent()).isEqualTo("Mozilla/5.0 (X11)");
        assertThat(e.getRequestTimeMs()).isEqualTo(250.0);
        assertThat(e.getUpstreamResponseTimeMs()).isCloseTo(240.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void rejectsGarbageWithAReason() {
        assertThat(parser.parse("", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("1.2.3.4 - - [99/Foo/2026:09:11:55 +0000] \"GET / HTTP/1.1\" 200 1", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("1.2.3.4 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/1.1\" abc 1", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }
}
