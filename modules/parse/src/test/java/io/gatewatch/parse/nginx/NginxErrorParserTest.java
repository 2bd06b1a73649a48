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

    private GatewayErrorEvent event(String line) {
        ParseResult r = parser.parse(line, utc);
        assertThat(r.isEvent()).as("%s -> %s", line, r).isTrue();
        return (GatewayErrorEvent) r.payload();
    }

    @Test
    void classifiesEveryUpstreamLineFoundInTheWild() {
        List<String> lines = io.gatewatch.parse.LineFraming.sharedLines("corpus/found-in-the-wild/nginx-upstream-errors.txt")
                .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).hasSize(30);
        List<UpstreamErrorKind> expected = java.util.Arrays.asList(
                UpstreamErrorKind.CONNECTION_REFUSED, UpstreamErrorKind.CONNECTION_REFUSED,
                UpstreamErrorKind.CONNECTION_REFUSED, UpstreamErrorKind.NO_ROUTE_TO_HOST, UpstreamErrorKind.NO_ROUTE_TO_HOST,
                UpstreamErrorKind.CONNECTION_REFUSED, UpstreamErrorKind.CONNECTION_REFUSED,
                UpstreamErrorKind.CONNECTION_REFUSED, UpstreamErrorKind.NO_LIVE_UPSTREAMS,
                UpstreamErrorKind.CONNECTION_REFUSED, // 111: Unknown error (musl)
                UpstreamErrorKind.NO_LIVE_UPSTREAMS, UpstreamErrorKind.NO_LIVE_UPSTREAMS,
                UpstreamErrorKind.SOCKET_MISSING, UpstreamErrorKind.SOCKET_MISSING, UpstreamErrorKind.SOCKET_MISSING,
                UpstreamErrorKind.SOCKET_MISSING, UpstreamErrorKind.RESOURCE_UNAVAILABLE,
                UpstreamErrorKind.OTHER, // 22: Invalid argument
                UpstreamErrorKind.TIMED_OUT, UpstreamErrorKind.TIMED_OUT,
                null, // posted without its date: not a line nginx wrote
                UpstreamErrorKind.PREMATURELY_CLOSED, UpstreamErrorKind.PREMATURELY_CLOSED,
                UpstreamErrorKind.PREMATURELY_CLOSED, UpstreamErrorKind.PREMATURELY_CLOSED,
                UpstreamErrorKind.PREMATURELY_CLOSED, UpstreamErrorKind.PREMATURELY_CLOSED,
                UpstreamErrorKind.CONNECTION_RESET, UpstreamErrorKind.CONNECTION_RESET, UpstreamErrorKind.CONNECTION_RESET);
        for (int i = 0; i < lines.size(); i++) {
            ParseResult r = parser.parse(lines.get(i), utc);
            if (expected.get(i) == null) {
                assertThat(r.reason()).isEqualTo(DeadLetterReason.MALFORMED);
                assertThat(r.detail()).contains("without its");
                continue;
            }
            assertThat(r.isEvent()).as("%s -> %s", lines.get(i), r).isTrue();
            GatewayErrorEvent e = (GatewayErrorEvent) r.payload();
            assertThat(e.getKind()).as(lines.get(i)).isEqualTo(expected.get(i));
            assertThat(e.getClient()).isNotNull();
            assertThat(e.getRequest()).isNotNull();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "connect() failed (111: Connection refused) while connecting to upstream|CONNECTION_REFUSED|111",
        "connect() failed (111: Unknown error) while connecting to upstream|CONNECTION_REFUSED|111",
        "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream|SOCKET_MISSING|2",
        "connect() to unix:/run/php/php-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream|RESOURCE_UNAVAILABLE|11",
        "recv() failed (104: Connection reset by peer) while reading response header from upstream|CONNECTION_RESET|104",
        "readv() failed (104: Connection reset by peer) while reading upstream|CONNECTION_RESET|104",
        "recv() failed (104: Connection reset by peer) while reading client request headers|OTHER|104",
        "upstream prematurely closed connection while reading response header from upstream|PREMATURELY_CLOSED|",
        "upstream sent too big header while reading response header from upstream|HEADER_TOO_BIG|",
        "no live upstreams while connecting to upstream|NO_LIVE_UPSTREAMS|",
        "upstream timed out (110: Connection timed out) while reading response header from upstream|TIMED_OUT|110",
        "upstream timed out (110: Connection timed out) while connecting to upstream|CONNECT_TIMED_OUT|110",
        "connect() failed (110: Connection timed out) while connecting to upstream|CONNECT_TIMED_OUT|110",
        "client timed out (110: Connection timed out) while reading client request headers|OTHER|110",
        "connect() failed (113: No route to host) while connecting to upstream|NO_ROUTE_TO_HOST|113",
        "connect() to unix:/run/php/php-fpm.sock failed (13: Permission denied) while connecting to upstream|PERMISSION_DENIED|13",
        "open() \"/var/www/html/forbidden.html\" failed (13: Permission denied)|OTHER|13",
        "open() \"/var/www/html/favicon.ico\" failed (2: No such file or directory)|OTHER|2",
        "kevent() reported that connect() failed (61: Connection refused) while connecting to upstream|CONNECTION_REFUSED|61",
        "an upstream response is buffered to a temporary file /var/cache/nginx/fastcgi_temp/1/00/0000000001 while reading upstream|OTHER|",
    })
    void classifiesEveryUpstreamSignature(String message, UpstreamErrorKind kind, Integer errno) {
        GatewayErrorEvent e = event("2026/11/25 09:11:55 [error] 812#812: *31 " + message
                + ", client: 10.0.0.1, server: shop.example.test, request: \"GET / HTTP/1.1\", upstream:"
                + " \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"shop.example.test\"");
        assertThat(e.getKind()).isEqualTo(kind);
        assertThat(e.getErrno()).isEqualTo(errno);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2026/11/25 09:11:54 [emerg] 1234#1234: bind() to 0.0.0.0:80 failed (98: Address already in use)|emerg|1234|bind() to 0.0.0.0:80 failed (98: Address already in use)",
        "2026/11/25 09:11:54 [alert] 1234#1234: worker process 1240 exited on signal 11 (core dumped)|alert|1234|worker process 1240 exited on signal 11 (core dumped)",
        "2026/11/25 09:11:54 [notice] 1#1: signal process started|notice|1|signal process started",
        "2026/11/25 09:11:54 [warn] 1#1: conflicting server name \"shop.example.test\" on 0.0.0.0:80, ignored|warn|1|conflicting server name \"shop.example.test\" on 0.0.0.0:80, ignored",
        "2026/11/25 09:11:54 [info] 14#14: *285 client 172.17.0.27 closed keepalive connection|info|14|client 172.17.0.27 closed keepalive connection",
    })
    void readsLevelsAndLinesWithoutConnectionOrContext(String line, String level, Integer pid, String message) {
        GatewayErrorEvent e = event(line);
        assertThat(e.getLevel()).isEqualTo(level);
        assertThat(e.getPid()).isEqualTo(pid);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.getKind()).isEqualTo(UpstreamErrorKind.OTHER);
        assertThat(e.getClient()).isNull();
    }

    @Test
    void readsEmptyRedactedAndExtraContextFields() {
        GatewayErrorEvent empty = event("2026/11/25 09:11:55 [error] 1#1: *9 connect() failed (111: Connection refused) while"
                + " connecting to upstream, client: 10.0.0.1, server: , request: \"\", upstream: \"fastcgi://127.0.0.1:9000\","
                + " host: \"\", referrer: \"https://shop.example.test/cart\"");
        assertThat(empty.getServer()).isEmpty();
        assertThat(empty.getRequest()).isEmpty();
        assertThat(empty.getUpstream()).isEqualTo("fastcgi://127.0.0.1:9000");
        assertThat(empty.getHostHeader()).isEmpty();
        assertThat(empty.getReferrer()).isEqualTo("https://shop.example.test/cart");
        assertThat(empty.getConnection()).isEqualTo(9L);

        GatewayErrorEvent redacted = event("2018/11/17 12:05:52 [error] 2015422#2015422: *2286 upstream prematurely closed"
                + " connection while reading response header from upstream, client: xx.XX.XX.XX , server: localhost, request:"
                + " \"POST /xmlrpc.php HTTP/1.1\", upstream: \"http://xxx.xxx.xx.xxx:8080/xmlrpc.php\", host: \"example.com\"");
        assertThat(redacted.getClient()).isEqualTo("xx.XX.XX.XX");
        assertThat(redacted.getServer()).isEqualTo("localhost");

        GatewayErrorEvent big = event("2022/07/28 16:37:00 [error] 2118161#2118161: *16670560058 limiting requests, excess:"
                + " 5.459 by zone \"nodos_med_tier1\", client: 192.168.1.1, server: example.com, request: \"POST"
                + " https://example.com/\", host: \"example.com\", referrer: \"https://example.com/?referrer=/\"");
        assertThat(big.getConnection()).isEqualTo(16_670_560_058L);
        assertThat(big.getMessage()).isEqualTo("limiting requests, excess: 5.459 by zone \"nodos_med_tier1\"");
        assertThat(big.getReferrer()).isEqualTo("https://example.com/?referrer=/");
    }

    @Test
    void namesTheSiteFromTheHostHeaderWhenNeitherServerNorShipperDoes() {
        String line = "2022/08/06 02:45:48 [error] 26508#26508: *7 connect() failed (111: Connection refused) while connecting"
                + " to upstream, client: 54.89.114.44, server: , request: \"GET /.git/config HTTP/1.1\", upstream:"
                + " \"http://127.0.0.1:8080/.git/config\", host: \"analytics.example.com:8443\"";
        assertThat(parser.parse(line, utc).site()).isEqualTo("analytics.example.com");
        assertThat(parser.parse(line, new ParseContext(ZoneId.of("UTC"), "configured.test", null)).site())
                .isEqualTo("configured.test");
        String wildcard = "2017/05/10 06:50:00 [error] 23#23: *423240 connect() to unix:/var/run/php-fpm.sock failed (11:"
                + " Resource temporarily unavailable) while connecting to upstream, client: 172.18.0.1, server: *.*.org,"
                + " request: \"GET / HTTP/1.0\", upstream: \"fastcgi://unix:/var/run/php-fpm.sock:\", host: \"xxx.org\"";
        assertThat(parser.parse(wildcard, utc).site()).isEqualTo("xxx.org");
    }

    @Test
    void looksThroughADockerPrefixAndUsesItsTime() {
        String line = "2017-05-10T06:50:00.434167704Z 2017/05/10 08:50:00 [error] 23#23: *1 no live upstreams while"
                + " connecting to upstream, client: 172.18.0.1, server: a.test, request: \"GET / HTTP/1.0\"";
        assertThat(parser.startsEntry(line)).isTrue();
        ParseResult r = parser.parse(line, new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2017-05-10T06:50:00.434Z").toEpochMilli());
        assertThat(((GatewayErrorEvent) r.payload()).getKind()).isEqualTo(UpstreamErrorKind.NO_LIVE_UPSTREAMS);
    }
}
