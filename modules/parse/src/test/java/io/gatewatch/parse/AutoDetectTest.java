package io.gatewatch.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.PhpErrorEvent;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoDetectTest {

    private final ParseContext ctx = new ParseContext(ZoneId.of("UTC"), null, "web-1");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "nginx-error|2026/11/25 09:11:55 [error] 22132#22132: *23 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: shop.example.test",
        "nginx-error|2026/11/25 09:11:55 [notice] 1#1: signal process started",
        "nginx-error|2017-05-10T06:50:00.434167704Z 2017/05/10 06:50:00 [error] 23#23: *1 no live upstreams while connecting to upstream",
        "nginx-access|127.0.0.1 - - [25/Nov/2026:09:11:55 +0000] \"GET /index.php HTTP/1.1\" 502 157 \"-\" \"curl/7.88.1\"",
        "nginx-access|127.0.0.1 [25/Nov/2026:09:11:55 +0000] \"GET /index.php HTTP/1.1\" 502 rt=0.000 urt=0.000",
        "nginx-access|shop.example.test 2a02:cf40::4e36 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/2.0\" 502 552 \"-\" \"-\"",
        "nginx-access|unix: - - [26/Feb/2019:15:39:42 +0100] \"hello\" 400 173 \"-\" \"-\"",
        "nginx-access|{\"time_local\":\"25/Nov/2026:09:11:55 +0000\",\"remote_addr\":\"1.2.3.4\",\"request\":\"GET / HTTP/1.1\",\"status\":\"502\"}",
        "php-fpm|[25-Nov-2026 09:11:54] NOTICE: exiting, bye-bye!",
        "php-fpm|[04-Jan-2016 20:49:43.599789] WARNING: pid 23055, fpm_children_bury(), line 252: [pool www] child 23173 exited on signal 11 (SIGSEGV) after 363.538588 seconds from start",
        "php-fpm|2024-04-10T14:39:26.708084488Z [10-Apr-2024 14:39:26] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it",
        "php-fpm-slow|[25-Nov-2026 09:11:49]  [pool tcp] pid 22555",
        "php-error|[25-Nov-2026 09:11:25 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/html/x.php:3",
        "php-error|[25-Nov-2026 09:11:25 Europe/Berlin] WordPress database error Too many connections for query SELECT 1 made by x",
        "php-error|[25-Nov-2026 09:11:25] PHP Warning:  x in /a.php on line 1",
        "redis|29885:M 25 Nov 2026 10:38:57.181 * Ready to accept connections",
        "redis|[4018] 14 Nov 07:01:22.119 * Background saving terminated with success",
        "redis|7:signal-handler (1795597914) Received SIGTERM scheduling shutdown...",
        "mysql-slow|# Time: 2018-08-07T16:27:47.169604+08:00",
        "mysql-slow|# User@Host: root[root] @  [218.76.8.37]  Id:  7234",
        "mysql-error|2016-12-09T12:08:33.335060Z 0 [Warning] TIMESTAMP with implicit DEFAULT value is deprecated.",
        "mysql-error|2019-10-16 17:24:15 0 [Note] InnoDB: Using Linux native AIO",
        "mysql-error|230312 19:26:00 [Warning] IP address '10.10.10.10' could not be resolved: Name or service not known",
        "cdn|{\"EdgeStartTimestamp\":\"2026-11-25T09:11:55Z\",\"ClientRequestHost\":\"shop.example.test\",\"EdgeResponseStatus\":502}",
        "telegraf|{\"name\":\"cpu\",\"tags\":{\"host\":\"web-1\"},\"fields\":{\"usage_idle\":4.2},\"timestamp\":1795597915}",
        "change|{\"time\":\"2026-11-25T09:10:02Z\",\"site\":\"shop.example.test\",\"type\":\"PLUGIN_UPDATED\",\"subject\":\"fast-checkout\"}",
    })
    void detectsTheFormatFromTheLineAlone(String format, String line) {
        assertThat(AutoDetect.detect(line)).as(line).contains(format);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``",
        "`   `",
        "Stack trace:",
        "#0 {main}",
        "  thrown in /var/www/html/x.php on line 3",
        "script_filename = /var/www/html/sleep.php",
        "[0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3",
        "hello world",
        "{\"foo\":1}",
        "{not json",
    })
    void namesNoFormatForLinesThatHaveNone(String line) {
        assertThat(AutoDetect.detect(line)).isEmpty();
    }

    @Test
    void neverThrowsOnOddInput() {
        for (String s : List.of("[", "[2", "[25-Nov-2026", "[25-Nov-2026 09:11:54", "1:", "1:M", "1:M 2", "{", "#", " [", "9",
                "2026/11/25", "\u0000\u0001", "[99] 1", "12345678901234567890:M 25 Nov 2026")) {
            assertThat(AutoDetect.parse(s, ctx)).isNotNull();
        }
        assertThat(AutoDetect.detect(null)).isEmpty();
    }

    @Test
    void parsesWithTheDetectedParser() {
        assertThat(AutoDetect.parse("2026/11/25 09:11:55 [error] 1#1: *1 no live upstreams while connecting to upstream,"
                + " client: 1.2.3.4, server: a.test", ctx).payload()).isInstanceOf(GatewayErrorEvent.class);
        assertThat(AutoDetect.parse("127.0.0.1 - - [25/Nov/2026:09:11:55 +0000] \"GET / HTTP/1.1\" 502 157 \"-\" \"-\"", ctx)
                .payload()).isInstanceOf(AccessEvent.class);
        assertThat(AutoDetect.parse("[25-Nov-2026 09:11:54] NOTICE: exiting, bye-bye!", ctx).payload())
                .isInstanceOf(FpmEvent.class);
        assertThat(AutoDetect.parse("[25-Nov-2026 09:11:25 UTC] PHP Warning:  x in /a.php on line 1", ctx).payload())
                .isInstanceOf(PhpErrorEvent.class);
        assertThat(AutoDetect.parse("[25-Nov-2026 09:11:25 UTC] WordPress database error Lock wait timeout exceeded; try"
                + " restarting transaction for query UPDATE x made by y", ctx).payload()).isInstanceOf(DatabaseEvent.class);
        assertThat(AutoDetect.parse("1:M 25 Nov 2026 09:11:54.123 # Background saving error", ctx).payload())
                .isInstanceOf(CacheEvent.class);
        ParseResult unknown = AutoDetect.parse("hello world", ctx);
        assertThat(unknown.reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(AutoDetect.parse("", ctx).reason()).isEqualTo(DeadLetterReason.EMPTY);
    }

    @Test
    void theAutoFormatFramesMultiLineEntriesOfEveryFormat() {
        LineParser auto = Parsers.forFormat("auto").orElseThrow();
        List<String> physical = List.of(
                "2026/11/25 09:11:25 [error] 22132#22132: *11 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  x",
                "Stack trace:",
                "#0 {main}",
                "  thrown in /var/www/html/fatal.php on line 3\" while reading response header from upstream, client:"
                        + " 127.0.0.1, server: shop.example.test, request: \"GET /fatal.php HTTP/1.1\"",
                "[25-Nov-2026 09:11:25 UTC] PHP Fatal error:  Uncaught Error: boom in /var/www/html/x.php:3",
                "Stack trace:",
                "#0 {main}",
                "  thrown in /var/www/html/x.php on line 3",
                "[25-Nov-2026 09:11:49]  [pool tcp] pid 22555",
                "script_filename = /var/www/html/sleep.php",
                "[0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3",
                "",
                "[25-Nov-2026 09:11:54] NOTICE: exiting, bye-bye!");
        List<String> entries = LineFraming.frame(auto, physical);
        assertThat(entries).hasSize(4);
        List<ParseResult> results = entries.stream().map(e -> auto.parse(e, ctx)).toList();
        assertThat(results).allMatch(ParseResult::isEvent);
        assertThat(((GatewayErrorEvent) results.get(0).payload()).getServer()).isEqualTo("shop.example.test");
        assertThat(((PhpErrorEvent) results.get(1).payload()).getMessage()).contains("#0 {main}");
        assertThat(((FpmEvent) results.get(2).payload()).getKind()).isEqualTo(FpmEventKind.SLOWLOG_ENTRY);
        assertThat(((FpmEvent) results.get(3).payload()).getKind()).isEqualTo(FpmEventKind.EXITING);
    }

    @Test
    void everyFormatThisModuleNamesIsRegistered() {
        assertThat(Parsers.formats()).contains("nginx-error", "nginx-access", "php-fpm", "php-fpm-slow", "php-error",
                "redis", "auto");
    }
}
