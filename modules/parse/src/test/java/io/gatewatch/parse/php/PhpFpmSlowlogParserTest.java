package io.gatewatch.parse.php;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.parse.LineFraming;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.SharedFiles;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhpFpmSlowlogParserTest {

    private final PhpFpmSlowlogParser parser = new PhpFpmSlowlogParser();
    private final ParseContext utc = new ParseContext(ZoneId.of("UTC"), "shop.example.test", "web-1");

    @Test
    void readsTheCapturedSlowlogEntries() {
        // SharedFiles drops the blank separator lines: the header line alone must start each entry.
        List<String> entries = LineFraming.frame(parser,
                SharedFiles.captureSection("results-maxchildren.txt", "php-fpm-slow.log"));
        assertThat(entries).hasSize(4);
        String[] times = {"09:11:35", "09:11:37", "09:11:39", "09:11:41"};
        for (int i = 0; i < entries.size(); i++) {
            ParseResult r = parser.parse(entries.get(i), utc);
            assertThat(r.isEvent()).as("%s", r).isTrue();
            assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T" + times[i] + "Z").toEpochMilli());
            assertThat(r.site()).isEqualTo("shop.example.test");
            FpmEvent e = (FpmEvent) r.payload();
            assertThat(e.getKind()).isEqualTo(FpmEventKind.SLOWLOG_ENTRY);
            assertThat(e.getLevel()).isEqualTo("SLOW");
            assertThat(e.getPool()).isEqualTo("tcp");
            assertThat(e.getChildPid()).isEqualTo(22555);
            assertThat(e.getScriptPath()).isEqualTo("/var/www/html/sleep.php");
            assertThat(e.getMessage()).isEqualTo("usleep() /var/www/html/sleep.php:3");
        }
    }

    @Test
    void readsTheWorkerKillAndTimeoutCaptures() {
        for (String capture : List.of("results-workerkill.txt", "results-504.txt")) {
            List<String> entries = LineFraming.frame(parser, SharedFiles.captureSection(capture, "php-fpm-slow.log"));
            assertThat(entries).hasSize(1);
            FpmEvent e = (FpmEvent) parser.parse(entries.get(0), utc).payload();
            assertThat(e.getScriptPath()).isEqualTo("/var/www/html/sleep.php");
        }
    }

    @Test
    void namesTheInnermostPluginOfARealSlowlogAndFramesByBlankLines() {
        List<String> physical = LineFraming.resourceLines("/io/gatewatch/parse/php/php-fpm-8.2-slow.log");
        List<String> entries = LineFraming.frame(parser, physical);
        // The file starts with the blank line that precedes each dump: alone, it is an empty entry.
        assertThat(entries.get(0)).isEmpty();
        assertThat(parser.parse(entries.get(0), utc).reason()).isEqualTo(DeadLetterReason.EMPTY);
        List<String> dumps = entries.subList(1, entries.size());
        assertThat(dumps).hasSize(7);
        for (String dump : dumps) {
            assertThat(parser.parse(dump, utc).isEvent()).as(dump).isTrue();
        }
        FpmEvent first = (FpmEvent) parser.parse(dumps.get(0), utc).payload();
        assertThat(first.getPool()).isEqualTo("shop");
        assertThat(first.getChildPid()).isEqualTo(31463);
        assertThat(first.getScriptPath()).isEqualTo("/var/www/html/slow.php");
        assertThat(first.getMessage()).isEqualTo("plugin: fast-checkout\n"
                + "usleep() /var/www/html/wp-content/plugins/fast-checkout/includes/cart.php:5\n"
                + "fc_slow() /var/www/html/slow.php:3");
        FpmEvent plain = (FpmEvent) parser.parse(dumps.get(1), utc).payload();
        assertThat(plain.getMessage()).isEqualTo("sleep() /var/www/html/timeout.php:2");
    }

    @Test
    void namesAThemeWhenNoPluginFrameIsPresent() {
        String entry = "[25-Nov-2026 09:11:49]  [pool www] pid 7\n"
                + "script_filename = /var/www/html/index.php\n"
                + "[0x00007f33dc8130b0] curl_exec() /var/www/html/wp-content/themes/storefront/inc/api.php:88\n"
                + "[0x00007f33dc813020] {main}() /var/www/html/index.php:17";
        FpmEvent e = (FpmEvent) parser.parse(entry, utc).payload();
        assertThat(e.getMessage()).startsWith("theme: storefront\ncurl_exec() ");
    }

    @Test
    void appliesTheContextZoneAndMicroseconds() {
        String entry = "[25-Nov-2026 10:11:49.250000]  [pool www] pid 7\nscript_filename = /x.php\n[0x1] a() /x.php:1";
        ParseResult r = parser.parse(entry, new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:49.250Z").toEpochMilli());
    }

    @Test
    void holdsAnEntryOpenUntilTheBlankLineThatEndsIt() {
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:49]  [pool tcp] pid 22555")).isTrue();
        assertThat(parser.startsEntry("script_filename = /var/www/html/sleep.php")).isFalse();
        assertThat(parser.startsEntry("[0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3")).isFalse();
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:49] NOTICE: exiting, bye-bye!")).isFalse();
        assertThat(parser.mayContinue("[25-Nov-2026 09:11:49]  [pool tcp] pid 22555")).isTrue();
        assertThat(parser.mayContinue("[25-Nov-2026 09:11:49]  [pool tcp] pid 22555\nscript_filename = /x\n")).isFalse();
    }

    @Test
    void rejectsOrphanedFramesAndOtherTextWithReasons() {
        ParseResult orphan = parser.parse("[0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3", utc);
        assertThat(orphan.reason()).isEqualTo(DeadLetterReason.INCOMPLETE_MULTILINE);
        assertThat(parser.parse("hello", utc).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("[25-Nov-2026 09:11:49]  [pool tcp pid 1", utc).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("[45-Nov-2026 09:11:49]  [pool tcp] pid 1", utc).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }
}
