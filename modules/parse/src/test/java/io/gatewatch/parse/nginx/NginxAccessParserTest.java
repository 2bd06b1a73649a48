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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void picksTheClientFromAForwardedForListAndTheVhostBeforeIt() {
        AccessEvent list = (AccessEvent) parser.parse("example.com 10.0.0.2, 10.0.0.1, 85.181.35.98 - - [07/Dec/2016:11:05:07"
                + " +0100] \"GET /ocelot HTTP/1.1\" 200 571 \"-\" \"Mozilla/5.0\"", ctx).payload();
        assertThat(list.getVhost()).isEqualTo("example.com");
        assertThat(list.getClientAddr()).isEqualTo("85.181.35.98");

        ParseResult quoted = parser.parse("example.com:80 \"10.5.102.222, 199.96.1.1, 204.246.1.1\" 10.2.1.185 - -"
                + " [22/Jan/2016:13:18:29 +0000] \"GET /assets/xxxx?q=100 HTTP/1.1\" 200 25507 \"-\" \"Amazon CloudFront\"", ctx);
        assertThat(quoted.site()).isEqualTo("example.com");
        assertThat(((AccessEvent) quoted.payload()).getClientAddr()).isEqualTo("199.96.1.1");

        AccessEvent allPrivate = (AccessEvent) parser.parse("10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100]"
                + " \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", ctx).payload();
        assertThat(allPrivate.getVhost()).isNull();
        assertThat(allPrivate.getClientAddr()).isEqualTo("10.0.0.2");

        AccessEvent v6 = (AccessEvent) parser.parse("2a02:cf40:10ff:f00f:0000:0000:0:8000, 10.225.192.17 10.2.2.121 - -"
                + " [30/Dec/2016:06:47:09 +0000] \"GET /test.html HTTP/1.1\" 404 8571 \"-\" \"-\"", ctx).payload();
        assertThat(v6.getClientAddr()).isEqualTo("2a02:cf40:10ff:f00f:0000:0000:0:8000");
        assertThat(v6.getVhost()).isNull();

        AccessEvent socket = (AccessEvent) parser.parse("example.com:80 unix: - - [26/Feb/2019:15:39:42 +0100] \"hello\" 400"
                + " 173 \"-\" \"-\"", ctx).payload();
        assertThat(socket.getClientAddr()).isEqualTo("unix:");
        assertThat(socket.getVhost()).isEqualTo("example.com");
        assertThat(socket.getMethod()).isNull();
        assertThat(socket.getPath()).isNull();

        AccessEvent noIdent = (AccessEvent) parser.parse("192.168.1.1 - [08/Jun/2020:08:04:43 +0000] \"GET /api/test HTTP/1.1\""
                + " 200 100 \"-\" \"curl/7.68.0\"", ctx).payload();
        assertThat(noIdent.getClientAddr()).isEqualTo("192.168.1.1");
        assertThat(noIdent.getRemoteUser()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"\"|||",
        "\"HELP\"|||",
        "\"\\x16\\x03\\x01\\x00t\\x01\\x00\\x00p\\x03\\x01YF}\\xF6\"|||",
        "`\"lv|'|'|VHJvamFuX0M0NkY2RTk=|'|'|Win XP|'|'|No\"`|||",
        "\"PATCHp /products/42 HTTP/1.1\"|PATCHp|/products/42|HTTP/1.1",
        "\"POST /upload/log?xxxx  HTTP/1.1\"|POST|/upload/log?xxxx|HTTP/1.1",
        "\"GET /index.php\"|GET|/index.php|",
    })
    void splitsOnlyRequestsThatStartWithAMethod(String request, String method, String path, String protocol) {
        String line = "1.2.3.4 - - [29/Jul/2023:10:26:06 -0700] " + request + " 400 157 \"-\" \"-\"";
        ParseResult r = parser.parse(line, ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        AccessEvent e = (AccessEvent) r.payload();
        assertThat(e.getStatus()).isEqualTo(400);
        assertThat(e.getBytes()).isEqualTo(157L);
        assertThat(e.getMethod()).isEqualTo(method);
        assertThat(e.getPath()).isEqualTo(path);
        assertThat(e.getProtocol()).isEqualTo(protocol);
    }

    @Test
    void readsARequestTimeBetweenBytesAndReferrer() {
        AccessEvent e = (AccessEvent) parser.parse("127.0.0.1 - - [19/Feb/2015:15:50:36 -0500] \"GET /big.pdf HTTP/1.1\" 206"
                + " 33973115 0.202 \"-\" \"Mozilla/5.0 (Macintosh)\"", ctx).payload();
        assertThat(e.getBytes()).isEqualTo(33973115L);
        assertThat(e.getRequestTimeMs()).isEqualTo(202.0);
        assertThat(e.getUserAgent()).isEqualTo("Mozilla/5.0 (Macintosh)");
    }

    @Test
    void ignoresTrailingTextThatIsNoTimingField() {
        AccessEvent e = (AccessEvent) parser.parse("172.17.0.1 - - [06/Jan/2017:16:16:37 +0000] \"GET /x HTTP/1.1\" 200 612"
                + " \"http://www.perdu.com/\" \"Mozilla/5.0\" \"-\" those are random characters", ctx).payload();
        assertThat(e.getRequestTimeMs()).isNull();
        assertThat(e.getUpstreamAddr()).isNull();
        assertThat(e.getReferrer()).isEqualTo("http://www.perdu.com/");
    }

    @Test
    void readsTheIngressNginxLayoutWithUpstreamLists() {
        AccessEvent e = (AccessEvent) parser.parse("2a02:cf40::4e36 - - [24/Aug/2022:18:05:41 +0000] \"GET /favicon.ico"
                + " HTTP/2.0\" 502 552 \"https://localhost:8080/\" \"Mozilla/5.0\" 27 0.000 [localhost-8080] []"
                + " [2a02:cf40::7]:5000, [2a02:cf40::4e36]:5000 0, 0 0.010, 0.020 502, 502 3db73c6c673c4256ade033a6ce08c2ab",
                ctx).payload();
        assertThat(e.getStatus()).isEqualTo(502);
        assertThat(e.getClientAddr()).isEqualTo("2a02:cf40::4e36");
        assertThat(e.getRequestTimeMs()).isEqualTo(0.0);
        assertThat(e.getUpstreamAddr()).isEqualTo("[2a02:cf40::7]:5000, [2a02:cf40::4e36]:5000");
        assertThat(e.getUpstreamResponseTimeMs()).isEqualTo(30.0);
        assertThat(e.getUpstreamStatus()).isEqualTo("502, 502");
        assertThat(e.getVhost()).isNull();
    }

    @Test
    void readsInternalRedirectListsAndQuotedKeyValues() {
        AccessEvent positional = (AccessEvent) parser.parse("10.0.0.9 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/1.1\" 502"
                + " 157 \"-\" \"curl/8\" 0.120 0.001, 0.100 : 0.019 10.0.0.1:9000, 10.0.0.2:9000 : 10.0.0.3:9000"
                + " 502, 502 : 200", ctx).payload();
        assertThat(positional.getUpstreamAddr()).isEqualTo("10.0.0.1:9000, 10.0.0.2:9000 : 10.0.0.3:9000");
        assertThat(positional.getUpstreamStatus()).isEqualTo("502, 502 : 200");
        assertThat(positional.getUpstreamResponseTimeMs()).isEqualTo(120.0);

        ParseResult amplify = parser.parse("10.0.0.9 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/1.1\" 504 167 \"-\""
                + " \"curl/8\" \"shop.example.test\" sn=\"blog.example.test\" rt=2.002 ua=\"unix:/run/php/php8.2-fpm.sock\""
                + " us=\"504\" ut=\"2.001\" ul=\"0\" cs=-", ctx);
        AccessEvent e = (AccessEvent) amplify.payload();
        assertThat(amplify.site()).isEqualTo("blog.example.test");
        assertThat(e.getRequestTimeMs()).isEqualTo(2002.0);
        assertThat(e.getUpstreamAddr()).isEqualTo("unix:/run/php/php8.2-fpm.sock");
        assertThat(e.getUpstreamStatus()).isEqualTo("504");
        assertThat(e.getUpstreamResponseTimeMs()).isEqualTo(2001.0);
    }

    @Test
    void rejectsADashStatusSayingWhy() {
        ParseResult r = parser.parse("83.149.9.216 - a.user [11/Jan/2020:23:05:27 +0100] \"OPTIONS /remote.php/ HTTP/1.1\""
                + " - 7908 \"-\" \"monitoring-client (v2.2)\"", ctx);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(r.detail()).contains("'-'");
    }

    // ------------------------------------------------------------------------------------------ JSON

    @Test
    void readsEscapeJsonLinesWithTimeLocal() {
        String line = "{\"time_local\":\"25/Nov/2026:10:11:55 +0100\",\"remote_addr\":\"203.0.113.9\","
                + "\"remote_user\":\"\",\"request\":\"GET /cart?x=\\\"1\\\" HTTP/1.1\",\"status\": \"502\","
                + "\"body_bytes_sent\":\"157\",\"request_time\":\"0.004\",\"http_referrer\":\"\","
                + "\"http_user_agent\":\"Mozilla/5.0 \\u00e9\\\\ \\ud83d\\ude00\",\"upstream_addr\":\"10.0.0.1:9000, 10.0.0.2:9000\","
                + "\"upstream_status\":\"502, 502\",\"upstream_response_time\":\"0.001, 0.002\",\"host\":\"shop.example.test\"}";
        ParseResult r = parser.parse(line, ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:55Z").toEpochMilli());
        assertThat(r.site()).isEqualTo("shop.example.test");
        AccessEvent e = (AccessEvent) r.payload();
        assertThat(e.getStatus()).isEqualTo(502);
        assertThat(e.getMethod()).isEqualTo("GET");
        assertThat(e.getPath()).isEqualTo("/cart?x=\"1\"");
        assertThat(e.getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(e.getBytes()).isEqualTo(157L);
        assertThat(e.getClientAddr()).isEqualTo("203.0.113.9");
        assertThat(e.getRemoteUser()).isNull();
        assertThat(e.getReferrer()).isNull();
        assertThat(e.getUserAgent()).isEqualTo("Mozilla/5.0 \u00e9\\ \ud83d\ude00");
        assertThat(e.getRequestTimeMs()).isEqualTo(4.0);
        assertThat(e.getUpstreamAddr()).isEqualTo("10.0.0.1:9000, 10.0.0.2:9000");
        assertThat(e.getUpstreamStatus()).isEqualTo("502, 502");
        assertThat(e.getUpstreamResponseTimeMs()).isEqualTo(3.0);
        assertThat(e.getVhost()).isEqualTo("shop.example.test");
    }

    @Test
    void readsJsonWithIsoTimeNumbersSplitRequestFieldsAndNestedValues() {
        String line = "{\"time_iso8601\":\"2026-11-25T10:11:55+01:00\",\"remote_addr\":\"::1\",\"request_method\":\"POST\","
                + "\"request_uri\":\"/wp-admin/admin-ajax.php\",\"server_protocol\":\"HTTP/2.0\",\"status\":504,"
                + "\"body_bytes_sent\":0,\"request_time\":2.002,\"server_name\":\"blog.example.test\","
                + "\"geo\":{\"country\":\"DE\",\"tags\":[\"a\",\"}\"]},\"upstream_status\":null}";
        ParseResult r = parser.parse(line, ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:55Z").toEpochMilli());
        assertThat(r.site()).isEqualTo("blog.example.test");
        AccessEvent e = (AccessEvent) r.payload();
        assertThat(e.getStatus()).isEqualTo(504);
        assertThat(e.getMethod()).isEqualTo("POST");
        assertThat(e.getPath()).isEqualTo("/wp-admin/admin-ajax.php");
        assertThat(e.getProtocol()).isEqualTo("HTTP/2.0");
        assertThat(e.getRequestTimeMs()).isEqualTo(2002.0);
        assertThat(e.getUpstreamStatus()).isNull();
        assertThat(e.getClientAddr()).isEqualTo("::1");
    }

    @Test
    void readsJsonWithMsecAndTheContextSite() {
        ParseResult r = parser.parse("{\"msec\":\"1795597915.123\",\"status\":\"200\",\"request\":\"GET / HTTP/1.1\"}", ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(1_795_597_915_123L);
        assertThat(r.site()).isEqualTo("shop.example.test");
    }

    @Test
    void rejectsJsonThatIsNoAccessLine() {
        assertThat(parser.parse("{\"name\":\"cpu\",\"fields\":{\"usage_idle\":4.2},\"timestamp\":1795597915}", ctx).reason())
                .isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("{\"status\":\"200\",\"request\":\"GET / HTTP/1.1\"", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"status\":\"200\",\"request\":\"GET / HTTP/1.1\"}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"status\":\"2000\",\"msec\":\"1795597915.123\"}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"status\":\"200\",\"msec\":\"1795597915.123\",\"x\":\"\\u12G4\"}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }

    @Test
    void startsEntryOnlyForAccessShapedLines() {
        assertThat(parser.startsEntry("127.0.0.1 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/1.1\" 200 1")).isTrue();
        assertThat(parser.startsEntry("{\"status\":200}")).isTrue();
        assertThat(parser.startsEntry("2026/11/25 09:11:55 [error] 1#1: x")).isFalse();
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:54] NOTICE: x")).isFalse();
    }
}
